import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import type { Actor } from '../../access/types.ts';
import { isKeelError, KeelError } from '../../errors/index.ts';
import { describeAction, pullFolder, pushFolder } from '../../prompts/files/folder.ts';
import { unifiedDiff } from '../../prompts/files/line-diff.ts';
import { versionYaml } from '../../prompts/files/prompt-file.ts';
import { type OpenRegistry, openRegistry } from '../../prompts/files/workspace.ts';
import type { LoadedPrompt, PromptService, PromptVersion, SplitEntry } from '../../prompts/index.ts';
import { PRODUCTION, parseSelector } from '../../prompts/index.ts';
import { type CliIo, isParseArgsError, processIo } from '../cli-kit.ts';

export const summary = 'prompts list|show|label|rollback|diff|pull|push: the prompt registry';

const USAGE = `usage: keel prompts list [--json]
       keel prompts show NAME [--label L | --version N] [--json]
       keel prompts label NAME VERSION LABEL [--expect N] [--reason TEXT]   (VERSION may be a split: 3:90,4:10)
       keel prompts rollback NAME [--label production] [--reason TEXT]
       keel prompts diff NAME A B
       keel prompts pull DIR [--prompt NAME]…
       keel prompts push DIR [--dry-run]

  --db       store URL; default $KEEL_DB, else store.url of keel.yaml, else sqlite:.keel/keel.db
  --redis    Redis URL for change notices to running replicas; default $KEEL_REDIS, else redis.url of keel.yaml
  --config   keel.yaml whose prompts: section applies (promotion gate, limits); default $KEEL_CONFIG, else ./keel.yaml
  --actor    who to record in label history and audit (default: the OS user)
`;

const COMMON = {
  db: { type: 'string' },
  redis: { type: 'string' },
  config: { type: 'string' },
  actor: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;
const OPTIONS = {
  ...COMMON,
  label: { type: 'string' },
  version: { type: 'string' },
  expect: { type: 'string' },
  reason: { type: 'string' },
  prompt: { type: 'string', multiple: true },
  'dry-run': { type: 'boolean' },
} as const;

type Values = ReturnType<typeof parse>['values'];

function parse(argv: string[]) {
  return parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: true });
}

// Errors in how the command was called (exit 2), as opposed to what the registry refused (exit 1).
const usageErrors = new WeakSet<object>();

function usage(message: string): KeelError {
  const error = new KeelError('invalid_request', message);
  usageErrors.add(error);
  return error;
}

function positionals(list: string[], count: number, what: string): string[] {
  if (list.length !== count) throw usage(`expected ${what}`);
  return list;
}

function versionNumber(text: string, what: string): number {
  const match = /^v?(\d{1,9})$/.exec(text);
  if (!match || Number(match[1]) < 1) throw usage(`${what}: '${text}' is not a version number`);
  return Number(match[1]);
}

/** `4` or a split `3:90,4:10`. */
function target(text: string): { version: number } | { split: SplitEntry[] } {
  if (!text.includes(':')) return { version: versionNumber(text, 'VERSION') };
  const split = text.split(',').map((part) => {
    const [version, weight] = part.split(':');
    const w = Number(weight);
    if (!Number.isFinite(w) || w < 0) throw usage(`VERSION: '${part}' must look like 4:10 (version:weight)`);
    return { version: versionNumber(version ?? '', 'VERSION'), weight: w };
  });
  return { split };
}

function actorOf(values: Values, io: CliIo): Actor {
  let id = values.actor ?? io.env.USER;
  if (!id) {
    try {
      id = userInfo().username;
    } catch {
      id = 'cli';
    }
  }
  return { kind: 'cli', id };
}

function requirePrompt(service: PromptService, name: string): LoadedPrompt {
  const prompt = service.index.get(name);
  if (!prompt) throw new KeelError('not_found', `Prompt '${name}' not found`);
  return prompt;
}

