import { z } from 'zod';
import { KeelError } from '../errors/index.ts';
import type { RequestQuery, RequestRecord } from '../spec/index.ts';
import { UUID_PATTERN } from './ids.ts';

/**
 * The store's boundary checks, shared by every backend so they accept and reject the same records
 * (SQLite would otherwise store anything in any column). Error messages name fields, never values.
 */

const id = z.string().regex(UUID_PATTERN, 'must be a lower-case UUID');
const ms = z.number().int().min(0);
const duration = z.number().min(0);
// Token counts are INTEGER in Postgres; a bigger value must fail the same way on every backend.
const count = z.number().int().min(0).max(2_147_483_647);
const label = z.string().max(1000);

export const requestRecordSchema = z.object({
  id,
  startedAt: ms,
  endedAt: ms,
  endpoint: z.enum(['chat', 'messages', 'embeddings']),
  stream: z.boolean(),
  model: label,
  deployment: label.nullable(),
  provider: label.nullable(),
  upstreamModel: label.nullable(),
  attempts: count,
  status: z.number().int().min(0).max(999),
  errorCode: label.nullable(),
  latencyMs: duration,
  upstreamMs: duration.nullable(),
  ttftMs: duration.nullable(),
  overheadMs: duration,
  promptTokens: count,
  completionTokens: count,
  cachedTokens: count,
  reasoningTokens: count,
  tokensEstimated: z.boolean(),
  costUsd: z.number().min(0),
  cache: z.enum(['hit', 'miss', 'off']),
  tenant: label,
  user: label.nullable(),
  session: label.nullable(),
  feature: label.nullable(),
  tags: z.array(label).max(100),
  metadata: z.record(z.string(), z.unknown()),
}) satisfies z.ZodType<RequestRecord>;

export const MAX_LIST_LIMIT = 10_000;
export const DEFAULT_LIST_LIMIT = 100;

const querySchema = z.strictObject({
  since: ms.optional(),
  until: ms.optional(),
  model: z.string().optional(),
  user: z.string().optional(),
  status: z.number().int().optional(),
  limit: z.number().int().min(1).max(MAX_LIST_LIMIT).default(DEFAULT_LIST_LIMIT),
  afterId: id.optional(),
});

export type NormalizedQuery = z.output<typeof querySchema>;

function describe(issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String).join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}

/** Validates a whole batch before any of it is written, so a bad record never half-applies a batch. */
export function validateRecords(records: readonly RequestRecord[]): void {
  for (let i = 0; i < records.length; i++) {
    const result = requestRecordSchema.safeParse(records[i]);
    if (!result.success) {
      const first = result.error.issues[0];
      const reason = first ? describe(first) : 'invalid';
      throw new KeelError('invalid_request', `Invalid request record at index ${i}: ${reason}`, {
        retryable: false,
      });
    }
  }
}

export function normalizeQuery(query: RequestQuery): NormalizedQuery {
  const result = querySchema.safeParse(query);
  if (!result.success) {
    const first = result.error.issues[0];
    throw new KeelError('invalid_request', `Invalid request query: ${first ? describe(first) : 'invalid'}`);
  }
  return result.data;
}
