import { resolveOrg, resolveTeam } from '../../access/admin/cli-resolve.ts';
import { DB_OPTIONS, withAccess } from '../access-cli.ts';
import {
  type CliIo,
  printResult,
  printRows,
  processIo,
  runSubcommands,
  subcommand,
  usageError,
} from '../cli-kit.ts';

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

const create = subcommand({
  options: OPTIONS,
  positional: 'usage: keel users create EMAIL --role ROLE',
  run: async ({ values, positionals }, io) => {
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
      const text = `created ${user.role} ${user.email} (${user.id})${team ? ` in team '${team.name}'` : ''}\n`;
      printResult(io, user, { json: values.json, text });
      return 0;
    });
  },
});

const list = subcommand({
  options: OPTIONS,
  run: async ({ values }, io) => {
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
  },
});

export function usersCommand(argv: string[], io: CliIo): Promise<number> {
  return runSubcommands('users', argv, { io, usage: USAGE, subcommands: { create, list } });
}

export async function run(argv: string[]): Promise<number> {
  return usersCommand(argv, processIo());
}