function labelText(prompt: LoadedPrompt): string {
  return [...prompt.labels.values()]
    .map(
      (l) =>
        `${l.label}=${l.split === null ? `v${l.version}` : l.split.map((e) => `v${e.version}:${e.weight}`).join('/')}`,
    )
    .concat(prompt.latest > 0 ? [`latest=v${prompt.latest}`] : [])
    .join(' ');
}

async function list(reg: OpenRegistry, values: Values, io: CliIo): Promise<number> {
  const prompts = reg.service.index.list();
  if (values.json) {
    io.out(
      `${JSON.stringify(
        prompts.map((p) => ({
          name: p.meta.name,
          latest: p.latest,
          labels: Object.fromEntries(p.labels),
          tags: p.meta.tags,
        })),
        null,
        2,
      )}\n`,
    );
    return 0;
  }
  if (prompts.length === 0) io.err('no prompts\n');
  const width = Math.max(4, ...prompts.map((p) => p.meta.name.length));
  if (prompts.length > 0) io.out(`${'name'.padEnd(width)}  latest  labels\n`);
  for (const p of prompts)
    io.out(`${p.meta.name.padEnd(width)}  ${`v${p.latest}`.padEnd(6)}  ${labelText(p)}\n`);
  return 0;
}

function show(reg: OpenRegistry, args: string[], values: Values, io: CliIo): number {
  const [name] = positionals(args, 1, 'NAME');
  if (values.label !== undefined && values.version !== undefined)
    throw usage('give --label or --version, not both');
  const selector =
    values.version !== undefined
      ? { version: versionNumber(values.version, '--version') }
      : parseSelector(values.label ?? PRODUCTION);
  requirePrompt(reg.service, name as string);
  const { compiled, label } = reg.service.index.resolve({ name: name as string, selector }, null);
  const v = compiled.version;
  if (values.json) {
    io.out(`${JSON.stringify({ ...v, label }, null, 2)}\n`);
    return 0;
  }
  io.out(
    `# ${v.prompt} v${v.version}${label ? ` (${label})` : ''} — ${new Date(v.createdAt).toISOString()} by ${v.author || '?'}\n`,
  );
  if (v.commitMessage) io.out(`# ${v.commitMessage}\n`);
  io.out(`# contentHash ${v.contentHash}\n${versionYaml(v.content)}`);
  return 0;
}

interface Run {
  reg: OpenRegistry;
  service: PromptService;
  args: string[];
  values: Values;
  io: CliIo;
  actor: Actor;
}

async function labelCmd({ service, args, values, io, actor }: Run): Promise<number> {
  const [name, version, label] = positionals(args, 3, 'NAME VERSION LABEL') as [string, string, string];
  const expected =
    values.expect === undefined ? {} : { expectedVersion: versionNumber(values.expect, '--expect') };
  const result = await service.moveLabel({
    name,
    label,
    target: target(version),
    actor,
    ...expected,
    ...(values.reason ? { reason: values.reason } : {}),
  });
  io.out(
    result.changed
      ? `${name}: ${label} → ${describeTarget(result.to)} (was ${describeTarget(result.from)})\n`
      : `${name}: ${label} already serves ${describeTarget(result.to)}\n`,
  );
  return 0;
}

async function rollbackCmd({ service, args, values, io, actor }: Run): Promise<number> {
  const [name] = positionals(args, 1, 'NAME') as [string];
  const result = await service.rollback({
    name,
    label: values.label ?? PRODUCTION,
    actor,
    ...(values.reason ? { reason: values.reason } : {}),
  });
  io.out(
    `${name}: ${result.label} rolled back to ${describeTarget(result.to)} (was ${describeTarget(result.from)})\n`,
  );
  return 0;
}

