import { parseArgs } from 'node:util';
import { resolveOrg, resolveProject, resolveTeam } from '../../access/admin/cli-resolve.ts';
import { createAccessService } from '../../access/admin/index.ts';
import {
  chargeback,
  dayOf,
  formatSpend,
  parseDimensions,
  rollupAll,
  type SpendFilters,
  type SpendFormat,
  spendReport,
} from '../../access/spend/index.ts';
import { isKeelError } from '../../errors/index.ts';
import type { Store } from '../../spec/index.ts';
import { assertStoreExists, createStore, parseStoreUrl } from '../../store/index.ts';
import { cliCaller } from '../access-cli.ts';
import { type CliIo, isParseArgsError, processIo, reportError, usageError } from '../cli-kit.ts';
import { parseSince } from '../duration.ts';

export const summary = 'spend reports by org/team/project/key/model/user/feature/tag/day, and chargeback';

const USAGE = `usage: keel spend [--by team[,model…]] [--since 30d|ISO] [--until …] [--format table|csv|json]
                  [--org O] [--team T] [--project P] [--key K] [--model M] [--limit N] [--db URL] [--no-rollup]
       keel spend --chargeback 2026-11|2026-W47|2026-11-22 [--by org,team,project] [--format csv|table|json] […]

  --by          group by one or more of: org, team, project, key, model, user, feature, tag, day (default team)
  --since       start: a span before now (30d, 12h) or an ISO date (default 30d); reports cover whole UTC days
  --until       end (default now); the day it falls in is included
  --chargeback  one period's statement (month, ISO week or day), per org, team and project by default
  --format      table (default), csv, or json
  --db          store URL; default $KEEL_DB, else sqlite:.keel/keel.db
  --no-rollup   report only what the background rollup has aggregated (default: roll up pending rows first)
`;

const OPTIONS = {
  by: { type: 'string' },
  since: { type: 'string' },
  until: { type: 'string' },
  chargeback: { type: 'string' },
  format: { type: 'string' },
  org: { type: 'string' },
  team: { type: 'string' },
  project: { type: 'string' },
  key: { type: 'string' },
  model: { type: 'string' },
  limit: { type: 'string' },
  db: { type: 'string' },
  'no-rollup': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function format(text: string | undefined): SpendFormat {
  const value = text ?? 'table';
  if (value !== 'table' && value !== 'csv' && value !== 'json') {
    throw usageError(`--format: '${value}' must be table, csv or json`);
  }
  return value;
}

function limit(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < 1 || value > 100_000) {
    throw usageError(`--limit: '${text}' must be a whole number from 1 to 100000`);
  }
  return value;
}

async function openStore(db: string | undefined, io: CliIo): Promise<Store> {
  const url = db ?? io.env.KEEL_DB ?? 'sqlite:.keel/keel.db';
  assertStoreExists(parseStoreUrl(url), "start 'keel serve' first, or pass --db / set KEEL_DB");
  return createStore(url);
}

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'];

/**
 * `--org`, `--team` and `--project` take an id or a name, as in the other access commands: a name
 * used to be passed on as an id and silently matched nothing. An id-shaped value that names nothing
 * any more is kept as it is (spend of a deleted team stays reportable); anything else is an error.
 */
async function filtersOf(values: Values, store: Store, io: CliIo): Promise<SpendFilters> {
  const service = createAccessService({ sql: store.sql, audit: { record: async () => undefined } });
  const caller = cliCaller(io.env);
  const orgId = await idOf(values.org, async (ref) => (await resolveOrg(service, caller, ref)).id);
  const team =
    values.team === undefined
      ? undefined
      : await resolveTeam(service, caller, { team: values.team, org: orgId }).catch(keepId(values.team));
  const teamId = typeof team === 'string' ? team : team?.id;
  const projectId = await idOf(values.project, async (ref) =>
    team === undefined || typeof team === 'string'
      ? (await resolveProject(service, caller, { project: ref, orgId })).id
      : (await resolveProject(service, caller, { project: ref, team })).id,
  );
  return { orgId, teamId, projectId, keyId: values.key, model: values.model };
}

async function idOf(ref: string | undefined, resolve: (ref: string) => Promise<string>) {
  return ref === undefined ? undefined : resolve(ref).catch(keepId(ref));
}

const ID_SHAPED = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function keepId(ref: string) {
  return (error: unknown): string => {
    if (isKeelError(error) && error.code === 'not_found' && ID_SHAPED.test(ref)) return ref;
    throw error;
  };
}

async function report(values: Values, store: Store, io: CliIo): Promise<string> {
  const fmt = format(values.format);
  const filters = await filtersOf(values, store, io);
  if (values.chargeback !== undefined) {
    if (values.since !== undefined || values.until !== undefined)
      throw usageError('--chargeback takes a period; leave out --since/--until');
    const statement = await chargeback(store.sql, {
      period: values.chargeback,
      by: parseDimensions(values.by ?? 'org,team,project'),
      filters,
    });
    return formatSpend(statement, fmt, { period: statement.period });
  }
  const now = io.now?.() ?? Date.now();
  const from = parseSince(values.since ?? '30d', { now, name: '--since' });
  const until = values.until === undefined ? now : parseSince(values.until, { now, name: '--until' });
  if (until < from) throw usageError('--until must not be before --since');
  const max = limit(values.limit);
  const result = await spendReport(store.sql, {
    by: parseDimensions(values.by ?? 'team'),
    fromDay: dayOf(from),
    untilDay: dayOf(until + 86_400_000),
    filters,
    ...(max === undefined ? {} : { limit: max }),
  });
  return formatSpend(result, fmt);
}

/** The command, with its I/O injected. Exit codes: 0 ok, 1 store trouble, 2 bad usage. */
export async function spendCommand(argv: string[], io: CliIo): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: OPTIONS,
      strict: true,
      allowPositionals: true,
    });
    if (values.help) {
      io.out(USAGE);
      return 0;
    }
    if (positionals.length > 0) throw usageError(`unexpected argument '${positionals[0]}'`);
    // Validate everything that needs no database before opening it.
    format(values.format);
    parseDimensions(values.by ?? (values.chargeback === undefined ? 'team' : 'org,team,project'));
    const store = await openStore(values.db, io);
    try {
      if (!values['no-rollup']) await rollupAll(store.sql);
      io.out(await report(values, store, io));
      return 0;
    } finally {
      await store.close();
    }
  } catch (error) {
    // Bad flags also show the usage; a malformed --db is bad usage too.
    if (isParseArgsError(error)) {
      io.err(`keel spend: ${(error as Error).message}\n${USAGE}`);
      return 2;
    }
    return reportError(error, {
      io,
      prefix: 'keel spend',
      exitFor: (code) => (code === 'config_invalid' ? 2 : undefined),
    });
  }
}

export async function run(argv: string[]): Promise<number> {
  return spendCommand(argv, processIo());
}
