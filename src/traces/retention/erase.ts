import type { Actor, AuditSink } from '../../access/index.ts';
import { KeelError } from '../../errors/index.ts';
import type { Logger } from '../../log/index.ts';
import type { SqlExecutor } from '../../spec/index.ts';
import { DEFAULT_TENANT } from '../ingest/auth.ts';
import { distinctTenants, type TenantScope } from '../query/tenants.ts';
import { addCounts, deleteTraces } from './delete-traces.ts';
import { anonymiseSpend, type EraseContext, eraseAlertRows, eraseEvalRows, userErasers } from './erasers.ts';
import { erasureSalt, userHash } from './salt.ts';

export interface EraseOptions {
  userId: string;
  /** Tenants to erase in (undefined = every tenant). */
  scope: TenantScope;
  /** Records the erasure (user id as a salted hash only). */
  audit?: AuditSink | undefined;
  actor?: Actor;
  /** Flushes response-cache entries of these tenants (undefined = all); see docs/observability.md. */
  flushCache?: ((tenants: readonly string[] | undefined) => Promise<void>) | undefined;
  env?: Record<string, string | undefined>;
  logger?: Logger | undefined;
}

export interface EraseReport {
  /** `hmac-sha256:…` of the user id: what the audit log records instead of the id. */
  userHash: string;
  tenants: string[] | 'all';
  deleted: Record<string, number>;
  /** 'flushed', or why not. */
  cache: string;
}

export const unknownTenant = (tenant: string): KeelError =>
  new KeelError('not_found', `Tenant '${tenant}' not found`);

/**
 * Whether a tenant exists, for callers that see every tenant (the CLI): what an admin's scope is
 * made of on the HTTP route (the access module's projects), plus the anonymous tenant and any
 * tenant holding traces, scores or request records (embedded mode and unkeyed ingest have no
 * project rows). Point lookups on tenant-leading indexes, not scans.
 */
export async function tenantExists(sql: SqlExecutor, tenant: string): Promise<boolean> {
  if (tenant === DEFAULT_TENANT) return true;
  for (const query of [
    'SELECT 1 AS x FROM access_projects WHERE id = ?',
    'SELECT 1 AS x FROM traces WHERE tenant = ? LIMIT 1',
    'SELECT 1 AS x FROM trace_scores WHERE tenant = ? LIMIT 1',
    'SELECT 1 AS x FROM requests WHERE tenant = ? LIMIT 1',
  ]) {
    if ((await sql.query(query, [tenant])).length > 0) return true;
  }
  return false;
}

async function tenantsToErase(sql: SqlExecutor, scope: TenantScope, userId: string): Promise<string[]> {
  if (scope !== undefined) return [...scope];
  const requests = await sql.query<{ tenant: string }>(
    'SELECT DISTINCT tenant FROM requests WHERE user_id = ?',
    [userId],
  );
  const found = new Set([
    ...(await distinctTenants(sql, 'traces')),
    ...(await distinctTenants(sql, 'trace_scores')),
    ...requests.map((r) => r.tenant),
  ]);
  return [...found].sort();
}

/** The user's traces (declared on the trace, or on any span) and requests in one tenant. */
async function idsOf(
  sql: SqlExecutor,
  tenant: string,
  userId: string,
): Promise<{ traces: string[]; requests: string[] }> {
  const traces = await sql.query<{ trace_id: string }>(
    `SELECT trace_id FROM traces WHERE tenant = ? AND user_id = ?
     UNION SELECT trace_id FROM trace_spans WHERE tenant = ? AND user_id = ?`,
    [tenant, userId, tenant, userId],
  );
  const requests = await sql.query<{ id: string }>(
    'SELECT id FROM requests WHERE user_id = ? AND tenant = ?',
    [userId, tenant],
  );
  return { traces: traces.map((r) => r.trace_id), requests: requests.map((r) => r.id) };
}

/** Everything of the user in one tenant: traces (with spans, tags, scores), own scores, requests. */
async function eraseInTenant(
  sql: SqlExecutor,
  o: { tenant: string; userId: string; deleted: Record<string, number> },
): Promise<{ traces: string[]; requests: string[] }> {
  const ids = await idsOf(sql, o.tenant, o.userId);
  await sql.transaction(async (tx) => {
    addCounts(o.deleted, { ...(await deleteTraces(tx, o.tenant, ids.traces)) });
    const authored = await tx.execute('DELETE FROM trace_scores WHERE tenant = ? AND author_id = ?', [
      o.tenant,
      o.userId,
    ]);
    const requests = await tx.execute('DELETE FROM requests WHERE user_id = ? AND tenant = ?', [
      o.userId,
      o.tenant,
    ]);
    addCounts(o.deleted, { scores: authored.changes, requests: requests.changes });
  });
  return ids;
}

/**
 * Erases an end user: their traces, spans, tags, scores and feedback, request records, evaluation
 * rows that sampled them, alert rows grouped by them, registered modules' rows; blanks them out of
 * spend records; flushes the response cache; and records the erasure in the audit log under a
 * salted hash of the id. Idempotent: running it again (e.g. to catch writes that were in flight)
 * finds nothing new or the stragglers.
 */
export async function eraseUser(sql: SqlExecutor, o: EraseOptions): Promise<EraseReport> {
  const deleted: Record<string, number> = { traces: 0, spans: 0, tags: 0, scores: 0, requests: 0 };
  const traceIds: string[] = [];
  const requestIds: string[] = [];
  for (const tenant of await tenantsToErase(sql, o.scope, o.userId)) {
    const ids = await eraseInTenant(sql, { tenant, userId: o.userId, deleted });
    traceIds.push(...ids.traces);
    requestIds.push(...ids.requests);
  }
  const ctx: EraseContext = { sql, userId: o.userId, tenants: o.scope, traceIds, requestIds };
  deleted.spend = await anonymiseSpend(ctx);
  deleted.evals = await eraseEvalRows(ctx);
  deleted.alerts = await eraseAlertRows(ctx);
  for (const eraser of userErasers()) deleted[eraser.name] = await eraser.erase(ctx);
  let cache = 'not flushed: no cache flusher configured (the in-process memory cache expires by TTL)';
  if (o.flushCache) {
    try {
      await o.flushCache(o.scope);
      cache = 'flushed';
    } catch (error) {
      cache = `flush failed: ${error instanceof Error ? error.name : 'error'}`;
      o.logger?.warn(
        { err: error instanceof Error ? error.message : 'error' },
        'response cache flush failed',
      );
    }
  }
  const hash = userHash(await erasureSalt(sql, o.env), o.userId);
  const report: EraseReport = {
    userHash: hash,
    tenants: o.scope === undefined ? 'all' : [...o.scope],
    deleted,
    cache,
  };
  await o.audit?.record({
    actor: o.actor ?? { kind: 'system', id: 'traces' },
    action: 'user.erase',
    target: `end_user:${hash}`,
    meta: { tenants: report.tenants, deleted, cache },
  });
  return report;
}
