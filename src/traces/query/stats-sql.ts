import type { TraceFilters } from './filters.ts';
import { marks, traceConditions, Where } from './filters.ts';

/** What stats can be grouped by: trace columns, or the span's layer/kind (span-level stats). */
export const GROUP_BY = [
  'model',
  'deployment',
  'provider',
  'prompt',
  'team',
  'feature',
  'user',
  'session',
  'tenant',
  'status',
  'name',
  'source',
  'layer',
  'kind',
] as const;
export type GroupBy = (typeof GROUP_BY)[number];

const TRACE_GROUPS: Readonly<Record<Exclude<GroupBy, 'layer' | 'kind'>, string>> = {
  model: 't.model',
  deployment: 't.deployment',
  provider: 't.provider',
  prompt:
    "CASE WHEN t.prompt_name IS NULL THEN NULL ELSE t.prompt_name || '@' || COALESCE(t.prompt_version, '') END",
  team: 't.team_id',
  feature: 't.feature',
  user: 't.user_id',
  session: 't.session_id',
  tenant: 't.tenant',
  status: 't.status',
  name: 't.name',
  source: 't.source',
};

/**
 * A trace-level grouping as SQL over `traces t`; `layer`/`kind` group spans (alias `spans`).
 * Used by alert metrics that read spans joined to their trace.
 */
export function traceGroupExpr(by: GroupBy, spans = 's'): string {
  if (by === 'layer' || by === 'kind') return `${spans}.${by}`;
  return TRACE_GROUPS[by];
}

/** The rows being aggregated: traces (alias t), or spans (alias s) joined to their trace for filters. */
export interface StatsSource {
  level: 'trace' | 'span';
  from: string;
  where: Where;
  group: string | null;
  bucket: string | null;
  col: {
    start: string;
    duration: string;
    ttft: string;
    status: string;
    cost: string;
    inTokens: string;
    outTokens: string;
    totalTokens: string;
    cache: string;
    guard: string;
  };
}

function hasTraceFilters(f: TraceFilters): boolean {
  return Object.keys(f).some((k) => k !== 'sinceMs' && k !== 'untilMs' && k !== 'tenant');
}

/** Builds the FROM/WHERE/columns for a stats query over `tenants` in [since, until). */
export function statsSource(o: {
  tenants: readonly string[];
  filters: TraceFilters;
  by: GroupBy | undefined;
  bucketMs: number | undefined;
}): StatsSource {
  const spanLevel = o.by === 'layer' || o.by === 'kind';
  const a = spanLevel ? 's' : 't';
  const where = new Where().push(`${a}.tenant IN (${marks(o.tenants.length)})`, ...o.tenants);
  if (o.filters.sinceMs !== undefined) where.push(`${a}.start_us >= ?`, Math.floor(o.filters.sinceMs * 1000));
  if (o.filters.untilMs !== undefined) where.push(`${a}.start_us < ?`, Math.floor(o.filters.untilMs * 1000));
  const { sinceMs: _s, untilMs: _u, ...rest } = o.filters;
  traceConditions(rest, where);
  const join = spanLevel && hasTraceFilters(o.filters);
  const bucketUs = o.bucketMs === undefined ? null : Math.round(o.bucketMs * 1000);
  const group =
    o.by === undefined ? null : spanLevel ? `s.${o.by}` : TRACE_GROUPS[o.by as keyof typeof TRACE_GROUPS];
  return {
    level: spanLevel ? 'span' : 'trace',
    from: spanLevel
      ? `trace_spans s${join ? ' JOIN traces t ON t.tenant = s.tenant AND t.trace_id = s.trace_id' : ''}`
      : 'traces t',
    where,
    group,
    bucket: bucketUs === null ? null : `(${a}.start_us / ${bucketUs}) * ${bucketUs}`,
    col: {
      start: `${a}.start_us`,
      duration: `${a}.duration_ms`,
      ttft: `${a}.ttft_ms`,
      status: `${a}.status`,
      cost: `COALESCE(${a}.cost_usd, 0)`,
      inTokens: `COALESCE(${a}.input_tokens, 0)`,
      outTokens: `COALESCE(${a}.output_tokens, 0)`,
      totalTokens: `COALESCE(${a}.total_tokens, 0)`,
      cache: `${a}.cache_hit`,
      // Spans: the share of guardrail spans whose verdict was not 'allow'; traces: the writer's flag.
      guard: spanLevel
        ? "CASE WHEN s.kind = 'guardrail' THEN (CASE WHEN s.verdict IS NOT NULL AND s.verdict <> 'allow' THEN 1 ELSE 0 END) END"
        : 't.guard_triggered',
    },
  };
}

