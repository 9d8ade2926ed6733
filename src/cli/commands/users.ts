import { parseArgs } from 'node:util';
import {
  type AccessCliIo,
  DB_OPTIONS,
  printRows,
  runSubcommands,
  usageError,
  withAccess,
} from '../../access/admin/cli-kit.ts';
import { resolveOrg, resolveTeam } from '../../access/admin/cli-resolve.ts';

export const summary = 'users create|list: admin users (owner, admin, developer, viewer)';

const USAGE = `usage: keel users create EMAIL --role owner|admin|developer|viewer [--team T] [--org O] [--json] [--db URL]
       keel users list [--team T] [--org O] [--json] [--db URL]

  --team   scope the user to one team (they see nothing of other teams); owners are org-wide
  --org    an organisation id or name (needed only when there are several)
  Give a user an API token with: keel admin create-token --email EMAIL
`;

const OPTIONS = {
  ...DB_OPTIONS,
  role: { type: 'string' },
  team: { type: 'string' },
  org: { type: 'string' },
} as const;

async function create(argv: string[], io: AccessCliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: OPTIONS,
    allowPositionals: true,
    strict: true,
  });
  if (values.help) return help(io);
  if (positionals.length !== 1) throw usageError('usage: keel users create EMAIL --role ROLE');
  if (values.role === undefined) throw usageError('--role is required (owner, admin, developer or viewer)');
  return withAccess({ db: values.db, io }, async ({ service, caller }) => {
    const team =
      values.team === undefined
        ? undefined
        : await resolveTeam(service, caller, { team: values.team, org: values.org });
    const orgId =
      team?.orgId ??
      (values.org === undefined ? undefined : (await resolveOrg(service, caller, values.org)).id);
    const user = await service.createUser(caller, {
      email: positionals[0],
      role: values.role,
      ...(orgId ? { orgId } : {}),
      ...(team ? { teamId: team.id } : {}),
    });
    if (values.json) io.out(`${JSON.stringify(user, null, 2)}\n`);
    else io.out(`created ${user.role} ${user.email} (${user.id})${team ? ` in team '${team.name}'` : ''}\n`);
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
  if (values.role !== undefined) throw usageError('--role applies to create only');
  return withAccess({ db: values.db, io }, async ({ service, caller }) => {
    const query: Record<string, string> = {};
    if (values.team !== undefined)
      query.teamId = (await resolveTeam(service, caller, { team: values.team, org: values.org })).id;
    else if (values.org !== undefined) query.orgId = (await resolveOrg(service, caller, values.org)).id;
    const users = await service.listUsers(caller, query);
    const columns = ['id', 'email', 'role', 'orgId', 'teamId', 'createdAt'];
    printRows(io, users, { json: values.json, columns, empty: 'no users' });
    return 0;
  });
}

function help(io: AccessCliIo): number {
  io.out(USAGE);
  return 0;
}

export function usersCommand(argv: string[], io: AccessCliIo): Promise<number> {
  return runSubcommands('users', argv, { io, usage: USAGE, subcommands: { create, list } });
}

export async function run(argv: string[]): Promise<number> {
  return usersCommand(argv, {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    env: process.env,
  });
}
