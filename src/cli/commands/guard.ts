import { createReadStream, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { guardSectionSchema, policyConfigOf } from '../../guard/config.ts';
import type { CheckpointResult, GuardConfigInput } from '../../guard/index.ts';
import { CHECKPOINTS, createGuard } from '../../guard/index.ts';
import type { Checkpoint, ScanInput } from '../../spec/scanner.ts';
import { protoKeyPaths } from '../../util/index.ts';

export const summary = 'guard scan|eval|train: screen text with guardrail policies, evaluate, train';

const USAGE = `usage:
  keel guard scan [--checkpoint input|action|output|retrieval] [--policy FILE] [--name POLICY] [--json] [FILE|-]
  keel guard eval …    (evaluation; see keel guard eval --help)
  keel guard train …   (classifier training; see keel guard train --help)

scan reads FILE (or stdin), runs the policy's scanners for the checkpoint and prints the verdict.
For --checkpoint action the input is a tool call as JSON: {"name": "...", "arguments": {...}}.
Without --policy a built-in policy runs (injection + secrets block, PII is redacted).
Exit codes: 0 allowed (also flagged or redacted), 1 blocked, 2 usage or input error.
`;

const MAX_INPUT_BYTES = 10 * 1024 * 1024;

/** Used when no --policy is given: what `keel guard scan` checks out of the box. */
const BUILTIN_POLICY: GuardConfigInput = {
  default: 'builtin',
  policies: {
    builtin: {
      latencyBudgetMs: 1000,
      input: [
        { scanner: 'injection', action: 'block' },
        { scanner: 'secrets', action: 'block' },
        { scanner: 'pii', action: 'redact' },
      ],
      retrieval: [{ scanner: 'injection', action: 'block' }],
      action: [
        { scanner: 'dangerous-args', action: 'block' },
        { scanner: 'secrets', action: 'block' },
      ],
      output: [
        { scanner: 'secrets', action: 'block' },
        { scanner: 'pii', action: 'redact' },
      ],
    },
  },
};

type SubCommand = { run(argv: string[]): Promise<number> };

export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'scan') return scan(rest);
  if (sub === 'eval' || sub === 'train') return delegate(sub, rest);
  const help = sub === '--help' || sub === '-h' || sub === 'help';
  (help ? process.stdout : process.stderr).write(USAGE);
  return help ? 0 : 2;
}

/** `eval` and `train` live in their own files; they may not be part of every build yet. */
async function delegate(sub: 'eval' | 'train', argv: string[]): Promise<number> {
  const path = sub === 'eval' ? './guard-eval.ts' : './guard-train.ts';
  let mod: SubCommand;
  try {
    mod = (await import(path)) as SubCommand;
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND') {
      process.stderr.write(
        `keel guard ${sub}: not available in this build (src/cli/commands/${path.slice(2)} is missing)\n`,
      );
      return 2;
    }
    throw error;
  }
  return mod.run(argv);
}

/** The --policy file; what is wrong with it is one message naming the file (and line, for YAML errors). */
function loadPolicy(file: string): GuardConfigInput {
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(file, 'utf8'), { prettyErrors: true });
  } catch (error) {
    throw new Error(`--policy ${file}: ${(error as Error).message.split('\n')[0]?.replace(/:$/, '')}`);
  }
  if (typeof doc !== 'object' || doc === null) throw new Error(`${file}: expected a YAML/JSON object`);
  // zod's records drop a `__proto__` key without a word: a policy of that name would just vanish.
  const reserved = protoKeyPaths(doc).map((path) => path.join('.'));
  if (reserved.length > 0) {
    throw new Error(
      `${file}: ${reserved.map((key) => `${key}: '__proto__' cannot be used as a name`).join('; ')}`,
    );
  }
  const record = doc as Record<string, unknown>;
  // A whole keel.yaml, a bare guard block, or a single policy.
  // keel.yaml's guard section has gateway-only keys (bindings, defaultPolicy, stream): parse it with
  // the section schema and keep the policy part.
  const section =
    record.guard !== undefined ? record.guard : record.policies !== undefined ? record : undefined;
  if (section === undefined) return { default: 'policy', policies: { policy: record as never } };
  const parsed = guardSectionSchema.safeParse(section);
  if (!parsed.success) {
    const prefix = record.guard !== undefined ? ['guard'] : [];
    const issues = parsed.error.issues.map(
      (i) => `${[...prefix, ...i.path.map(String)].join('.')}: ${i.message}`,
    );
    throw new Error(`${file}: ${issues.join('; ')}`);
  }
  return policyConfigOf(parsed.data);
}