/** `g, b` select list entries and the matching GROUP BY / PARTITION BY list ('' when none). */
export function keyColumns(src: StatsSource): { select: string; group: string } {
  const select = [`${src.group ?? 'NULL'} AS g`, `${src.bucket ?? 'NULL'} AS b`].join(', ');
  const parts = [src.group, src.bucket].filter((x): x is string => x !== null);
  return { select, group: parts.join(', ') };
}

/** Percentile values from SQLite are quantised to this many steps per millisecond (0.1 ms). */
export const SQLITE_PERCENTILE_STEPS = 10;

/**
 * The main aggregate, one scan. Postgres computes exact percentiles in it (percentile_cont).
 * SQLite has no percentile function: the same scan also returns each group's durations and TTFTs
 * as a comma list of integers in 0.1 ms steps (group_concat: integer formatting is cheap, and one
 * scan replaces the sort per column that ROW_NUMBER() windows needed — measured 4–5× slower at
 * 200k rows), which stats.ts sorts and interpolates like percentile_cont. `sample` (SQLite, huge
 * windows only) keeps the lists to every n-th row so memory stays bounded.
 */
export function aggregateSql(
  src: StatsSource,
  dialect: 'sqlite' | 'postgres',
  o: { sample?: number; parts?: 'all' | 'measures' | 'percentiles' } = {},
): string {
  const c = src.col;
  const { select, group } = keyColumns(src);
  const sample = o.sample ?? 1;
  const parts = o.parts ?? 'all';
  const tps = `${c.outTokens} > 0 AND ${c.duration} > COALESCE(${c.ttft}, 0)`;
  const pct = (col: string, p: number, as: string) =>
    `percentile_cont(${p}) WITHIN GROUP (ORDER BY ${col}) AS ${as}`;
  const steps = (col: string) => {
    const value = `CAST(ROUND(${col} * ${SQLITE_PERCENTILE_STEPS}) AS INTEGER)`;
    const alias = src.level === 'span' ? 's' : 't';
    return sample > 1 ? `CASE WHEN ${alias}.rowid % ${sample} = 0 THEN ${value} END` : value;
  };
  const percentiles =
    dialect === 'postgres'
      ? `${pct(c.duration, 0.5, 'p50')}, ${pct(c.duration, 0.95, 'p95')}, ${pct(c.duration, 0.99, 'p99')},
         ${pct(c.ttft, 0.5, 'ttft_p50')}, ${pct(c.ttft, 0.95, 'ttft_p95')}`
      : `group_concat(${steps(c.duration)}) AS dur_list, group_concat(${steps(c.ttft)}) AS ttft_list`;
  const measures = `SUM(CASE WHEN ${c.status} = 'error' THEN 1 ELSE 0 END) AS errors,
    AVG(${c.duration}) AS dur_avg, AVG(${c.ttft}) AS ttft_avg,
    SUM(${c.cost}) AS cost, SUM(${c.inTokens}) AS in_tok, SUM(${c.outTokens}) AS out_tok,
    SUM(${c.totalTokens}) AS tot_tok,
    AVG(${c.cache}) AS cache_rate, COUNT(${c.cache}) AS cache_n,
    AVG(${c.guard}) AS guard_rate, COUNT(${c.guard}) AS guard_n,
    SUM(CASE WHEN ${tps} THEN ${c.outTokens} ELSE 0 END) AS tps_tokens,
    SUM(CASE WHEN ${tps} THEN ${c.duration} - COALESCE(${c.ttft}, 0) ELSE 0 END) AS tps_ms`;
  const columns =
    parts === 'all' ? `${measures}, ${percentiles}` : parts === 'measures' ? measures : percentiles;
  return `SELECT ${select}, COUNT(*) AS n, ${columns}
  FROM ${src.from} WHERE ${src.where.sql()}${group ? ` GROUP BY ${group}` : ''}`;
}

