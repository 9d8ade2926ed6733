import { z } from 'zod';
import { MAX_ID_LENGTH } from '../model.ts';

/**
 * Langfuse's public ingestion API (`POST /api/public/ingestion`), as its SDKs send it: a `batch`
 * of typed events. Known fields are type-checked so a wrong type is a per-event 400 naming the
 * field; unknown fields are ignored (newer SDKs add some), never an error.
 */
export const MAX_BATCH_EVENTS = 50_000;

// No control characters: Postgres refuses a NUL in text, and one such id failed the whole batch.
const id = z
  .string()
  .min(1)
  .max(MAX_ID_LENGTH)
  .refine((v) => !/\p{Cc}/u.test(v), 'ids may not contain control characters');
const opt = <T extends z.ZodType>(schema: T) => schema.nullish();
/** Stored as epoch µs, which must stay exact in a JavaScript number (< 2^53 µs, i.e. before 2255). */
const MAX_MS = Math.floor(Number.MAX_SAFE_INTEGER / 1000);
const isoDate = z
  .string()
  .refine((v) => Number.isFinite(Date.parse(v)), 'must be an ISO 8601 date-time')
  .refine((v) => !(Date.parse(v) > MAX_MS), 'must be before the year 2255');
const numberMap = z.record(z.string(), z.number().nullish());

export const envelopeSchema = z.looseObject({
  batch: z.array(z.unknown()).max(MAX_BATCH_EVENTS),
});

export const eventSchema = z.looseObject({
  id,
  type: z.string().min(1).max(64),
  timestamp: opt(isoDate),
  body: z.looseObject({}),
});
export type IngestionEvent = z.infer<typeof eventSchema>;

export const traceBodySchema = z.looseObject({
  id: opt(id),
  timestamp: opt(isoDate),
  name: opt(z.string().max(1024)),
  userId: opt(z.string().max(256)),
  sessionId: opt(z.string().max(256)),
  release: opt(z.string().max(256)),
  version: opt(z.string().max(256)),
  environment: opt(z.string().max(256)),
  public: opt(z.boolean()),
  tags: opt(z.array(z.string().max(256)).max(100)),
  metadata: z.unknown().optional(),
  input: z.unknown().optional(),
  output: z.unknown().optional(),
});

const usageSchema = z.looseObject({
  input: opt(z.number().min(0)),
  output: opt(z.number().min(0)),
  total: opt(z.number().min(0)),
  promptTokens: opt(z.number().min(0)),
  completionTokens: opt(z.number().min(0)),
  totalTokens: opt(z.number().min(0)),
  unit: opt(z.string()),
  inputCost: opt(z.number().min(0)),
  outputCost: opt(z.number().min(0)),
  totalCost: opt(z.number().min(0)),
});

export const OBSERVATION_TYPES = [
  'SPAN',
  'GENERATION',
  'EVENT',
  'AGENT',
  'TOOL',
  'CHAIN',
  'RETRIEVER',
  'EVALUATOR',
  'EMBEDDING',
  'GUARDRAIL',
] as const;

export const observationBodySchema = z.looseObject({
  id: opt(id),
  traceId: opt(id),
  type: opt(z.enum(OBSERVATION_TYPES)),
  name: opt(z.string().max(1024)),
  startTime: opt(isoDate),
  endTime: opt(isoDate),
  completionStartTime: opt(isoDate),
  parentObservationId: opt(id),
  level: opt(z.enum(['DEBUG', 'DEFAULT', 'WARNING', 'ERROR'])),
  statusMessage: opt(z.string()),
  version: opt(z.string().max(256)),
  environment: opt(z.string().max(256)),
  model: opt(z.string().max(256)),
  modelParameters: opt(z.record(z.string(), z.unknown())),
  usage: opt(usageSchema),
  usageDetails: opt(numberMap),
  costDetails: opt(numberMap),
  promptName: opt(z.string().max(256)),
  promptVersion: opt(z.union([z.number().int(), z.string().max(64)])),
  metadata: z.unknown().optional(),
  input: z.unknown().optional(),
  output: z.unknown().optional(),
});
export type ObservationBody = z.infer<typeof observationBodySchema>;

export const scoreBodySchema = z.looseObject({
  id: opt(id),
  traceId: opt(id),
  observationId: opt(id),
  sessionId: opt(id),
  name: z.string().min(1).max(256),
  value: z.union([z.number(), z.string().max(1024)]),
  dataType: opt(z.enum(['NUMERIC', 'CATEGORICAL', 'BOOLEAN'])),
  comment: opt(z.string().max(10_000)),
  source: opt(z.string().max(64)),
  authorUserId: opt(z.string().max(256)),
  timestamp: opt(isoDate),
  metadata: z.unknown().optional(),
});

/** The first zod issue as "field: message", for the per-event error. */
export function issueText(error: z.ZodError, prefix: string): string {
  const issue = error.issues[0];
  if (!issue) return `${prefix}: invalid`;
  const path = [prefix, ...issue.path.map(String)].join('.');
  return `${path}: ${issue.message}`;
}
