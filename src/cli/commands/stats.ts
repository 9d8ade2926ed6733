import { parseArgs } from 'node:util';
import { listHistory } from '../../traces/alerts/store.ts';
import {
  type CliIo,
  FILTER_OPTIONS,
  filtersFromFlags,
  fmtMs,
  fmtRate,
  fmtUsd,
  openStore,
  processIo,
  runCli,
  table,
  usageError,
  wholeNumber,
} from '../../traces/query/cli-kit.ts';
import {
  GROUP_BY,
  type GroupBy,
  queryStats,
  requireDuration,
  type StatsRow,
  TenantDirectory,
} from '../../traces/query/index.ts';
import { parseWhen } from '../../traces/query/time.ts';

export const summary =
  'stats [--by model] [--since 24h] [--bucket 1h]: latency, errors, cost, scores; stats alerts: alert history';

const USAGE = `usage: keel stats [--by ${GROUP_BY.join('|')}] [--since 24h|ISO] [--until …] [--bucket 1h]
                  [filters as in 'keel traces list'] [--groups N] [--json] [--db URL]
       keel stats alerts [--since 7d] [--rule NAME] [--limit N] [--json] [--db URL]

  --by      group by a trace column (model, deployment, prompt = name@version, team, feature, user…)
            or by span layer/kind (span-level figures)
  --since   window start (default 24h before --until, which defaults to now)
  --bucket  time buckets (e.g. 5m, 1h, 1d) within the window
  --groups  keep the N largest groups (default 100)
  alerts    alert history (firing, repeat, resolved, suppressed), newest first
`;

const STATS = {
  ...FILTER_OPTIONS,
  by: { type: 'string' },
  bucket: { type: 'string' },
  groups: { type: 'string' },
  json: { type: 'boolean' },
  db: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;
const ALERTS = {
  since: { type: 'string' },
  rule: { type: 'string' },
  limit: { type: 'string' },
  json: { type: 'boolean' },
  db: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function statsTable(rows: readonly StatsRow[], bucketed: boolean): string {
  const scoreNames = [...new Set(rows.flatMap((r) => Object.keys(r.scores)))].sort();
  const headers = [
    ...(bucketed ? ['bucket'] : []),
    'group',
    'count',
    'errors',
    'p50',
    'p95',
    'p99',
    'ttft_p50',
    'tok/s',
    'cost_usd',
    'cache_hit',
    'guard',
    ...scoreNames.map((n) => `score:${n}`),
  ];
  const cells = rows.map((r) => [
    ...(bucketed ? [r.bucketStart ?? '-'] : []),
    r.group ?? '(none)',
    String(r.count),
    fmtRate(r.errorRate),
    fmtMs(r.latencyMs.p50),
    fmtMs(r.latencyMs.p95),
    fmtMs(r.latencyMs.p99),
    fmtMs(r.ttftMs.p50),
    r.tokensPerSecond === null ? '-' : r.tokensPerSecond.toFixed(1),
    fmtUsd(r.costUsd),
    fmtRate(r.cacheHitRate),
    fmtRate(r.guardTriggerRate),
    ...scoreNames.map((n) => (r.scores[n] ? r.scores[n].avg.toFixed(3) : '-')),
  ]);
  const offset = bucketed ? 1 : 0;
  return table(
    headers,
    cells,
    new Set(Array.from({ length: headers.length - 1 - offset }, (_, i) => i + 1 + offset)),
  );
}

async function stats(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: STATS, strict: true });
  if (values.help) return help(io);
  const now = io.now?.() ?? Date.now();
  if (values.by !== undefined && !(GROUP_BY as readonly string[]).includes(values.by)) {
    throw usageError(`--by: '${values.by}' must be one of ${GROUP_BY.join(', ')}`);
  }
  const filters = filtersFromFlags(values, now);
  const bucketMs = values.bucket === undefined ? undefined : requireDuration(values.bucket, '--bucket');
  const groups = wholeNumber(values.groups, '--groups', { min: 1, max: 1000 });
  const store = await openStore(values.db, io);
  try {
    const result = await queryStats(store.sql, new TenantDirectory(store.sql), {
      scope: undefined,
      filters,
      by: values.by as GroupBy | undefined,
      bucketMs,
      now,
      ...(groups ? { groups } : {}),
    });
    if (values.json) io.out(`${JSON.stringify(result, null, 2)}\n`);
    else if (result.rows.length === 0) io.err(`no traces from ${result.since} to ${result.until}\n`);
    else {
      io.out(`${result.since} → ${result.until}${result.level === 'span' ? ' (spans)' : ''}\n`);
      io.out(statsTable(result.rows, bucketMs !== undefined));
    }
    return 0;
  } finally {
    await store.close();
  }
}

async function alerts(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: ALERTS, strict: true });
  if (values.help) return help(io);
  const now = io.now?.() ?? Date.now();
  const sinceMs = parseWhen(values.since ?? '7d', '--since', now);
  const limit = wholeNumber(values.limit, '--limit', { min: 1, max: 10_000 }) ?? 100;
  const store = await openStore(values.db, io);
  try {
    const events = await listHistory(store.sql, {
      sinceMs,
      limit,
      ...(values.rule ? { rule: values.rule } : {}),
    });
    if (values.json) io.out(`${JSON.stringify(events, null, 2)}\n`);
    else if (events.length === 0) io.err('no alert events\n');
    else {
      io.out(
        table(
          ['time', 'rule', 'group', 'event', 'value', 'delivered', 'message'],
          events.map((e) => [
            e.at,
            e.rule,
            e.group ?? '-',
            e.kind,
            e.value === null ? '-' : String(Number(e.value.toPrecision(4))),
            e.delivered ? 'yes' : (e.error ?? 'no'),
            e.message,
          ]),
        ),
      );
    }
    return 0;
  } finally {
    await store.close();
  }
}

function help(io: CliIo): number {
  io.out(USAGE);
  return 0;
}

export async function statsCommand(argv: string[], io: CliIo): Promise<number> {
  return runCli(argv[0] === 'alerts' ? 'stats alerts' : 'stats', io, async () => {
    if (argv[0] === 'alerts') return alerts(argv.slice(1), io);
    if (argv[0] === 'help') return help(io);
    return stats(argv, io);
  });
}

export function run(argv: string[]): Promise<number> {
  return statsCommand(argv, processIo());
}