/** The same source narrowed to some values of its group expression (NULL included when listed). */
export function withGroups(src: StatsSource, groups: readonly (string | null)[]): StatsSource {
  if (src.group === null) return src;
  const values = groups.filter((g): g is string => g !== null);
  const where = new Where().push(src.where.sql(), ...src.where.params);
  const parts = [values.length > 0 ? `${src.group} IN (${marks(values.length)})` : 'FALSE'];
  if (values.length < groups.length) parts.push(`${src.group} IS NULL`);
  where.push(`(${parts.join(' OR ')})`, ...values);
  return { ...src, where };
}

/**
 * An upper bound of the rows an aggregate reads — tenant and time only, so it is an index-only
 * count of (tenant, start_us) — used on SQLite to decide whether percentile lists are sampled.
 */
export function countSql(
  src: StatsSource,
  o: { tenants: readonly string[]; filters: TraceFilters },
): {
  sql: string;
  params: (string | number)[];
} {
  const table = src.level === 'span' ? 'trace_spans' : 'traces';
  const where = new Where().push(`tenant IN (${marks(o.tenants.length)})`, ...o.tenants);
  if (o.filters.sinceMs !== undefined) where.push('start_us >= ?', Math.floor(o.filters.sinceMs * 1000));
  if (o.filters.untilMs !== undefined) where.push('start_us < ?', Math.floor(o.filters.untilMs * 1000));
  return {
    sql: `SELECT COUNT(*) AS n FROM ${table} WHERE ${where.sql()}`,
    params: where.params as (string | number)[],
  };
}

/** Average numeric scores per group (bucketed by score time), scores driven by (tenant, time_us). */
export function scoresSql(
  src: StatsSource,
  o: { tenants: readonly string[]; filters: TraceFilters; bucketMs: number | undefined },
): { sql: string; params: (string | number)[] } {
  const where = new Where().push(`s.tenant IN (${marks(o.tenants.length)})`, ...o.tenants);
  if (o.filters.sinceMs !== undefined) where.push('s.time_us >= ?', Math.floor(o.filters.sinceMs * 1000));
  if (o.filters.untilMs !== undefined) where.push('s.time_us < ?', Math.floor(o.filters.untilMs * 1000));
  where.push('s.value IS NOT NULL');
  const { sinceMs: _s, untilMs: _u, ...rest } = o.filters;
  traceConditions(rest, where);
  const bucketUs = o.bucketMs === undefined ? null : Math.round(o.bucketMs * 1000);
  const b = bucketUs === null ? 'NULL' : `(s.time_us / ${bucketUs}) * ${bucketUs}`;
  const groups = [src.group, bucketUs === null ? null : b, 's.name'].filter((x): x is string => x !== null);
  return {
    sql: `SELECT ${src.group ?? 'NULL'} AS g, ${b} AS b, s.name AS name, AVG(s.value) AS avg, COUNT(*) AS n
      FROM trace_scores s JOIN traces t ON t.tenant = s.tenant AND t.trace_id = s.trace_id
      WHERE ${where.sql()} GROUP BY ${groups.join(', ')}`,
    params: where.params as (string | number)[],
  };
}
