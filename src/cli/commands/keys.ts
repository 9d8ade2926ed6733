import type { parseArgs } from 'node:util';
import {
  parseBudget,
  parseCount,
  parseList,
  resolveProject,
  resolveTeam,
} from '../../access/admin/cli-resolve.ts';
import { DB_OPTIONS, withAccess } from '../access-cli.ts';
import {
  type CliIo,
  printJson,
  printResult,
  printRows,
  processIo,
  runSubcommands,
  subcommand,
  usageError,
} from '../cli-kit.ts';
import { parseDuration } from '../duration.ts';

export const summary = 'keys create|list|revoke: virtual keys (sk-keel-…) for teams and projects';

const USAGE = `usage: keel keys create --team T [--project P] [--name N] [--budget 50/month]… [--rpm N] [--tpm N]
                        [--parallel N] [--models a,b] [--regions eu,us] [--expires 30d] [--org O] [--json]
       keel keys list [--team T] [--project P] [--status active|expired|revoked] [--org O] [--json]
       keel keys revoke KEY_ID

  --team, --project, --org   an id or a name
  --budget                   AMOUNT/PERIOD in USD, period day|week|month|total; repeatable
  --expires                  a duration from now (30d, 12h, 1w)
  --db                       store URL; default $KEEL_DB, else sqlite:.keel/keel.db
  The secret is printed once, at creation; Keel keeps only its hash. A revocation reaches running
  replicas within 5 s. Exit codes: 0 ok, 1 failed (not found, store trouble), 2 bad usage.
`;

const CREATE_OPTIONS = {
  ...DB_OPTIONS,
  team: { type: 'string' },
  project: { type: 'string' },
  org: { type: 'string' },
  name: { type: 'string' },
  budget: { type: 'string', multiple: true },
  rpm: { type: 'string' },
  tpm: { type: 'string' },
  parallel: { type: 'string' },
  models: { type: 'string' },
  regions: { type: 'string' },
  expires: { type: 'string' },
} as const;

type CreateValues = ReturnType<
  typeof parseArgs<{ options: typeof CREATE_OPTIONS; allowPositionals: true }>
>['values'];

/** The flags as a key-create body; the service validates it like an API body. */
function keyPolicy(values: CreateValues): Record<string, unknown> | undefined {
  const policy: Record<string, unknown> = {};
  if (values.rpm !== undefined) policy.rpm = parseCount(values.rpm, '--rpm');
  if (values.tpm !== undefined) policy.tpm = parseCount(values.tpm, '--tpm');
  if (values.parallel !== undefined) policy.maxParallel = parseCount(values.parallel, '--parallel');
  if (values.models !== undefined) policy.allowedModels = parseList(values.models, '--models');
  if (values.regions !== undefined) policy.allowedRegions = parseList(values.regions, '--regions');
  return Object.keys(policy).length > 0 ? policy : undefined;
}

const create = subcommand({
  options: CREATE_OPTIONS,
  run: async ({ values }, io) => {
    if (values.team === undefined) throw usageError('--team is required');
    const now = io.now?.() ?? Date.now();
    const expiresAt =
      values.expires === undefined
        ? undefined
        : new Date(now + parseDuration(values.expires, { name: '--expires' })).toISOString();
    const budgets = (values.budget ?? []).map(parseBudget);
    const policy = keyPolicy(values);
    return withAccess({ db: values.db, io }, async ({ service, caller }) => {
      const team = await resolveTeam(service, caller, { team: values.team as string, org: values.org });
      const project =
        values.project === undefined
          ? undefined
          : await resolveProject(service, caller, { project: values.project, team });
      const created = await service.createKey(caller, {
        teamId: team.id,
        ...(project ? { projectId: project.id } : {}),
        ...(values.name === undefined ? {} : { name: values.name }),
        ...(expiresAt === undefined ? {} : { expiresAt }),
        ...(policy ? { policy } : {}),
        ...(budgets.length > 0 ? { budgets } : {}),
      });
      if (values.json) {
        printJson(io, created);
        return 0;
      }
      const { key } = created;
      io.out(`created key ${key.id} (${key.name}) in team '${team.name}', project ${key.projectId}\n`);
      if (key.expiresAt) io.out(`expires ${key.expiresAt}\n`);
      io.out(`\n  ${created.secret}\n\n`);
      io.err('This secret is shown once and cannot be recovered: store it now.\n');
      return 0;
    });
  },
});

const LIST_OPTIONS = {
  ...DB_OPTIONS,
  team: { type: 'string' },
  project: { type: 'string' },
  org: { type: 'string' },
  status: { type: 'string' },
} as const;

const list = subcommand({
  options: LIST_OPTIONS,
  run: ({ values }, io) =>
    withAccess({ db: values.db, io }, async ({ service, caller }) => {
      const query: Record<string, string> = {};
      if (values.status !== undefined) query.status = values.status;
      if (values.team !== undefined) {
        const team = await resolveTeam(service, caller, { team: values.team, org: values.org });
        query.teamId = team.id;
        if (values.project !== undefined)
          query.projectId = (await resolveProject(service, caller, { project: values.project, team })).id;
      } else if (values.project !== undefined) throw usageError('--project needs --team');
      const keys = await service.listKeys(caller, query);
      const columns = ['id', 'name', 'prefix', 'status', 'teamId', 'projectId', 'createdAt', 'expiresAt'];
      printRows(io, keys, { json: values.json, columns, empty: 'no keys match' });
      return 0;
    }),
});

const revoke = subcommand({
  options: DB_OPTIONS,
  positional: 'usage: keel keys revoke KEY_ID',
  run: ({ values, positionals }, io) =>
    withAccess({ db: values.db, io }, async ({ service, caller }) => {
      const key = await service.revokeKey(caller, positionals[0] as string);
      const text = `revoked key ${key.id} (${key.name}) at ${key.revokedAt}; running replicas refuse it within 5 s\n`;
      printResult(io, key, { json: values.json, text });
      return 0;
    }),
});

/** The command, with its I/O injected (tests drive it in-process). */
export function keysCommand(argv: string[], io: CliIo): Promise<number> {
  return runSubcommands('keys', argv, { io, usage: USAGE, subcommands: { create, list, revoke } });
}

export async function run(argv: string[]): Promise<number> {
  return keysCommand(argv, processIo());
}