function diffCmd({ service, args, io }: Run): number {
  const [name, a, b] = positionals(args, 3, 'NAME A B') as [string, string, string];
  const prompt = requirePrompt(service, name);
  const [va, vb] = [versionNumber(a, 'A'), versionNumber(b, 'B')].map((n) => {
    const found = prompt.versions.get(n);
    if (!found) throw new KeelError('not_found', `Prompt '${name}' has no version ${n}`);
    return found.version;
  }) as [PromptVersion, PromptVersion];
  const text = unifiedDiff(versionYaml(va.content), versionYaml(vb.content), {
    from: `${name}@v${va.version}`,
    to: `${name}@v${vb.version}`,
  });
  io.out(text || `${name}: v${va.version} and v${vb.version} have the same content\n`);
  return 0;
}

/** A file-system error on DIR ("push /nonexistent") as a usage error naming DIR, not a raw ENOENT. */
async function onDir<T>(dir: string, verb: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) throw usage(`${dir}: cannot ${verb} (${code})`);
    throw error;
  }
}

async function pullCmd({ service, args, values, io }: Run): Promise<number> {
  const [dir] = positionals(args, 1, 'DIR') as [string];
  const files = await onDir(dir, 'write prompt files there', () => pullFolder(service, dir, values.prompt));
  io.out(`wrote ${files.length} file${files.length === 1 ? '' : 's'} to ${dir}\n`);
  return 0;
}

async function pushCmd({ service, args, values, io, actor }: Run): Promise<number> {
  const [dir] = positionals(args, 1, 'DIR') as [string];
  const dryRun = values['dry-run'] === true;
  const reports = await onDir(dir, 'read prompt files there', () =>
    pushFolder(service, dir, { actor, dryRun }),
  );
  for (const report of reports) {
    const lines = report.actions.map(describeAction);
    io.out(`${report.prompt}: ${lines.length === 0 ? 'up to date' : lines.join('; ')}\n`);
  }
  if (dryRun) io.out('(dry run: nothing written)\n');
  return 0;
}

const HANDLERS: Record<string, (run: Run) => Promise<number> | number> = {
  list: ({ reg, values, io }) => list(reg, values, io),
  show: ({ reg, args, values, io }) => show(reg, args, values, io),
  label: labelCmd,
  rollback: rollbackCmd,
  diff: diffCmd,
  pull: pullCmd,
  push: pushCmd,
};

async function runSub(sub: string, args: string[], values: Values, io: CliIo): Promise<number> {
  const handler = HANDLERS[sub];
  if (!handler) throw usage(`unknown subcommand '${sub}'`);
  const reg = await openRegistry({
    configFile: values.config,
    db: values.db,
    redis: values.redis,
    env: io.env,
    mustExist: sub !== 'push',
  });
  try {
    return await handler({ reg, service: reg.service, args, values, io, actor: actorOf(values, io) });
  } finally {
    await reg.close();
  }
}

function describeTarget(t: { version: number; split: SplitEntry[] | null } | null): string {
  if (t === null) return 'nothing';
  return t.split === null ? `v${t.version}` : t.split.map((e) => `v${e.version}:${e.weight}`).join('/');
}

/** The command with I/O injected. Exit codes: 0 ok, 1 failure (store, gate, conflict), 2 bad usage. */
export async function promptsCommand(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === 'help' || sub === '--help' || sub === '-h') {
    (sub === undefined ? io.err : io.out)(USAGE);
    return sub === undefined ? 2 : 0;
  }
  try {
    if (!(sub in HANDLERS)) throw usage(`unknown subcommand '${sub}'`);
    const { values, positionals: args } = parse(rest);
    if (values.help) {
      io.out(USAGE);
      return 0;
    }
    return await runSub(sub, args, values, io);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (isParseArgsError(error) || (error instanceof Error && usageErrors.has(error))) {
      io.err(`keel prompts ${sub}: ${message}\n${USAGE}`);
      return 2;
    }
    if (isKeelError(error)) {
      io.err(`keel prompts ${sub}: ${message}\n`);
      return 1;
    }
    throw error;
  }
}

export async function run(argv: string[]): Promise<number> {
  return promptsCommand(argv, processIo());
}
