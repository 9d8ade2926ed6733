import type { SqlExecutor } from '../spec/index.ts';
import { type BulkColumn, bulkUpsert, jsonMerge } from './bulk-sql.ts';
import { mergeBatch } from './merge.ts';
import type { QueueItem, ScoreRow, SpanRow } from './model.ts';
import { lockTraces, tracesWithSpans, writeTraces } from './write-traces.ts';

/**
 * Writes one batch in one transaction:
 *  1. Postgres only: transaction-scoped advisory locks on the touched traces, in key order, so two
 *     replicas writing spans of the same trace take turns and each sees the other's spans;
 *  2. note which touched traces already have stored spans (an index-only probe);
 *  3. upsert the spans (idempotent on tenant + trace id + span id);
 *  4. write each touched trace's row — declared fields merged, derived summary columns replaced:
 *     computed from this batch's spans for new traces, re-read from all stored spans for traces
 *     that had some (so a span delivered twice never counts twice);
 *  5. upsert scores (idempotent on tenant + score id).
 */
export async function writeBatch(
  sql: SqlExecutor,
  items: readonly QueueItem[],
  nowUs: number,
): Promise<void> {
  const batch = mergeBatch(items);
  if (batch.spans.length + batch.traces.length + batch.scores.length === 0) return;
  await sql.transaction(async (tx) => {
    await lockTraces(tx, batch);
    const existing = await tracesWithSpans(tx, batch.spans);
    await upsertSpans(tx, batch.spans, nowUs);
    await writeTraces(tx, { batch, existing, nowUs });
    await upsertScores(tx, batch.scores);
  });
}

const SPAN_COLUMNS: BulkColumn[] = [
  { name: 'tenant', pg: 'text' },
  { name: 'trace_id', pg: 'text' },
  { name: 'span_id', pg: 'text' },
  { name: 'parent_id', pg: 'text' },
  { name: 'start_us', pg: 'bigint' },
  { name: 'end_us', pg: 'bigint' },
  { name: 'duration_ms', pg: 'double precision' },
  { name: 'name', pg: 'text' },
  { name: 'kind', pg: 'text' },
  { name: 'layer', pg: 'text' },
  { name: 'status', pg: 'text' },
  { name: 'status_message', pg: 'text' },
  { name: 'model', pg: 'text' },
  { name: 'provider', pg: 'text' },
  { name: 'deployment', pg: 'text' },
  { name: 'prompt_name', pg: 'text' },
  { name: 'prompt_version', pg: 'text' },
  { name: 'input_tokens', pg: 'bigint' },
  { name: 'output_tokens', pg: 'bigint' },
  { name: 'total_tokens', pg: 'bigint' },
  { name: 'cost_usd', pg: 'double precision' },
  { name: 'ttft_ms', pg: 'double precision' },
  { name: 'completion_start_us', pg: 'bigint' },
  { name: 'cache_hit', pg: 'smallint' },
  { name: 'verdict', pg: 'text' },
  { name: 'user_id', pg: 'text' },
  { name: 'session_id', pg: 'text' },
  { name: 'source', pg: 'text' },
  { name: 'partial', pg: 'smallint' },
  { name: 'ingested_us', pg: 'bigint' },
  { name: 'metadata', pg: 'jsonb' },
  { name: 'input', pg: 'text' },
  { name: 'output', pg: 'text' },
];

/** Columns where a later non-null value replaces the stored one. */
const COALESCED = [
  'end_us',
  'status_message',
  'model',
  'provider',
  'deployment',
  'prompt_name',
  'prompt_version',
  'input_tokens',
  'output_tokens',
  'total_tokens',
  'cost_usd',
  'completion_start_us',
  'cache_hit',
  'verdict',
  'user_id',
  'session_id',
  'input',
  'output',
];

