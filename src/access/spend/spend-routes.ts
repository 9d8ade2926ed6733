import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { KeelError } from '../../errors/index.ts';
import type { SqlExecutor } from '../../spec/index.ts';
import { parseInput } from '../admin/validate.ts';
import { parseReportTime } from './since.ts';
import { formatSpendCsv } from './spend-format.ts';
import {
  chargeback,
  parseDimensions,
  type SpendFilters,
  type SpendReport,
  spendReport,
} from './spend-report.ts';
import { dayOf } from './spend-row.ts';

/**
 * What a caller may see, as decided by the admin API's auth (RBAC lives there): each field set
 * pins the query to that org / team / project / key. An empty object means everything.
 * The callback throws a KeelError (401/403) for callers who may not read spend at all.
 */
export interface SpendScope {
  orgId?: string;
  teamId?: string;
  projectId?: string;
  keyId?: string;
}
export type SpendAuthorize = (request: FastifyRequest) => Promise<SpendScope> | SpendScope;

const id = z.string().min(1).max(200);
const common = {
  by: z.string().min(1).max(200).optional(),
  org: id.optional(),
  team: id.optional(),
  project: id.optional(),
  key: id.optional(),
  model: id.optional(),
  format: z.enum(['json', 'csv']).default('json'),
};
const reportQuery = z.strictObject({
  ...common,
  since: z.string().min(1).max(40).default('30d'),
  until: z.string().min(1).max(40).optional(),
  limit: z.coerce.number().int().min(1).max(100_000).optional(),
});
const chargebackQuery = z.strictObject({ ...common, period: z.string().min(1).max(20) });

/** Query filters narrowed to the caller's scope; asking for another scope's data is a 404, not data. */
function scopedFilters(
  query: z.infer<typeof reportQuery> | z.infer<typeof chargebackQuery>,
  scope: SpendScope,
): SpendFilters {
  const pairs: Array<[keyof SpendScope, string | undefined, string]> = [
    ['orgId', query.org, 'organisation'],
    ['teamId', query.team, 'team'],
    ['projectId', query.project, 'project'],
    ['keyId', query.key, 'key'],
  ];
  const filters: SpendFilters = {};
  for (const [field, asked, label] of pairs) {
    const allowed = scope[field];
    if (allowed !== undefined && asked !== undefined && asked !== allowed) {
      throw new KeelError('not_found', `No such ${label}`);
    }
    const value = allowed ?? asked;
    if (value !== undefined) filters[field] = value;
  }
  if (query.model !== undefined) filters.model = query.model;
  return filters;
}

function send(
  reply: FastifyReply,
  report: SpendReport & { period?: string },
  format: 'json' | 'csv',
): FastifyReply {
  if (format === 'json') return reply.send(report);
  const extra = report.period === undefined ? {} : { period: report.period };
  return reply.header('content-type', 'text/csv; charset=utf-8').send(formatSpendCsv(report, extra));
}

/**
 * GET /api/spend?by=team,model&since=30d[&until=…][&team=…][&format=csv] — spend over whole UTC
 * days from the daily rollups (up to one rollup interval behind).
 * GET /api/spend/chargeback?period=2026-11[&by=org,team,project][&format=csv] — one period's statement.
 */
export function registerSpendRoutes(
  app: FastifyInstance,
  options: { sql: SqlExecutor; authorize: SpendAuthorize; now?: () => number },
): void {
  const now = options.now ?? Date.now;
  app.get('/api/spend', async (request, reply) => {
    const scope = await options.authorize(request);
    const query = parseInput(reportQuery, request.query, 'query');
    const at = now();
    const from = parseReportTime(query.since, { now: at, name: 'since' });
    const until = query.until === undefined ? at : parseReportTime(query.until, { now: at, name: 'until' });
    if (until < from)
      throw new KeelError('invalid_request', 'until must not be before since', { param: 'until' });
    const report = await spendReport(options.sql, {
      by: parseDimensions(query.by ?? 'team'),
      fromDay: dayOf(from),
      // Whole days: the day `until` falls in is included.
      untilDay: dayOf(until + 86_400_000),
      filters: scopedFilters(query, scope),
      ...(query.limit === undefined ? {} : { limit: query.limit }),
    });
    return send(reply, report, query.format);
  });
  app.get('/api/spend/chargeback', async (request, reply) => {
    const scope = await options.authorize(request);
    const query = parseInput(chargebackQuery, request.query, 'query');
    const report = await chargeback(options.sql, {
      period: query.period,
      by: parseDimensions(query.by ?? 'org,team,project'),
      filters: scopedFilters(query, scope),
    });
    return send(reply, report, query.format);
  });
}
