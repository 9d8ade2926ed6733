import type { SqlExecutor, SqlValue } from '../spec/index.ts';
import { type BulkColumn, bulkUpsert, jsonMerge, marks } from './bulk-sql.ts';
import type { MergedBatch } from './merge.ts';
import type { SpanRow, TraceUpsert } from './model.ts';
import { type SpanSummaryRow, SUMMARY_COLUMNS, summarize, type TraceSummary } from './summary.ts';

const key = (tenant: string, traceId: string): string => `${tenant}\u0000${traceId}`;
const CHUNK = 500;

/** Postgres: advisory locks (released at commit) on every touched trace, in one global order. */
export async function lockTraces(tx: SqlExecutor, batch: MergedBatch): Promise<void> {
  if (tx.dialect !== 'postgres') return; // SQLite has one writer at a time already.
  // Length-prefixed so keys are unambiguous; no NUL (Postgres text cannot hold it).
  const lockKey = (tenant: string, traceId: string) => `${tenant.length}:${tenant}${traceId}`;
  const keys = new Set<string>();
  for (const s of batch.spans) keys.add(lockKey(s.tenant, s.traceId));
  for (const t of batch.traces) keys.add(lockKey(t.tenant, t.traceId));
  if (keys.size === 0) return;
  // Sorted by hash in SQL: locks are taken in the same order by every writer (no deadlocks);
  // a hash collision only makes two unrelated traces take turns.
  await tx.query(
    `SELECT pg_advisory_xact_lock(h) FROM (
       SELECT DISTINCT hashtextextended(value, 7) AS h FROM json_array_elements_text(?::json)
       ORDER BY h) AS locks`,
    [JSON.stringify([...keys])],
  );
}

function byTenant(spans: readonly SpanRow[]): Map<string, string[]> {
  const out = new Map<string, Set<string>>();
  for (const s of spans) {
    const ids = out.get(s.tenant);
    if (ids) ids.add(s.traceId);
    else out.set(s.tenant, new Set([s.traceId]));
  }
  return new Map([...out].map(([tenant, ids]) => [tenant, [...ids]]));
}

/** Keys of the batch's traces that already have stored spans (before this batch's are written). */
export async function tracesWithSpans(tx: SqlExecutor, spans: readonly SpanRow[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const [tenant, ids] of byTenant(spans)) {
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      const rows = await tx.query<{ trace_id: string }>(
        `SELECT DISTINCT trace_id FROM trace_spans WHERE tenant = ? AND trace_id IN (${marks(chunk.length)})`,
        [tenant, ...chunk],
      );
      for (const row of rows) found.add(key(tenant, row.trace_id));
    }
  }
  return found;
}

function toSummaryRow(s: SpanRow): SpanSummaryRow {
  return {
    trace_id: s.traceId,
    span_id: s.spanId,
    parent_id: s.parentId,
    start_us: s.startUs,
    end_us: s.endUs,
    name: s.name,
    kind: s.kind,
    layer: s.layer,
    status: s.status,
    model: s.model,
    provider: s.provider,
    deployment: s.deployment,
    prompt_name: s.promptName,
    prompt_version: s.promptVersion,
    input_tokens: s.inputTokens,
    output_tokens: s.outputTokens,
    total_tokens: s.totalTokens,
    cost_usd: s.costUsd,
    ttft_ms: s.ttftMs,
    cache_hit: s.cacheHit === null ? null : s.cacheHit ? 1 : 0,
    verdict: s.verdict,
  };
}

/** Summaries per trace key: from the batch for new traces, from the store for the others. */
async function summaries(
  tx: SqlExecutor,
  spans: readonly SpanRow[],
  existing: ReadonlySet<string>,
): Promise<Map<string, TraceSummary>> {
  const groups = new Map<string, SpanSummaryRow[]>();
  const reread: SpanRow[] = [];
  for (const s of spans) {
    const k = key(s.tenant, s.traceId);
    if (existing.has(k)) {
      reread.push(s);
      continue;
    }
    const list = groups.get(k);
    if (list) list.push(toSummaryRow(s));
    else groups.set(k, [toSummaryRow(s)]);
  }
  for (const [tenant, ids] of byTenant(reread)) {
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      const rows = await tx.query<SpanSummaryRow & Record<string, unknown>>(
        `SELECT ${SUMMARY_COLUMNS.join(', ')} FROM trace_spans WHERE tenant = ? AND trace_id IN (${marks(chunk.length)})`,
        [tenant, ...chunk],
      );
      for (const row of rows) {
        const k = key(tenant, row.trace_id);
        const list = groups.get(k);
        if (list) list.push(row);
        else groups.set(k, [row]);
      }
    }
  }
  return new Map([...groups].map(([k, rows]) => [k, summarize(rows)]));
}

