import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AuditSink } from '../../access/index.ts';
import type { Logger } from '../../log/index.ts';
import type { SqlExecutor } from '../../spec/index.ts';
import { parseInput } from '../query/parse-query.ts';
import type { AuthorizeTraces } from '../query/routes.ts';
import type { TenantScope } from '../query/tenants.ts';
import { type EraseReport, eraseUser, unknownTenant } from './erase.ts';

export interface EraseRoutesDeps {
  sql: SqlExecutor;
  authorize?: AuthorizeTraces | undefined;
  audit?: AuditSink | undefined;
  /** Writes what is queued (traces, records) before erasing, so nothing of the user lands after. */
  flushWrites?(): Promise<void>;
  flushCache?: ((tenants: readonly string[] | undefined) => Promise<void>) | undefined;
  /** A second pass this long after the first catches writes that were in flight (default 5 s; 0 = none). */
  followUpMs?: number;
  logger?: Logger | undefined;
}

const params = z.strictObject({ id: z.string().min(1).max(256) });
const query = z.strictObject({ tenant: z.string().min(1).max(256).optional() });

function narrow(scope: TenantScope, tenant: string | undefined): TenantScope {
  if (tenant === undefined) return scope;
  if (scope !== undefined && !scope.includes(tenant)) throw unknownTenant(tenant);
  return [tenant];
}

/**
 * `DELETE /api/users/:id/data[?tenant=T]`: erases an end user (see eraseUser) in the caller's
 * tenants and answers with what went. The user id is never logged; the audit row holds its hash.
 */
export function registerEraseRoutes(app: FastifyInstance, deps: EraseRoutesDeps): void {
  const timers = new Set<NodeJS.Timeout>();
  app.addHook('onClose', async () => {
    for (const timer of timers) clearTimeout(timer);
  });
  app.delete('/api/users/:id/data', async (request): Promise<EraseReport & { followUp: boolean }> => {
    const caller = deps.authorize ? await deps.authorize(request, 'erase') : {};
    const scope = caller.tenants;
    const { id } = parseInput(params, request.params, 'id');
    const scoped = narrow(scope, parseInput(query, request.query).tenant);
    await deps.flushWrites?.();
    const actor = caller.actor;
    const options = {
      userId: id,
      scope: scoped,
      audit: deps.audit,
      flushCache: deps.flushCache,
      logger: deps.logger,
      ...(actor ? { actor } : {}),
    };
    const report = await eraseUser(deps.sql, options);
    const followUpMs = deps.followUpMs ?? 5000;
    if (followUpMs > 0) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        // The second pass is not audited again (nothing new was asked); failures are logged only.
        eraseUser(deps.sql, { ...options, audit: undefined, flushCache: undefined }).catch((error: unknown) =>
          deps.logger?.warn(
            { err: error instanceof Error ? error.message : 'error' },
            'erasure follow-up failed',
          ),
        );
      }, followUpMs);
      timer.unref();
      timers.add(timer);
    }
    return { ...report, followUp: followUpMs > 0 };
  });
}
