import type { SqlExecutor } from '../../spec/index.ts';
import { type Row, type ScoreView, scoreView, spanView, type TraceDetail, traceDetail } from './rows.ts';
import { buildSpanTree, type SpanNode } from './span-tree.ts';
import type { TenantDirectory, TenantScope } from './tenants.ts';

/** Spans returned with one trace; a bigger trace is cut (earliest kept) and says so. */
export const MAX_DETAIL_SPANS = 10_000;

export interface TraceView {
  trace: TraceDetail;
  spans: SpanNode[];
  spanCount: number;
  truncated: boolean;
  scores: ScoreView[];
}

/** One trace with its span tree and scores, or null when no visible tenant has it. */
export async function getTrace(
  sql: SqlExecutor,
  tenants: TenantDirectory,
  options: { scope: TenantScope; traceId: string; tenant?: string },
): Promise<TraceView | null> {
  for (const tenant of await tenants.resolve(options.scope, options.tenant)) {
    const [row] = await sql.query('SELECT * FROM traces WHERE tenant = ? AND trace_id = ?', [
      tenant,
      options.traceId,
    ]);
    if (row) return view(sql, row);
  }
  return null;
}

async function view(sql: SqlExecutor, row: Row): Promise<TraceView> {
  const key = [row.tenant as string, row.trace_id as string];
  const spans = await sql.query(
    'SELECT * FROM trace_spans WHERE tenant = ? AND trace_id = ? ORDER BY start_us, span_id LIMIT ?',
    [...key, MAX_DETAIL_SPANS + 1],
  );
  const scores = await sql.query(
    'SELECT * FROM trace_scores WHERE tenant = ? AND trace_id = ? ORDER BY time_us, id',
    key,
  );
  const truncated = spans.length > MAX_DETAIL_SPANS;
  const kept = spans.slice(0, MAX_DETAIL_SPANS).map(spanView);
  return {
    trace: traceDetail(row),
    spans: buildSpanTree(kept),
    spanCount: kept.length,
    truncated,
    scores: scores.map(scoreView),
  };
}
