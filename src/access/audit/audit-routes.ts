import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { KeelError } from '../../errors/index.ts';
import { isCalendarDate } from '../../util/index.ts';
import { MAX_AUDIT_LIMIT } from './audit-query.ts';
import type { AuditLog } from './audit-types.ts';

export type AuditPermission = 'audit.read' | 'audit.verify';

/** What the caller may read: `orgId` confines them to one organisation's events; none = all. */
export interface AuditScope {
  orgId?: string | undefined;
}

export interface AuditRoutesOptions {
  audit: AuditLog;
  /**
   * Throws (a KeelError: unauthorized / forbidden) when the caller may not do this; otherwise
   * returns the caller's scope (nothing = instance-wide).
   */
  authorize(
    request: FastifyRequest,
    permission: AuditPermission,
  ): AuditScope | undefined | Promise<AuditScope | undefined>;
}

const digits = (max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(1).max(max));

// Query strings are strings: times are ISO 8601 or epoch ms, numbers are digits only.
const time = z.string().transform((text, ctx) => {
  const ms = /^\d+$/.test(text)
    ? Number(text)
    : /^\d{4}-\d{2}-\d{2}/.test(text) && isCalendarDate(text)
      ? Date.parse(text)
      : Number.NaN;
  if (!Number.isSafeInteger(ms) || ms < 0) {
    ctx.addIssue({ code: 'custom', message: 'must be an ISO 8601 time (2025-01-31T10:00:00Z) or epoch ms' });
    return z.NEVER;
  }
  return ms;
});

const listQuery = z.strictObject({
  since: time.optional(),
  until: time.optional(),
  actor: z.string().min(1).max(256).optional(),
  action: z.string().min(1).max(128).optional(),
  target: z.string().min(1).max(512).optional(),
  beforeSeq: digits(Number.MAX_SAFE_INTEGER).optional(),
  limit: digits(MAX_AUDIT_LIMIT).optional(),
});

/**
 * `GET /api/audit` (newest first; page with `beforeSeq` = the last seq you got) and
 * `GET /api/audit/verify`. Authentication and roles belong to the admin API: it passes `authorize`.
 */
export function registerAuditRoutes(app: FastifyInstance, options: AuditRoutesOptions): void {
  const { audit, authorize } = options;
  app.get('/api/audit', async (request) => {
    const scope = await authorize(request, 'audit.read');
    const query = parseQuery(request.query);
    // The caller's organisation is a filter the query cannot widen (it has no orgId parameter).
    const data = await audit.list(scope?.orgId === undefined ? query : { ...query, orgId: scope.orgId });
    const last = data.at(-1);
    const limit = query.limit ?? 100;
    return { data, nextBeforeSeq: data.length === limit && last ? last.seq : null };
  });
  app.get('/api/audit/verify', async (request) => {
    await authorize(request, 'audit.verify');
    if (Object.keys((request.query as object | undefined) ?? {}).length > 0) {
      throw new KeelError('invalid_request', 'GET /api/audit/verify takes no query parameters');
    }
    return audit.verify();
  });
}

// Same shape of 400 as the gateway's parseBody (not imported: the gateway's start-up may import the
// access module, and this file must not import the gateway back).
function parseQuery(input: unknown): z.infer<typeof listQuery> {
  const result = listQuery.safeParse(input ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const param = issue ? issue.path.map(String).join('.') : '';
  const message = issue ? `Invalid value for '${param || 'query'}': ${issue.message}` : 'Invalid query';
  throw new KeelError('invalid_request', message, param ? { param } : {});
}
