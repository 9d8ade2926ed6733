import type { RequestRecord } from '../spec/index.ts';
import type { NormalizedQuery } from './record-schema.ts';
import type { StoredRecord } from './text.ts';

/**
 * SQL shared by the backends: both `requests` tables use the same column names, so the column
 * list, the row values, the list query and row decoding live here; only placeholders, booleans
 * (SQLite stores 0/1) and how a batch travels differ.
 */

export const REQUEST_COLUMNS = [
  'id',
  'started_at',
  'ended_at',
  'endpoint',
  'stream',
  'model',
  'deployment',
  'provider',
  'upstream_model',
  'attempts',
  'status',
  'error_code',
  'latency_ms',
  'upstream_ms',
  'ttft_ms',
  'overhead_ms',
  'prompt_tokens',
  'completion_tokens',
  'cached_tokens',
  'reasoning_tokens',
  'tokens_estimated',
  'cost_usd',
  'cache',
  'tenant',
  'user_id',
  'session_id',
  'feature',
  'tags',
  'metadata',
] as const;

export type RequestCell = string | number | boolean | null;

/** A record's values in REQUEST_COLUMNS order (text already cleaned, JSON columns as text). */
export function requestRowValues(stored: StoredRecord): RequestCell[] {
  const r = stored.record;
  return [
    r.id,
    r.startedAt,
    r.endedAt,
    r.endpoint,
    r.stream,
    stored.model,
    stored.deployment,
    stored.provider,
    stored.upstreamModel,
    r.attempts,
    r.status,
    stored.errorCode,
    r.latencyMs,
    r.upstreamMs,
    r.ttftMs,
    r.overheadMs,
    r.promptTokens,
    r.completionTokens,
    r.cachedTokens,
    r.reasoningTokens,
    r.tokensEstimated,
    r.costUsd,
    r.cache,
    stored.tenant,
    stored.user,
    stored.session,
    stored.feature,
    stored.tagsJson,
    stored.metadataJson,
  ];
}

const SELECT = `SELECT ${REQUEST_COLUMNS.join(', ')} FROM requests`;

export function getSql(mark: (n: number) => string): string {
  return `${SELECT} WHERE id = ${mark(1)}`;
}

/**
 * `since` is inclusive and `until` exclusive, so adjacent windows never count a record twice.
 * Without `afterId`: newest first. With it: oldest first by id (tailing walks the primary key).
 */
export function listSql(
  query: NormalizedQuery,
  mark: (n: number) => string,
): { sql: string; params: (string | number)[] } {
  const where: string[] = [];
  const params: (string | number)[] = [];
  const add = (column: string, op: string, value: string | number) => {
    params.push(value);
    where.push(`${column} ${op} ${mark(params.length)}`);
  };
  if (query.since !== undefined) add('started_at', '>=', query.since);
  if (query.until !== undefined) add('started_at', '<', query.until);
  if (query.model !== undefined) add('model', '=', query.model);
  if (query.user !== undefined) add('user_id', '=', query.user);
  if (query.status !== undefined) add('status', '=', query.status);
  if (query.afterId !== undefined) add('id', '>', query.afterId);
  params.push(query.limit);
  const order = query.afterId === undefined ? 'started_at DESC, id DESC' : 'id ASC';
  const filter = where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '';
  return { sql: `${SELECT}${filter} ORDER BY ${order} LIMIT ${mark(params.length)}`, params };
}

type Row = Record<string, unknown>;

// Backends differ in representation (SQLite: 0/1 and JSON text; pg: booleans, BIGINT as string,
// parsed JSONB); these coercions accept either.
const num = (value: unknown): number => Number(value);
const optNum = (value: unknown): number | null => (value === null ? null : Number(value));
const bool = (value: unknown): boolean => value === true || value === 1;
const str = (value: unknown): string => String(value);
const optStr = (value: unknown): string | null => (value === null ? null : String(value));
const json = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value);

export function decodeRequestRow(row: Row): RequestRecord {
  return {
    id: str(row.id),
    startedAt: num(row.started_at),
    endedAt: num(row.ended_at),
    endpoint: str(row.endpoint) as RequestRecord['endpoint'],
    stream: bool(row.stream),
    model: str(row.model),
    deployment: optStr(row.deployment),
    provider: optStr(row.provider),
    upstreamModel: optStr(row.upstream_model),
    attempts: num(row.attempts),
    status: num(row.status),
    errorCode: optStr(row.error_code),
    latencyMs: num(row.latency_ms),
    upstreamMs: optNum(row.upstream_ms),
    ttftMs: optNum(row.ttft_ms),
    overheadMs: num(row.overhead_ms),
    promptTokens: num(row.prompt_tokens),
    completionTokens: num(row.completion_tokens),
    cachedTokens: num(row.cached_tokens),
    reasoningTokens: num(row.reasoning_tokens),
    tokensEstimated: bool(row.tokens_estimated),
    costUsd: num(row.cost_usd),
    cache: str(row.cache) as RequestRecord['cache'],
    tenant: str(row.tenant),
    user: optStr(row.user_id),
    session: optStr(row.session_id),
    feature: optStr(row.feature),
    tags: json(row.tags) as string[],
    metadata: json(row.metadata) as Record<string, unknown>,
  };
}