const DECLARED: BulkColumn[] = [
  { name: 'tenant', pg: 'text' },
  { name: 'trace_id', pg: 'text' },
  { name: 'start_us', pg: 'bigint' },
  { name: 'name', pg: 'text' },
  { name: 'name_declared', pg: 'smallint' },
  { name: 'user_id', pg: 'text' },
  { name: 'session_id', pg: 'text' },
  { name: 'team_id', pg: 'text' },
  { name: 'feature', pg: 'text' },
  { name: 'source', pg: 'text' },
  { name: 'created_us', pg: 'bigint' },
  { name: 'updated_us', pg: 'bigint' },
  { name: 'tags', pg: 'jsonb' },
  { name: 'metadata', pg: 'jsonb' },
  { name: 'input', pg: 'text' },
  { name: 'output', pg: 'text' },
];

const DERIVED: BulkColumn[] = [
  { name: 'end_us', pg: 'bigint' },
  { name: 'duration_ms', pg: 'double precision' },
  { name: 'status', pg: 'text' },
  { name: 'span_count', pg: 'integer' },
  { name: 'error_count', pg: 'integer' },
  { name: 'model', pg: 'text' },
  { name: 'models', pg: 'jsonb' },
  { name: 'provider', pg: 'text' },
  { name: 'deployment', pg: 'text' },
  { name: 'prompt_name', pg: 'text' },
  { name: 'prompt_version', pg: 'text' },
  { name: 'input_tokens', pg: 'bigint' },
  { name: 'output_tokens', pg: 'bigint' },
  { name: 'total_tokens', pg: 'bigint' },
  { name: 'cost_usd', pg: 'double precision' },
  { name: 'ttft_ms', pg: 'double precision' },
  { name: 'layers', pg: 'integer' },
  { name: 'cache_hit', pg: 'smallint' },
  { name: 'guard_triggered', pg: 'smallint' },
];

function declaredValues(
  t: TraceUpsert | undefined,
  init: { tenant: string; traceId: string; startUs: number; source: string; nowUs: number; name?: string },
): SqlValue[] {
  const declaredName = t?.name ?? null;
  return [
    init.tenant,
    init.traceId,
    init.startUs,
    declaredName ?? init.name ?? null,
    declaredName === null ? 0 : 1,
    t?.userId ?? null,
    t?.sessionId ?? null,
    t?.teamId ?? null,
    t?.feature ?? null,
    t?.source ?? init.source,
    init.nowUs,
    init.nowUs,
    JSON.stringify(t?.tags ?? []),
    t?.metadata ?? '{}',
    t?.input ?? null,
    t?.output ?? null,
  ];
}

function derivedValues(s: TraceSummary): SqlValue[] {
  return [
    s.endUs,
    s.durationMs,
    s.status,
    s.spanCount,
    s.errorCount,
    s.model,
    JSON.stringify(s.models),
    s.provider,
    s.deployment,
    s.promptName,
    s.promptVersion,
    s.inputTokens,
    s.outputTokens,
    s.totalTokens,
    s.costUsd,
    s.ttftMs,
    s.layers,
    s.cacheHit,
    s.guardTriggered,
  ];
}