/**
 * FILE or stdin as text, read as a stream: past MAX_INPUT_BYTES it stops reading (an endless or
 * huge input is refused at once, without holding it in memory).
 */
async function readInput(file: string | undefined): Promise<{ text: string; warning?: string }> {
  const source = !file || file === '-' ? process.stdin : createReadStream(file);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_INPUT_BYTES) throw new Error(`input is larger than ${MAX_INPUT_BYTES} bytes`);
      chunks.push(chunk);
    }
  } finally {
    source.destroy();
  }
  const buf = Buffer.concat(chunks);
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buf) };
  } catch {
    // Still scanned: invalid sequences become U+FFFD, which no scanner matches.
    return {
      text: new TextDecoder('utf-8').decode(buf),
      warning: 'input is not valid UTF-8; invalid bytes replaced',
    };
  }
}

function toolCallInput(text: string): ScanInput {
  const parsed: unknown = JSON.parse(text);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new Error('tool call JSON must be an object: {"name": "...", "arguments": {...}}');
  const doc = parsed as {
    name?: unknown;
    arguments?: unknown;
    function?: { name?: unknown; arguments?: unknown } | null;
  };
  const fn = doc.function ?? doc;
  if (typeof fn.name !== 'string') throw new Error('tool call JSON needs a "name"');
  const args = typeof fn.arguments === 'string' ? fn.arguments : JSON.stringify(fn.arguments ?? {});
  return {
    kind: 'tool_call',
    call: { id: 'cli', type: 'function', function: { name: fn.name, arguments: args } },
  };
}

function printHuman(result: CheckpointResult): void {
  const head =
    result.action === 'block'
      ? `block (policy '${result.blockedBy?.policy}', scanner '${result.blockedBy?.scanner}')`
      : `${result.action} (policy '${result.policy ?? 'none'}')`;
  const lines = [`verdict: ${head}`];
  for (const r of result.results) {
    const cols = [
      r.scanner.padEnd(20),
      r.verdict.padEnd(7),
      `score ${r.score.toFixed(2)}`,
      `${r.latencyMs.toFixed(2)} ms`,
    ];
    lines.push(`  ${cols.join('  ')}${r.reason ? `  ${r.reason}` : ''}`);
  }
  if (result.action === 'redact' && result.text !== undefined) lines.push('', 'redacted text:', result.text);
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function scan(argv: string[]): Promise<number> {
  let values: { checkpoint?: string; policy?: string; name?: string; json?: boolean; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        checkpoint: { type: 'string' },
        policy: { type: 'string' },
        name: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    process.stderr.write(`keel guard scan: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const checkpoint = (values.checkpoint ?? 'input') as Checkpoint;
  if (!CHECKPOINTS.includes(checkpoint) || positionals.length > 1) {
    process.stderr.write(USAGE);
    return 2;
  }
  try {
    const guard = createGuard(values.policy ? loadPolicy(values.policy) : BUILTIN_POLICY);
    const policy = values.name ?? guard.config.default ?? Object.keys(guard.config.policies)[0];
    const { text, warning } = await readInput(positionals[0]);
    if (warning) process.stderr.write(`keel guard scan: ${warning}\n`);
    const input: ScanInput = checkpoint === 'action' ? toolCallInput(text) : { kind: 'text', text };
    const result = await guard.runCheckpoint(checkpoint, input, policy ? { policy } : {});
    if (values.json) process.stdout.write(`${JSON.stringify({ ...result, mask: undefined }, null, 2)}\n`);
    else printHuman(result);
    return result.action === 'block' ? 1 : 0;
  } catch (error) {
    process.stderr.write(`keel guard scan: ${(error as Error).message}\n`);
    return 2;
  }
}
