import { parseArgs } from 'node:util';
import {
  type AccessCliIo,
  DB_OPTIONS,
  printRows,
  runSubcommands,
  usageError,
  withAccess,
} from '../../access/admin/cli-kit.ts';
import { resolveTeam } from '../../access/admin/cli-resolve.ts';

export const summary = 'projects create|list: projects within a team (keys belong to projects)';

const USAGE = `usage: keel projects create NAME --team T [--org O] [--json] [--db URL]
       keel projects list [--team T] [--org O] [--json] [--db URL]

  --team, --org   an id or a name
  --db            store URL; default $KEEL_DB, else sqlite:.keel/keel.db
`;

const OPTIONS = { ...DB_OPTIONS, team: { type: 'string' }, org: { type: 'string' } } as const;

async function create(argv: string[], io: AccessCliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: OPTIONS,
    allowPositionals: true,
    strict: true,
  });
  if (values.help) return help(io);
  if (positionals.length !== 1) throw usageError('usage: keel projects create NAME --team T');
  if (values.team === undefined) throw usageError('--team is required');
  return withAccess({ db: values.db, io }, async ({ service, caller }) => {
    const team = await resolveTeam(service, caller, { team: values.team as string, org: values.org });
    const project = await service.createProject(caller, { name: positionals[0], teamId: team.id });
    if (values.json) io.out(`${JSON.stringify(project, null, 2)}\n`);
    else io.out(`created project ${project.id} (${project.name}) in team '${team.name}'\n`);
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
    const teamId =
      values.team === undefined
        ? undefined
        : (await resolveTeam(service, caller, { team: values.team, org: values.org })).id;
    const projects = await service.listProjects(caller, teamId ? { teamId } : {});
    const columns = ['id', 'name', 'teamId', 'createdAt'];
    printRows(io, projects, { json: values.json, columns, empty: 'no projects' });
    return 0;
  });
}

function help(io: AccessCliIo): number {
  io.out(USAGE);
  return 0;
}

export function projectsCommand(argv: string[], io: AccessCliIo): Promise<number> {
  return runSubcommands('projects', argv, { io, usage: USAGE, subcommands: { create, list } });
}

export async function run(argv: string[]): Promise<number> {
  return projectsCommand(argv, {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    env: process.env,
  });
}