/** Declared fields: a later non-null value wins, tags are unioned, metadata keys merged. */
function declaredAction(dialect: SqlExecutor['dialect']): string {
  return `name = CASE WHEN excluded.name_declared = 1 THEN excluded.name
                 WHEN traces.name_declared = 1 THEN traces.name ELSE COALESCE(excluded.name, traces.name) END,
      name_declared = CASE WHEN excluded.name_declared = 1 THEN 1 ELSE traces.name_declared END,
      user_id = COALESCE(excluded.user_id, traces.user_id),
      session_id = COALESCE(excluded.session_id, traces.session_id),
      team_id = COALESCE(excluded.team_id, traces.team_id),
      feature = COALESCE(excluded.feature, traces.feature),
      tags = ${tagUnionSql(dialect)},
      metadata = ${jsonMerge(dialect, 'traces.metadata', 'excluded.metadata')},
      input = COALESCE(excluded.input, traces.input),
      output = COALESCE(excluded.output, traces.output),
      updated_us = excluded.updated_us`;
}

/** Writes the row of every trace the batch touches, and its tags. */
export async function writeTraces(
  tx: SqlExecutor,
  o: { batch: MergedBatch; existing: ReadonlySet<string>; nowUs: number },
): Promise<void> {
  const declared = new Map(o.batch.traces.map((t) => [key(t.tenant, t.traceId), t]));
  const summarized = await summaries(tx, o.batch.spans, o.existing);
  const sources = new Map<string, string>();
  for (const span of o.batch.spans) {
    const k = key(span.tenant, span.traceId);
    if (!sources.has(k)) sources.set(k, span.source);
  }
  const withSpans: SqlValue[][] = [];
  for (const [k, s] of summarized) {
    const [tenant = '', traceId = ''] = k.split('\u0000');
    const t = declared.get(k);
    declared.delete(k);
    const init = { tenant, traceId, startUs: s.startUs, source: 'otlp', nowUs: o.nowUs, name: s.name };
    withSpans.push([
      ...declaredValues(t, { ...init, source: t?.source ?? sources.get(k) ?? 'otlp' }),
      ...derivedValues(s),
    ]);
  }
  const derivedSet = DERIVED.map((c) => `${c.name} = excluded.${c.name}`).join(',\n      ');
  await bulkUpsert(tx, {
    table: 'traces',
    columns: [...DECLARED, ...DERIVED],
    rows: withSpans,
    conflict: '(tenant, trace_id)',
    action: `DO UPDATE SET start_us = excluded.start_us,\n      ${derivedSet},\n      ${declaredAction(tx.dialect)}`,
  });
  // Declarations for traces with no span in this batch (e.g. a Langfuse trace-create alone).
  const declaredOnly = [...declared.values()].map((t) =>
    declaredValues(t, {
      tenant: t.tenant,
      traceId: t.traceId,
      startUs: t.timestampUs ?? o.nowUs,
      source: t.source,
      nowUs: o.nowUs,
    }),
  );
  await bulkUpsert(tx, {
    table: 'traces',
    columns: DECLARED,
    rows: declaredOnly,
    conflict: '(tenant, trace_id)',
    action: `DO UPDATE SET ${declaredAction(tx.dialect)}`,
  });
  await writeTags(tx, o.batch.traces);
}

async function writeTags(tx: SqlExecutor, traces: readonly TraceUpsert[]): Promise<void> {
  const rows: SqlValue[][] = [];
  for (const t of traces) for (const tag of t.tags) rows.push([t.tenant, tag, t.traceId]);
  await bulkUpsert(tx, {
    table: 'trace_tags',
    columns: [
      { name: 'tenant', pg: 'text' },
      { name: 'tag', pg: 'text' },
      { name: 'trace_id', pg: 'text' },
    ],
    rows,
    conflict: '(tenant, tag, trace_id)',
    action: 'DO NOTHING',
  });
}

/** SQL for `tags` in the traces upsert: the union of stored and incoming tags (no-op when none come). */
export function tagUnionSql(dialect: SqlExecutor['dialect']): string {
  if (dialect === 'postgres') {
    return `CASE WHEN excluded.tags = '[]'::jsonb THEN traces.tags ELSE (
      SELECT COALESCE(jsonb_agg(v ORDER BY v), '[]'::jsonb) FROM (
        SELECT jsonb_array_elements_text(traces.tags) AS v
        UNION SELECT jsonb_array_elements_text(excluded.tags)) AS u) END`;
  }
  return `CASE WHEN excluded.tags = '[]' THEN traces.tags ELSE (
      SELECT json_group_array(value) FROM (
        SELECT value FROM json_each(traces.tags)
        UNION SELECT value FROM json_each(excluded.tags))) END`;
}
