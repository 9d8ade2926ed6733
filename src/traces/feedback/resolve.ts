import type { SqlExecutor } from '../../spec/index.ts';
import { UUID_PATTERN, uuidv7Time } from '../../store/index.ts';

/** The trace id a gateway request gets when the client sent no traceparent: its id as 32 hex. */
export function requestTraceId(requestId: string): string {
  return requestId.replaceAll('-', '').toLowerCase();
}

/** How far around the request id's timestamp the generation span is looked for. */
const WINDOW_US = 10 * 60 * 1_000_000;

/**
 * The stored trace of a gateway request, or null when it is not written (yet). The request's own
 * trace is tried first; a request that joined the client's trace (traceparent) is found by its
 * generation span, whose id is the request id's last 16 hex digits, near the time the UUIDv7 id
 * carries (an index range on (tenant, start_us), not a scan).
 */
export async function findRequestTrace(
  sql: SqlExecutor,
  tenant: string,
  requestId: string,
): Promise<string | null> {
  const own = requestTraceId(requestId);
  const [row] = await sql.query('SELECT trace_id FROM traces WHERE tenant = ? AND trace_id = ?', [
    tenant,
    own,
  ]);
  if (row) return own;
  if (!UUID_PATTERN.test(requestId)) return null;
  const atUs = uuidv7Time(requestId) * 1000;
  const [span] = await sql.query<{ trace_id: string }>(
    `SELECT trace_id FROM trace_spans WHERE tenant = ? AND start_us >= ? AND start_us <= ? AND span_id = ? LIMIT 1`,
    [tenant, atUs - WINDOW_US, atUs + WINDOW_US, own.slice(-16)],
  );
  return span ? span.trace_id : null;
}

export async function traceExists(sql: SqlExecutor, tenant: string, traceId: string): Promise<boolean> {
  const rows = await sql.query('SELECT 1 AS x FROM traces WHERE tenant = ? AND trace_id = ?', [
    tenant,
    traceId,
  ]);
  return rows.length > 0;
}
