import { resolveTeam } from '../../access/admin/cli-resolve.ts';
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

export const summary = 'projects create|list: projects within a team (keys belong to projects)';

const USAGE = `usage: keel projects create NAME --team T [--org O] [--json] [--db URL]
       keel projects list [--team T] [--org O] [--json] [--db URL]

  --team, --org   an id or a name
  --db            store URL; default $KEEL_DB, else sqlite:.keel/keel.db
`;

const OPTIONS = { ...DB_OPTIONS, team: { type: 'string' }, org: { type: 'string' } } as const;

const create = subcommand({
  options: OPTIONS,
  positional: 'usage: keel projects create NAME --team T',
  run: async ({ values, positionals }, io) => {
    if (values.team === undefined) throw usageError('--team is required');
    return withAccess({ db: values.db, io }, async ({ service, caller }) => {
      const team = await resolveTeam(service, caller, { team: values.team as string, org: values.org });
      const project = await service.createProject(caller, { name: positionals[0], teamId: team.id });
      const text = `created project ${project.id} (${project.name}) in team '${team.name}'\n`;
      printResult(io, project, { json: values.json, text });
      return 0;
    });
  },
});

const list = subcommand({
  options: OPTIONS,
  run: ({ values }, io) =>
    withAccess({ db: values.db, io }, async ({ service, caller }) => {
      const teamId =
        values.team === undefined
          ? undefined
          : (await resolveTeam(service, caller, { team: values.team, org: values.org })).id;
      const projects = await service.listProjects(caller, teamId ? { teamId } : {});
      const columns = ['id', 'name', 'teamId', 'createdAt'];
      printRows(io, projects, { json: values.json, columns, empty: 'no projects' });
      return 0;
    }),
});

export function projectsCommand(argv: string[], io: CliIo): Promise<number> {
  return runSubcommands('projects', argv, { io, usage: USAGE, subcommands: { create, list } });
}

export async function run(argv: string[]): Promise<number> {
  return projectsCommand(argv, processIo());
}
