import type { FastifyInstance, FastifyRequest } from 'fastify';
import { KeelError } from '../../errors/index.ts';
import type { SqlExecutor } from '../../spec/index.ts';
import type { QueueItem } from '../model.ts';
import { parseInput } from '../query/parse-query.ts';
import type { PendingFeedback } from './pending.ts';
import { findRequestTrace, requestTraceId, traceExists } from './resolve.ts';
import { explicitFeedbackSchema, type FeedbackInput, implicitFeedbackSchema } from './schema.ts';
import { feedbackScore } from './to-score.ts';

export interface FeedbackDeps {
  sql: SqlExecutor;
  /** The tenant a feedback request writes to (e.g. the traces ingest auth; throw 401 to refuse). */
  tenantOf(request: FastifyRequest): Promise<string> | string;
  /** The trace writer's offer: false when its queue is full. */
  offer(items: readonly QueueItem[]): boolean;
  /** Seconds a refused caller should wait. */
  retryAfterSeconds?(): number;
  pending: PendingFeedback;
  now?: () => number;
}

export interface FeedbackAck {
  id: string;
  /** The trace the score is (or will be) on; null while a request id is still being resolved. */
  traceId: string | null;
  /** Whether that trace is stored already (feedback may arrive first: it attaches when it lands). */
  attached: boolean;
}

export function parseFeedback(body: unknown): FeedbackInput {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new KeelError('invalid_request', 'Request body must be a JSON object');
  }
  const input: FeedbackInput =
    'signal' in body
      ? parseInput(implicitFeedbackSchema, body, 'body')
      : parseInput(explicitFeedbackSchema, body, 'body');
  if (input.traceId === undefined && input.requestId === undefined) {
    throw new KeelError('invalid_request', "Invalid value for 'traceId': send traceId or requestId", {
      param: 'traceId',
    });
  }
  // Both is refused rather than checked for agreement: a request's trace may not be written yet
  // (feedback can come first), so agreement could not be decided now, and quietly preferring one
  // would file the score somewhere the client did not mean.
  if (input.traceId !== undefined && input.requestId !== undefined) {
    throw new KeelError(
      'invalid_request',
      "Invalid value for 'requestId': send traceId or requestId, not both",
      { param: 'requestId' },
    );
  }
  return input;
}

function offerOrRefuse(deps: FeedbackDeps, items: readonly QueueItem[]): void {
  if (deps.offer(items)) return;
  throw new KeelError('rate_limited', 'Trace ingest queue is full; retry later', {
    retryAfterMs: (deps.retryAfterSeconds?.() ?? 1) * 1000,
  });
}

/** Stores one feedback body as a score; see docs/observability.md for the value rules. */
export async function acceptFeedback(
  deps: FeedbackDeps,
  o: { tenant: string; input: FeedbackInput },
): Promise<FeedbackAck> {
  const nowMs = (deps.now ?? Date.now)();
  const { tenant, input } = o;
  if (input.traceId !== undefined) {
    const score = feedbackScore(input, { tenant, traceId: input.traceId, nowMs });
    offerOrRefuse(deps, [{ type: 'score', row: score }]);
    return {
      id: score.id,
      traceId: score.traceId,
      attached: await traceExists(deps.sql, tenant, score.traceId),
    };
  }
  const requestId = input.requestId as string;
  const found = await findRequestTrace(deps.sql, tenant, requestId);
  const score = feedbackScore(input, { tenant, traceId: found ?? requestTraceId(requestId), nowMs });
  if (found === null && deps.pending.add({ tenant, requestId, score })) {
    return { id: score.id, traceId: null, attached: false };
  }
  offerOrRefuse(deps, [{ type: 'score', row: score }]);
  return { id: score.id, traceId: score.traceId, attached: found !== null };
}

/** `POST /v1/feedback`: explicit feedback or an implicit signal, as a score on the trace (202). */
export function registerFeedbackRoutes(app: FastifyInstance, deps: FeedbackDeps): void {
  app.post('/v1/feedback', async (request, reply) => {
    const tenant = await deps.tenantOf(request);
    const input = parseFeedback(request.body);
    const ack = await acceptFeedback(deps, { tenant, input });
    return reply.code(202).send({ status: 'accepted', ...ack });
  });
}
