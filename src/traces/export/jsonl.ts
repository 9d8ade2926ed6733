import type { SqlExecutor } from '../../spec/index.ts';
import type { TraceFilters } from '../query/filters.ts';
import { listTraces } from '../query/list-traces.ts';
import { type Row, scoreView, spanView, traceDetail } from '../query/rows.ts';
import type { TenantDirectory, TenantScope } from '../query/tenants.ts';

/**
 * Writes matching traces as JSON Lines, newest first: one line per trace with its (flat) spans and
 * scores. Pages through the list with its cursor, so memory stays at one page however many match.
 */
export async function exportJsonl(
  sql: SqlExecutor,
  tenants: TenantDirectory,
  o: { scope: TenantScope; filters: TraceFilters; write(line: string): void | Promise<void>; max?: number },
): Promise<number> {
  let cursor: string | undefined;
  let written = 0;
  const max = o.max ?? Number.POSITIVE_INFINITY;
  for (;;) {
    const page = await listTraces(sql, tenants, {
      scope: o.scope,
      filters: o.filters,
      limit: 200,
      ...(cursor ? { cursor } : {}),
    });
    for (const summary of page.data) {
      if (written >= max) return written;
      const key = [summary.tenant, summary.traceId];
      const [row] = await sql.query('SELECT * FROM traces WHERE tenant = ? AND trace_id = ?', key);
      if (!row) continue;
      const spans = await sql.query(
        'SELECT * FROM trace_spans WHERE tenant = ? AND trace_id = ? ORDER BY start_us',
        key,
      );
      const scores = await sql.query(
        'SELECT * FROM trace_scores WHERE tenant = ? AND trace_id = ? ORDER BY time_us',
        key,
      );
      const line = { ...traceDetail(row as Row), spans: spans.map(spanView), scores: scores.map(scoreView) };
      await o.write(`${JSON.stringify(line)}\n`);
      written++;
    }
    if (!page.nextCursor) return written;
    cursor = page.nextCursor;
  }
}