function spanConflictAction(dialect: SqlExecutor['dialect']): string {
  const t = 'trace_spans';
  const start = `CASE WHEN excluded.partial = 1 THEN ${t}.start_us ELSE excluded.start_us END`;
  const end = `COALESCE(excluded.end_us, ${t}.end_us)`;
  const computed = `(${end} - ${start}) / 1000.0`;
  return `DO UPDATE SET
    parent_id = CASE WHEN excluded.partial = 1 THEN COALESCE(${t}.parent_id, excluded.parent_id)
                     ELSE COALESCE(excluded.parent_id, ${t}.parent_id) END,
    duration_ms = CASE WHEN excluded.partial = 1 THEN ${computed}
                       ELSE COALESCE(excluded.duration_ms, ${computed}) END,
    start_us = ${start},
    ttft_ms = COALESCE((COALESCE(excluded.completion_start_us, ${t}.completion_start_us) - ${start}) / 1000.0,
                       excluded.ttft_ms, ${t}.ttft_ms),
    name = CASE WHEN excluded.name = '' THEN ${t}.name ELSE excluded.name END,
    kind = CASE WHEN excluded.partial = 1 THEN ${t}.kind ELSE excluded.kind END,
    layer = CASE WHEN excluded.partial = 1 THEN ${t}.layer ELSE excluded.layer END,
    status = CASE WHEN excluded.status = 'unset' THEN ${t}.status ELSE excluded.status END,
    ${COALESCED.map((c) => `${c} = COALESCE(excluded.${c}, ${t}.${c})`).join(',\n    ')},
    partial = CASE WHEN excluded.partial = 0 THEN 0 ELSE ${t}.partial END,
    ingested_us = excluded.ingested_us,
    metadata = ${jsonMerge(dialect, `${t}.metadata`, 'excluded.metadata')}`;
}

async function upsertSpans(tx: SqlExecutor, spans: readonly SpanRow[], nowUs: number): Promise<void> {
  await bulkUpsert(tx, {
    table: 'trace_spans',
    columns: SPAN_COLUMNS,
    rows: spans.map((s) => [
      s.tenant,
      s.traceId,
      s.spanId,
      s.parentId,
      s.startUs,
      s.endUs,
      s.durationMs,
      s.name,
      s.kind,
      s.layer,
      s.status,
      s.statusMessage,
      s.model,
      s.provider,
      s.deployment,
      s.promptName,
      s.promptVersion,
      s.inputTokens,
      s.outputTokens,
      s.totalTokens,
      s.costUsd,
      s.ttftMs,
      s.completionStartUs,
      s.cacheHit === null ? null : s.cacheHit ? 1 : 0,
      s.verdict,
      s.userId,
      s.sessionId,
      s.source,
      s.partial ? 1 : 0,
      nowUs,
      s.metadata,
      s.input,
      s.output,
    ]),
    conflict: '(tenant, trace_id, span_id)',
    action: spanConflictAction(tx.dialect),
  });
}

const SCORE_COLUMNS: BulkColumn[] = [
  { name: 'tenant', pg: 'text' },
  { name: 'id', pg: 'text' },
  { name: 'trace_id', pg: 'text' },
  { name: 'span_id', pg: 'text' },
  { name: 'name', pg: 'text' },
  { name: 'value', pg: 'double precision' },
  { name: 'string_value', pg: 'text' },
  { name: 'data_type', pg: 'text' },
  { name: 'source', pg: 'text' },
  { name: 'comment', pg: 'text' },
  { name: 'author_id', pg: 'text' },
  { name: 'time_us', pg: 'bigint' },
  { name: 'metadata', pg: 'jsonb' },
];

async function upsertScores(tx: SqlExecutor, scores: readonly ScoreRow[]): Promise<void> {
  const update = SCORE_COLUMNS.slice(2)
    .map((c) => `${c.name} = excluded.${c.name}`)
    .join(', ');
  await bulkUpsert(tx, {
    table: 'trace_scores',
    columns: SCORE_COLUMNS,
    rows: scores.map((s) => [
      s.tenant,
      s.id,
      s.traceId,
      s.spanId,
      s.name,
      s.value,
      s.stringValue,
      s.dataType,
      s.source,
      s.comment,
      s.authorId,
      s.timeUs,
      s.metadata,
    ]),
    conflict: '(tenant, id)',
    action: `DO UPDATE SET ${update}`,
  });
}
