import { KeelError } from '../../errors/index.ts';
import type { SqlExecutor } from '../../spec/index.ts';
import type { TraceFilters } from './filters.ts';
import { iso, type Row } from './rows.ts';
import { percentilesFor, setPercentiles } from './stats-percentiles.ts';
import {
  aggregateSql,
  countSql,
  type GroupBy,
  type StatsSource,
  scoresSql,
  statsSource,
} from './stats-sql.ts';
import type { TenantDirectory, TenantScope } from './tenants.ts';

export const DEFAULT_STATS_WINDOW_MS = 86_400_000;
export const MAX_STATS_BUCKETS = 10_000;
export const DEFAULT_STATS_GROUPS = 100;

export interface StatsQuery {
  scope: TenantScope;
  /** `sinceMs` defaults to 24 h before `untilMs`, which defaults to now. */
  filters: TraceFilters;
  by?: GroupBy | undefined;
  bucketMs?: number | undefined;
  /** Average scores per group (default true; not for span-level groupings). */
  scores?: boolean;
  /** Most groups returned (largest by count); default 100. */
  groups?: number;
  now?: number;
}

export interface StatsRow {
  /** The group's value (null: traces without one, or no grouping). */
  group: string | null;
  bucketStart: string | null;
  bucketStartMs: number | null;
  count: number;
  errors: number;
  errorRate: number;
  latencyMs: { avg: number | null; p50: number | null; p95: number | null; p99: number | null };
  ttftMs: { avg: number | null; p50: number | null; p95: number | null };
  /** Output tokens per second of generation time (duration minus TTFT). */
  tokensPerSecond: number | null;
  costUsd: number;
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  /** Share of cache lookups that hit (null: no lookups). */
  cacheHitRate: number | null;
  cacheLookups: number;
  /** Share of guarded traces (or guardrail spans) where a guardrail did not allow. */
  guardTriggerRate: number | null;
  guardChecked: number;
  scores: Record<string, { avg: number; count: number }>;
}

export interface StatsResult {
  since: string;
  until: string;
  level: 'trace' | 'span';
  by: GroupBy | null;
  bucketMs: number | null;
  rows: StatsRow[];
}

const n = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const maybe = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const keyOf = (g: unknown, b: unknown) =>
  `${g === null || g === undefined ? '\u0001' : String(g)}\u0000${b ?? ''}`;

function emptyRow(g: unknown, b: unknown): StatsRow {
  const bucketMs = b === null || b === undefined ? null : Math.floor(Number(b) / 1000);
  return {
    group: g === null || g === undefined ? null : String(g),
    bucketStart: bucketMs === null ? null : iso(bucketMs * 1000),
    bucketStartMs: bucketMs,
    count: 0,
    errors: 0,
    errorRate: 0,
    latencyMs: { avg: null, p50: null, p95: null, p99: null },
    ttftMs: { avg: null, p50: null, p95: null },
    tokensPerSecond: null,
    costUsd: 0,
    inputTokens: 0,
    outputTokens: 0,
    totalTokens: 0,
    cacheHitRate: null,
    cacheLookups: 0,
    guardTriggerRate: null,
    guardChecked: 0,
    scores: {},
  };
}

function fromAggregate(r: Row): StatsRow {
  const row = emptyRow(r.g, r.b);
  row.count = n(r.n);
  row.errors = n(r.errors);
  row.errorRate = row.count === 0 ? 0 : row.errors / row.count;
  row.latencyMs = { avg: maybe(r.dur_avg), p50: maybe(r.p50), p95: maybe(r.p95), p99: maybe(r.p99) };
  row.ttftMs = { avg: maybe(r.ttft_avg), p50: maybe(r.ttft_p50), p95: maybe(r.ttft_p95) };
  const tpsMs = n(r.tps_ms);
  row.tokensPerSecond = tpsMs > 0 ? n(r.tps_tokens) / (tpsMs / 1000) : null;
  row.costUsd = n(r.cost);
  row.inputTokens = n(r.in_tok);
  row.outputTokens = n(r.out_tok);
  row.totalTokens = n(r.tot_tok);
  row.cacheLookups = n(r.cache_n);
  row.cacheHitRate = row.cacheLookups > 0 ? maybe(r.cache_rate) : null;
  row.guardChecked = n(r.guard_n);
  row.guardTriggerRate = row.guardChecked > 0 ? maybe(r.guard_rate) : null;
  return row;
}

/** SQLite: every n-th row feeds the percentile lists when the window holds more than this. */
export const SQLITE_PERCENTILE_MAX_ROWS = 2_000_000;

async function sampleRate(
  sql: SqlExecutor,
  src: StatsSource,
  o: { tenants: readonly string[]; filters: TraceFilters },
): Promise<number> {
  if (sql.dialect !== 'sqlite') return 1;
  const count = countSql(src, o);
  const [row] = await sql.query(count.sql, count.params);
  return Math.max(1, Math.ceil(n(row?.n) / SQLITE_PERCENTILE_MAX_ROWS));
}

