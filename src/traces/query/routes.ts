import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Actor } from '../../access/index.ts';
import { KeelError } from '../../errors/index.ts';
import type { SqlExecutor } from '../../spec/index.ts';
import { FILTER_KEYS, filtersFromQuery } from './filters.ts';
import { listTraces, MAX_TRACE_LIMIT } from './list-traces.ts';
import { parseInput } from './parse-query.ts';
import { queryStats } from './stats.ts';
import { GROUP_BY } from './stats-sql.ts';
import type { TenantDirectory, TenantScope } from './tenants.ts';
import { requireDuration } from './time.ts';
import { getTrace } from './trace-detail.ts';

/** What a route is about to do: read traces/stats/alerts, change alert rules, or erase user data. */
export type TracesAction = 'read' | 'write' | 'erase';

/**
 * Who may do what: resolves the caller (e.g. from an admin token) to the tenants they may act on;
 * `tenants` undefined = all. Throw a KeelError (401/403) to refuse.
 */
export type AuthorizeTraces = (
  request: FastifyRequest,
  action: TracesAction,
) => Promise<TracesCaller> | TracesCaller;

/** The caller as authorize resolved it: its tenants (undefined = all) and, for the audit log, who it is. */
export interface TracesCaller {
  tenants?: string[] | undefined;
  actor?: Actor | undefined;
}

export interface TracesQueryDeps {
  sql: SqlExecutor;
  tenants: TenantDirectory;
  /** Default: everyone sees every tenant (embedded single-user mode). */
  authorize?: AuthorizeTraces | undefined;
  now?: () => number;
}

const digits = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

const listQuery = z
  .strictObject({
    ...FILTER_KEYS,
    limit: digits(1, MAX_TRACE_LIMIT).optional(),
    cursor: z.string().min(1).max(2048).optional(),
  })
  .partial();
const filterOnly = (q: Record<string, unknown>) => {
  const { limit: _l, cursor: _c, by: _b, bucket: _k, scores: _s, groups: _g, ...rest } = q;
  return rest;
};

const statsQuery = z
  .strictObject({
    ...FILTER_KEYS,
    by: z.enum(GROUP_BY).optional(),
    bucket: z.string().min(1).max(32).optional(),
    scores: z.enum(['true', 'false']).optional(),
    groups: digits(1, 1000).optional(),
  })
  .partial();

const detailQuery = z.strictObject({ tenant: z.string().min(1).max(256).optional() });
const traceId = z.string().min(1).max(256);

export async function scopeOf(
  deps: { authorize?: AuthorizeTraces | undefined },
  request: FastifyRequest,
  action: TracesAction = 'read',
): Promise<TenantScope> {
  if (!deps.authorize) return undefined;
  return (await deps.authorize(request, action)).tenants;
}

/**
 * `GET /api/traces` (filters, keyset pages), `GET /api/traces/:id` (span tree + scores) and
 * `GET /api/stats` (grouped, bucketed aggregates). Every query is scoped to the caller's tenants.
 */
export function registerTracesQueryRoutes(app: FastifyInstance, deps: TracesQueryDeps): void {
  const now = deps.now ?? Date.now;
  app.get('/api/traces', async (request) => {
    const scope = await scopeOf(deps, request);
    const q = parseInput(listQuery, request.query);
    const filters = filtersFromQuery(filterOnly(q), now());
    return listTraces(deps.sql, deps.tenants, {
      scope,
      filters,
      limit: q.limit,
      ...(q.cursor ? { cursor: q.cursor } : {}),
    });
  });
  app.get('/api/traces/:id', async (request) => {
    const scope = await scopeOf(deps, request);
    const id = parseInput(traceId, (request.params as { id?: unknown }).id, 'id');
    const q = parseInput(detailQuery, request.query);
    const found = await getTrace(deps.sql, deps.tenants, {
      scope,
      traceId: id,
      ...(q.tenant ? { tenant: q.tenant } : {}),
    });
    if (!found) throw new KeelError('not_found', `Trace '${id}' not found`);
    return found;
  });
  app.get('/api/stats', async (request) => {
    const scope = await scopeOf(deps, request);
    const q = parseInput(statsQuery, request.query);
    const filters = filtersFromQuery(filterOnly(q), now());
    return queryStats(deps.sql, deps.tenants, {
      scope,
      filters,
      by: q.by,
      bucketMs: q.bucket === undefined ? undefined : requireDuration(q.bucket, 'bucket'),
      scores: q.scores !== 'false',
      ...(q.groups ? { groups: q.groups } : {}),
      now: now(),
    });
  });
}
