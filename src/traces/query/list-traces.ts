import type { SqlExecutor } from '../../spec/index.ts';
import { compareDesc, decodeCursor, encodeCursor, type TraceCursor } from './cursor.ts';
import { marks, type TraceFilters, traceConditions, Where } from './filters.ts';
import { type Row, TRACE_LIST_COLUMNS, type TraceSummary, traceSummary } from './rows.ts';
import type { TenantDirectory, TenantScope } from './tenants.ts';

export const DEFAULT_TRACE_LIMIT = 50;
export const MAX_TRACE_LIMIT = 1000;
/** Up to this many tenants get one index walk each (then merged); more use one IN query. */
const PER_TENANT_MAX = 16;

export interface ListTracesOptions {
  scope: TenantScope;
  filters: TraceFilters;
  limit?: number;
  /** From the previous page's `nextCursor`. */
  cursor?: string;
}

export interface TracePage {
  data: TraceSummary[];
  nextCursor: string | null;
}

const COLUMNS = TRACE_LIST_COLUMNS.map((c) => `t.${c}`).join(', ');
const ORDER = 'ORDER BY t.start_us DESC, t.trace_id DESC, t.tenant DESC';

/** Rows after the cursor for one tenant: `trace_id <=` only when this tenant sorts after it. */
function afterCursorForTenant(where: Where, c: TraceCursor, tenant: string): void {
  const op = tenant < c.tenant ? '<=' : '<';
  where.push(`t.start_us <= ? AND (t.start_us < ? OR t.trace_id ${op} ?)`, c.startUs, c.startUs, c.traceId);
}

function afterCursor(where: Where, c: TraceCursor): void {
  where.push(
    't.start_us <= ? AND (t.start_us < ? OR t.trace_id < ? OR (t.trace_id = ? AND t.tenant < ?))',
    c.startUs,
    c.startUs,
    c.traceId,
    c.traceId,
    c.tenant,
  );
}

async function page(
  sql: SqlExecutor,
  o: { tenants: string[]; filters: TraceFilters; cursor: TraceCursor | null; take: number },
): Promise<Row[]> {
  const where = new Where();
  if (o.tenants.length === 1) where.push('t.tenant = ?', o.tenants[0] as string);
  else where.push(`t.tenant IN (${marks(o.tenants.length)})`, ...o.tenants);
  traceConditions(o.filters, where);
  if (o.cursor) {
    if (o.tenants.length === 1) afterCursorForTenant(where, o.cursor, o.tenants[0] as string);
    else afterCursor(where, o.cursor);
  }
  return sql.query(`SELECT ${COLUMNS} FROM traces t WHERE ${where.sql()} ${ORDER} LIMIT ?`, [
    ...where.params,
    o.take,
  ]);
}

/**
 * A page of traces, newest first, with keyset pagination: each tenant's rows come from an index
 * walk of (tenant, [filter column,] start_us) that stops at the limit, so a page costs the same on
 * the first page as on the thousandth.
 */
export async function listTraces(
  sql: SqlExecutor,
  tenants: TenantDirectory,
  options: ListTracesOptions,
): Promise<TracePage> {
  const limit = Math.min(Math.max(1, options.limit ?? DEFAULT_TRACE_LIMIT), MAX_TRACE_LIMIT);
  const cursor = options.cursor === undefined ? null : decodeCursor(options.cursor);
  const resolved = await tenants.resolve(options.scope, options.filters.tenant);
  if (resolved.length === 0) return { data: [], nextCursor: null };
  const take = limit + 1;
  const groups = resolved.length <= PER_TENANT_MAX ? resolved.map((tenant) => [tenant]) : [resolved];
  const rows: Row[] = [];
  for (const group of groups) {
    rows.push(...(await page(sql, { tenants: group, filters: options.filters, cursor, take })));
  }
  const data = rows.map(traceSummary).sort((a, b) => compareDesc(keyOf(a), keyOf(b)));
  const more = data.length > limit;
  const shown = data.slice(0, limit);
  const last = shown.at(-1);
  return { data: shown, nextCursor: more && last ? encodeCursor(keyOf(last)) : null };
}

const keyOf = (t: TraceSummary): TraceCursor => ({
  startUs: t.startUs,
  traceId: t.traceId,
  tenant: t.tenant,
});