function statsWindow(q: StatsQuery): TraceFilters {
  const now = q.now ?? Date.now();
  const untilMs = q.filters.untilMs ?? now;
  const sinceMs = q.filters.sinceMs ?? untilMs - DEFAULT_STATS_WINDOW_MS;
  if (q.bucketMs !== undefined) {
    if (q.bucketMs < 1000)
      throw new KeelError('invalid_request', "Invalid value for 'bucket': at least 1s", { param: 'bucket' });
    if ((untilMs - sinceMs) / q.bucketMs > MAX_STATS_BUCKETS) {
      throw new KeelError(
        'invalid_request',
        `Invalid value for 'bucket': more than ${MAX_STATS_BUCKETS} buckets in the window`,
        {
          param: 'bucket',
        },
      );
    }
  }
  return { ...q.filters, sinceMs, untilMs };
}

/** Groupings with (potentially) thousands of values: percentiles only for the groups returned. */
const TWO_PASS: ReadonlySet<GroupBy | undefined> = new Set(['user', 'session', 'name'] as const);

async function aggregate(
  sql: SqlExecutor,
  src: StatsSource,
  o: { sample: number; rows: Map<string, StatsRow>; groups: number; twoPass: boolean },
): Promise<void> {
  const parts = o.twoPass ? 'measures' : 'all';
  for (const r of await sql.query(
    aggregateSql(src, sql.dialect, { sample: o.sample, parts }),
    src.where.params,
  )) {
    if (n(r.n) === 0) continue;
    const row = fromAggregate(r);
    if (!o.twoPass) setPercentiles(row, r);
    o.rows.set(keyOf(r.g, r.b), row);
  }
  if (!o.twoPass) return;
  const kept = [...new Set(limitGroups([...o.rows.values()], o.groups).map((r) => r.group))];
  await percentilesFor(sql, src, {
    groups: kept,
    sample: o.sample,
    set: (g, b, r) => {
      const row = o.rows.get(keyOf(g, b));
      if (row) setPercentiles(row, r);
    },
  });
}

/**
 * Grouped, bucketed aggregates over a time window: one aggregate scan with percentiles (Postgres:
 * percentile_cont; SQLite: value lists sorted here, see aggregateSql), then average scores.
 */
export async function queryStats(
  sql: SqlExecutor,
  tenants: TenantDirectory,
  q: StatsQuery,
): Promise<StatsResult> {
  const filters = statsWindow(q);
  const resolved = await tenants.resolve(q.scope, filters.tenant);
  const src = statsSource({ tenants: resolved, filters, by: q.by, bucketMs: q.bucketMs });
  const rows = new Map<string, StatsRow>();
  if (resolved.length > 0) {
    const sample = await sampleRate(sql, src, { tenants: resolved, filters });
    await aggregate(sql, src, {
      sample,
      rows,
      groups: q.groups ?? DEFAULT_STATS_GROUPS,
      twoPass: TWO_PASS.has(q.by),
    });
    if (q.scores !== false && src.level === 'trace' && rows.size > 0) {
      await addScores(sql, src, { tenants: resolved, filters, bucketMs: q.bucketMs, rows });
    }
  }
  return {
    since: new Date(filters.sinceMs as number).toISOString(),
    until: new Date(filters.untilMs as number).toISOString(),
    level: src.level,
    by: q.by ?? null,
    bucketMs: q.bucketMs ?? null,
    rows: limitGroups([...rows.values()], q.groups ?? DEFAULT_STATS_GROUPS),
  };
}

async function addScores(
  sql: SqlExecutor,
  src: StatsSource,
  o: { tenants: string[]; filters: TraceFilters; bucketMs: number | undefined; rows: Map<string, StatsRow> },
): Promise<void> {
  const q = scoresSql(src, o);
  for (const r of await sql.query(q.sql, q.params)) {
    const key = keyOf(r.g, r.b);
    let row = o.rows.get(key);
    if (!row) {
      // Scores whose bucket (score time) has no traces of that group: shown with count 0.
      row = emptyRow(r.g, r.b);
      o.rows.set(key, row);
    }
    row.scores[String(r.name)] = { avg: Number(r.avg), count: n(r.n) };
  }
}

/** Keeps the `max` largest groups (by traces over all buckets); rows ordered by bucket, then count. */
function limitGroups(rows: StatsRow[], max: number): StatsRow[] {
  const totals = new Map<string | null, number>();
  for (const r of rows) totals.set(r.group, (totals.get(r.group) ?? 0) + r.count);
  const keep = new Set(
    [...totals.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, max)
      .map(([g]) => g),
  );
  return rows
    .filter((r) => keep.has(r.group))
    .sort((a, b) => (a.bucketStartMs ?? 0) - (b.bucketStartMs ?? 0) || b.count - a.count);
}
