import type { SqlExecutor } from '../../spec/index.ts';
import type { Row } from './rows.ts';
import { aggregateSql, SQLITE_PERCENTILE_STEPS, type StatsSource, withGroups } from './stats-sql.ts';

/** Percentile fields of a stats row. */
export interface PercentileFields {
  latencyMs: { p50: number | null; p95: number | null; p99: number | null };
  ttftMs: { p50: number | null; p95: number | null };
}

/** percentile_cont over sorted values. */
export function percentileCont(sorted: Float64Array, p: number): number | null {
  if (sorted.length === 0) return null;
  const pos = (sorted.length - 1) * p;
  const lo = Math.floor(pos);
  const a = sorted[lo] as number;
  const b = sorted[lo + 1] ?? a;
  return a + (pos - lo) * (b - a);
}

/** A group_concat list of 0.1 ms steps → sorted milliseconds (parsed without split/Number). */
export function sortedList(text: unknown): Float64Array {
  if (typeof text !== 'string' || text === '') return new Float64Array(0);
  let count = 1;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 44) count++;
  const values = new Float64Array(count);
  let k = 0;
  let value = 0;
  let sign = 1;
  for (let i = 0; i <= text.length; i++) {
    const code = i < text.length ? text.charCodeAt(i) : 44;
    if (code === 44) {
      values[k++] = (sign * value) / SQLITE_PERCENTILE_STEPS;
      value = 0;
      sign = 1;
    } else if (code === 45) sign = -1;
    else value = value * 10 + (code - 48);
  }
  return values.sort();
}

/** Fills the percentile fields from an aggregate row (Postgres columns or SQLite lists). */
export function setPercentiles(row: PercentileFields, r: Row): void {
  if ('dur_list' in r) {
    const durations = sortedList(r.dur_list);
    const ttfts = sortedList(r.ttft_list);
    row.latencyMs.p50 = percentileCont(durations, 0.5);
    row.latencyMs.p95 = percentileCont(durations, 0.95);
    row.latencyMs.p99 = percentileCont(durations, 0.99);
    row.ttftMs.p50 = percentileCont(ttfts, 0.5);
    row.ttftMs.p95 = percentileCont(ttfts, 0.95);
    return;
  }
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  row.latencyMs.p50 = num(r.p50);
  row.latencyMs.p95 = num(r.p95);
  row.latencyMs.p99 = num(r.p99);
  row.ttftMs.p50 = num(r.ttft_p50);
  row.ttftMs.p95 = num(r.ttft_p95);
}

/**
 * Percentiles for only some groups: a second pass narrowed to those groups' values. Used for
 * high-cardinality groupings (user, session, name), where the first pass aggregates every group
 * without percentiles (Postgres can then hash-aggregate in parallel; SQLite skips the value lists)
 * and only the groups returned need them.
 */
export async function percentilesFor(
  sql: SqlExecutor,
  src: StatsSource,
  o: { groups: readonly (string | null)[]; sample: number; set(g: unknown, b: unknown, r: Row): void },
): Promise<void> {
  if (o.groups.length === 0) return;
  const narrowed = withGroups(src, o.groups);
  const rows = await sql.query(
    aggregateSql(narrowed, sql.dialect, { sample: o.sample, parts: 'percentiles' }),
    narrowed.where.params,
  );
  for (const r of rows) o.set(r.g, r.b, r);
}
