import { z } from 'zod';

/**
 * The trace model. A trace is a tree of spans; every row carries its tenant (isolation). Times are
 * epoch microseconds (integers: exact for OTLP nanoseconds rounded down, and still well inside
 * JavaScript's safe integers); durations are milliseconds with fractions.
 *
 * These are also the queue payloads between ingest and the writer (validated with the schemas
 * below when read back from the shutdown spool), so every field is plain JSON.
 */

export const SPAN_KINDS = [
  'generation',
  'embedding',
  'retrieval',
  'tool',
  'guardrail',
  'agent',
  'event',
  'custom',
  'span',
] as const;
export type SpanKind = (typeof SPAN_KINDS)[number];

export const LAYERS = ['model', 'knowledge', 'interaction', 'safety', 'operations'] as const;
export type Layer = (typeof LAYERS)[number];

/** Bit per layer in `traces.layers`, so "traces touching layer X" is `layers & bit <> 0`. */
export const LAYER_BITS: Readonly<Record<Layer, number>> = {
  model: 1,
  knowledge: 2,
  interaction: 4,
  safety: 8,
  operations: 16,
};

export const SPAN_STATUSES = ['ok', 'error', 'unset'] as const;
export type SpanStatus = (typeof SPAN_STATUSES)[number];

/** Guardrail outcome on guardrail spans ('allow' = passed). */
export const VERDICTS = ['allow', 'flag', 'redact', 'block'] as const;
export type Verdict = (typeof VERDICTS)[number];

export const SOURCES = ['otlp', 'langfuse', 'gateway'] as const;
export type TraceSource = (typeof SOURCES)[number];

/** The layer a span belongs to when nothing says otherwise. */
export function defaultLayer(kind: SpanKind): Layer {
  switch (kind) {
    case 'generation':
    case 'embedding':
      return 'model';
    case 'retrieval':
      return 'knowledge';
    case 'guardrail':
      return 'safety';
    case 'tool':
    case 'agent':
      return 'interaction';
    default:
      return 'operations';
  }
}

export const MAX_ID_LENGTH = 256;
const id = z.string().min(1).max(MAX_ID_LENGTH);
const text = z.string().nullable();
const micros = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const count = z.number().int().min(0).nullable();

/**
 * One span, ready to write. `null` means "not known": when the same span id arrives again, a
 * non-null value replaces the stored one and a null keeps it (last non-null write wins).
 * `partial` marks a Langfuse `*-update` event: it never moves the span's start time or parent.
 */
export const spanRowSchema = z.strictObject({
  tenant: id,
  traceId: id,
  spanId: id,
  parentId: id.nullable(),
  startUs: micros,
  endUs: micros.nullable(),
  durationMs: z.number().min(0).nullable(),
  /** '' = unknown (only in partial rows). */
  name: z.string().max(1024),
  kind: z.enum(SPAN_KINDS),
  layer: z.enum(LAYERS),
  status: z.enum(SPAN_STATUSES),
  statusMessage: text,
  model: text,
  provider: text,
  deployment: text,
  promptName: text,
  promptVersion: text,
  inputTokens: count,
  outputTokens: count,
  totalTokens: count,
  costUsd: z.number().min(0).nullable(),
  ttftMs: z.number().min(0).nullable(),
  /** Langfuse's completion start: TTFT is derived from it once the span's start is known. */
  completionStartUs: micros.nullable(),
  cacheHit: z.boolean().nullable(),
  verdict: z.enum(VERDICTS).nullable(),
  userId: text,
  sessionId: text,
  /** JSON text (or a truncated prefix of it, see content.ts), redacted per config. */
  input: text,
  output: text,
  /** JSON object text. */
  metadata: z.string(),
  source: z.enum(SOURCES),
  partial: z.boolean(),
});
export type SpanRow = z.infer<typeof spanRowSchema>;

/**
 * Trace-level facts declared by the caller (Langfuse trace-create, `langfuse.trace.*` / `user.id` /
 * `session.id` attributes, the gateway's caller headers). Null = not declared here; tags are
 * merged (union) with the stored ones; metadata keys are merged.
 */
export const traceUpsertSchema = z.strictObject({
  tenant: id,
  traceId: id,
  /** When the trace started, if the declaration says (used until spans arrive). */
  timestampUs: micros.nullable(),
  name: text,
  userId: text,
  sessionId: text,
  tags: z.array(z.string().max(256)).max(100),
  metadata: z.string().nullable(),
  input: text,
  output: text,
  teamId: text,
  feature: text,
  source: z.enum(SOURCES),
});
export type TraceUpsert = z.infer<typeof traceUpsertSchema>;

/** A score on a trace (or one of its spans): feedback, evaluations, annotations. */
export const scoreRowSchema = z.strictObject({
  tenant: id,
  id,
  traceId: id,
  spanId: id.nullable(),
  name: z.string().min(1).max(256),
  /** Numeric value (booleans as 0/1); null for categorical scores. */
  value: z.number().nullable(),
  stringValue: text,
  dataType: z.enum(['numeric', 'categorical', 'boolean']),
  source: z.string().min(1).max(64),
  comment: text,
  authorId: text,
  timeUs: micros,
  metadata: z.string(),
});
export type ScoreRow = z.infer<typeof scoreRowSchema>;

export const queueItemSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('span'), row: spanRowSchema }),
  z.strictObject({ type: z.literal('trace'), row: traceUpsertSchema }),
  z.strictObject({ type: z.literal('score'), row: scoreRowSchema }),
]);
export type QueueItem = z.infer<typeof queueItemSchema>;

/** A span with every optional field unknown; mappers fill in what they learn. */
export function blankSpan(init: {
  tenant: string;
  traceId: string;
  spanId: string;
  startUs: number;
  source: TraceSource;
}): SpanRow {
  return {
    ...init,
    parentId: null,
    endUs: null,
    durationMs: null,
    name: '',
    kind: 'span',
    layer: 'operations',
    status: 'unset',
    statusMessage: null,
    model: null,
    provider: null,
    deployment: null,
    promptName: null,
    promptVersion: null,
    inputTokens: null,
    outputTokens: null,
    totalTokens: null,
    costUsd: null,
    ttftMs: null,
    completionStartUs: null,
    cacheHit: null,
    verdict: null,
    userId: null,
    sessionId: null,
    input: null,
    output: null,
    metadata: '{}',
    partial: false,
  };
}

export function blankTrace(init: { tenant: string; traceId: string; source: TraceSource }): TraceUpsert {
  return {
    ...init,
    timestampUs: null,
    name: null,
    userId: null,
    sessionId: null,
    tags: [],
    metadata: null,
    input: null,
    output: null,
    teamId: null,
    feature: null,
  };
}

/** Rough in-memory size of an item, for the writer's byte bound: the large text fields dominate. */
export function itemBytes(item: QueueItem): number {
  const row = item.row as { input?: string | null; output?: string | null; metadata?: string | null };
  return 512 + 2 * ((row.input?.length ?? 0) + (row.output?.length ?? 0) + (row.metadata?.length ?? 0));
}
