import type { SqlExecutor } from '../../spec/index.ts';
import { distinctTenants } from '../query/tenants.ts';
import { type RetentionConfig, retentionDays } from './config.ts';
import { addCounts, deleteTraces } from './delete-traces.ts';

const DAY_MS = 86_400_000;

export interface RetentionRunResult {
  deleted: Record<string, number>;
  /** True when the run stopped at maxRunMs with rows still due (the next run continues). */
  incomplete: boolean;
}

async function requestTenants(sql: SqlExecutor): Promise<string[]> {
  const rows = await sql.query<{ tenant: string | null }>(
    `WITH RECURSIVE t(tenant) AS (
       SELECT MIN(tenant) FROM requests
       UNION ALL
       SELECT (SELECT MIN(tenant) FROM requests WHERE tenant > t.tenant) FROM t WHERE t.tenant IS NOT NULL
     ) SELECT tenant FROM t WHERE tenant IS NOT NULL`,
  );
  return rows.map((r) => r.tenant as string);
}

async function changes(tx: SqlExecutor, sql: string, params: (string | number)[]): Promise<number> {
  return (await tx.execute(sql, params)).changes;
}

/** One bounded batch for a tenant; returns how many rows went (all below `size` = nothing left). */
async function batch(
  sql: SqlExecutor,
  o: { tenant: string; cutoffMs: number; size: number; requests: boolean },
): Promise<Record<string, number>> {
  const cutoffUs = o.cutoffMs * 1000;
  const params = [o.tenant, cutoffUs, o.size];
  return sql.transaction(async (tx) => {
    const ids = await tx.query<{ trace_id: string }>(
      'SELECT trace_id FROM traces WHERE tenant = ? AND start_us < ? ORDER BY start_us LIMIT ?',
      params,
    );
    const traces = await deleteTraces(
      tx,
      o.tenant,
      ids.map((r) => r.trace_id),
    );
    // Leftovers keyed by their own time: spans whose trace row is gone, scores that never met a trace.
    const spans = await changes(
      tx,
      `DELETE FROM trace_spans WHERE (tenant, trace_id, span_id) IN (
         SELECT tenant, trace_id, span_id FROM trace_spans WHERE tenant = ? AND start_us < ? LIMIT ?)`,
      params,
    );
    const scores = await changes(
      tx,
      `DELETE FROM trace_scores WHERE (tenant, id) IN (
         SELECT tenant, id FROM trace_scores WHERE tenant = ? AND time_us < ? LIMIT ?)`,
      params,
    );
    const requests = o.requests
      ? await changes(
          tx,
          'DELETE FROM requests WHERE id IN (SELECT id FROM requests WHERE tenant = ? AND started_at < ? LIMIT ?)',
          [o.tenant, o.cutoffMs, o.size],
        )
      : 0;
    return { ...traces, spans: traces.spans + spans, scores: traces.scores + scores, requests };
  });
}

/**
 * Deletes what is older than each tenant's retention, in bounded batches (one short transaction
 * each, walking the (tenant, start_us) indexes oldest first) until nothing is due or `maxRunMs`
 * has passed.
 */
export async function enforceRetention(
  sql: SqlExecutor,
  o: { config: RetentionConfig; nowMs: number; clock?: () => number },
): Promise<RetentionRunResult> {
  const clock = o.clock ?? Date.now;
  const started = clock();
  const deleted: Record<string, number> = {};
  const configured = o.config.defaultDays > 0 || Object.values(o.config.perTenant).some((d) => d > 0);
  if (!configured) return { deleted, incomplete: false };
  const tenants = new Set([
    ...(await distinctTenants(sql, 'traces')),
    ...(await distinctTenants(sql, 'trace_scores')),
    ...(o.config.requests ? await requestTenants(sql) : []),
  ]);
  for (const tenant of [...tenants].sort()) {
    const days = retentionDays(o.config, tenant);
    if (days === 0) continue;
    const cutoffMs = o.nowMs - days * DAY_MS;
    for (;;) {
      if (clock() - started > o.config.maxRunMs) return { deleted, incomplete: true };
      const counts = await batch(sql, {
        tenant,
        cutoffMs,
        size: o.config.batchSize,
        requests: o.config.requests,
      });
      addCounts(deleted, counts);
      if (Object.values(counts).every((n) => n < o.config.batchSize)) break;
    }
  }
  return { deleted, incomplete: false };
}
