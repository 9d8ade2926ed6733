import { resolveOrg } from '../../access/admin/cli-resolve.ts';
import { DB_OPTIONS, withAccess } from '../access-cli.ts';
import { type CliIo, printResult, printRows, processIo, runSubcommands, subcommand } from '../cli-kit.ts';

export const summary = 'teams create|list: teams within an organisation';

const USAGE = `usage: keel teams create NAME [--org O] [--json] [--db URL]
       keel teams list [--org O] [--json] [--db URL]

  --org   an organisation id or name (needed only when there are several)
  --db    store URL; default $KEEL_DB, else sqlite:.keel/keel.db
`;

const OPTIONS = { ...DB_OPTIONS, org: { type: 'string' } } as const;

const create = subcommand({
  options: OPTIONS,
  positional: 'usage: keel teams create NAME [--org O]',
  run: ({ values, positionals }, io) =>
    withAccess({ db: values.db, io }, async ({ service, caller }) => {
      const orgId = values.org === undefined ? undefined : (await resolveOrg(service, caller, values.org)).id;
      const team = await service.createTeam(caller, { name: positionals[0], ...(orgId ? { orgId } : {}) });
      printResult(io, team, { json: values.json, text: `created team ${team.id} (${team.name})\n` });
      return 0;
    }),
});

const list = subcommand({
  options: OPTIONS,
  run: ({ values }, io) =>
    withAccess({ db: values.db, io }, async ({ service, caller }) => {
      const orgId = values.org === undefined ? undefined : (await resolveOrg(service, caller, values.org)).id;
      const teams = await service.listTeams(caller, orgId ? { orgId } : {});
      printRows(io, teams, {
        json: values.json,
        columns: ['id', 'name', 'orgId', 'createdAt'],
        empty: 'no teams',
      });
      return 0;
    }),
});

export function teamsCommand(argv: string[], io: CliIo): Promise<number> {
  return runSubcommands('teams', argv, { io, usage: USAGE, subcommands: { create, list } });
}

export async function run(argv: string[]): Promise<number> {
  return teamsCommand(argv, processIo());
}
