import { parseArgs } from 'node:util';
import {
  type AccessCliIo,
  DB_OPTIONS,
  printRows,
  runSubcommands,
  usageError,
  withAccess,
} from '../../access/admin/cli-kit.ts';
import { resolveOrg } from '../../access/admin/cli-resolve.ts';

export const summary = 'teams create|list: teams within an organisation';

const USAGE = `usage: keel teams create NAME [--org O] [--json] [--db URL]
       keel teams list [--org O] [--json] [--db URL]

  --org   an organisation id or name (needed only when there are several)
  --db    store URL; default $KEEL_DB, else sqlite:.keel/keel.db
`;

const OPTIONS = { ...DB_OPTIONS, org: { type: 'string' } } as const;

async function create(argv: string[], io: AccessCliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: OPTIONS,
    allowPositionals: true,
    strict: true,
  });
  if (values.help) return help(io);
  if (positionals.length !== 1) throw usageError('usage: keel teams create NAME [--org O]');
  return withAccess({ db: values.db, io }, async ({ service, caller }) => {
    const orgId = values.org === undefined ? undefined : (await resolveOrg(service, caller, values.org)).id;
    const team = await service.createTeam(caller, { name: positionals[0], ...(orgId ? { orgId } : {}) });
    if (values.json) io.out(`${JSON.stringify(team, null, 2)}\n`);
    else io.out(`created team ${team.id} (${team.name})\n`);
    return 0;
  });
}

async function list(argv: string[], io: AccessCliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: OPTIONS,
    allowPositionals: true,
    strict: true,
  });
  if (values.help) return help(io);
  if (positionals.length > 0) throw usageError(`unexpected argument '${positionals[0]}'`);
  return withAccess({ db: values.db, io }, async ({ service, caller }) => {
    const orgId = values.org === undefined ? undefined : (await resolveOrg(service, caller, values.org)).id;
    const teams = await service.listTeams(caller, orgId ? { orgId } : {});
    printRows(io, teams, {
      json: values.json,
      columns: ['id', 'name', 'orgId', 'createdAt'],
      empty: 'no teams',
    });
    return 0;
  });
}

function help(io: AccessCliIo): number {
  io.out(USAGE);
  return 0;
}

export function teamsCommand(argv: string[], io: AccessCliIo): Promise<number> {
  return runSubcommands('teams', argv, { io, usage: USAGE, subcommands: { create, list } });
}

export async function run(argv: string[]): Promise<number> {
  return teamsCommand(argv, {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    env: process.env,
  });
}
