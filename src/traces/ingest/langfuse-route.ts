import type { FastifyInstance } from 'fastify';
import { KeelError } from '../../errors/index.ts';
import { type EventContext, mapEvent } from '../langfuse/map-events.ts';
import { envelopeSchema, eventSchema, issueText } from '../langfuse/schemas.ts';
import type { QueueItem } from '../model.ts';
import { bodyEncoding, decodeContent, headerValue, parseJsonBody } from './body.ts';
import { enqueueOrRefuse, type IngestDeps } from './deps.ts';

interface Outcome {
  successes: Array<{ id: string; status: number }>;
  errors: Array<{ id: string; status: number; message: string; error: string }>;
}

/** Validates and maps each event on its own: one bad event is one entry in `errors`. */
export function processBatch(
  batch: readonly unknown[],
  ctx: EventContext,
): { outcome: Outcome; items: QueueItem[] } {
  const outcome: Outcome = { successes: [], errors: [] };
  const items: QueueItem[] = [];
  batch.forEach((raw, index) => {
    const rawId = typeof raw === 'object' && raw !== null ? (raw as { id?: unknown }).id : undefined;
    const fallbackId = typeof rawId === 'string' && rawId !== '' ? rawId.slice(0, 256) : `batch[${index}]`;
    const parsed = eventSchema.safeParse(raw);
    if (!parsed.success) {
      const message = issueText(parsed.error, `batch[${index}]`);
      outcome.errors.push({ id: fallbackId, status: 400, message, error: message });
      return;
    }
    let result: ReturnType<typeof mapEvent>;
    try {
      result = mapEvent(parsed.data, ctx);
    } catch {
      result = { ok: false, status: 400, message: 'event could not be processed' };
    }
    if (!result.ok) {
      outcome.errors.push({
        id: parsed.data.id,
        status: result.status,
        message: result.message,
        error: result.message,
      });
      return;
    }
    items.push(...result.items);
    outcome.successes.push({ id: parsed.data.id, status: 201 });
  });
  return { outcome, items };
}

/**
 * Langfuse's `POST /api/public/ingestion`: Basic auth, a JSON `{ batch: [...] }` (gzip allowed),
 * answered 207 with a success or an error per event. The valid events are enqueued together
 * (all or nothing: a full queue refuses the request with 429 + Retry-After, safe to retry since
 * writes are idempotent).
 */
export function langfuseRoutes(scope: FastifyInstance, deps: IngestDeps): void {
  scope.post('/api/public/ingestion', async (request, reply) => {
    bodyEncoding(headerValue(request.headers['content-type']), false);
    const tenant = await deps.auth.langfuse(request.headers);
    const config = deps.config();
    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const bytes = await decodeContent(raw, {
      contentEncoding: headerValue(request.headers['content-encoding']),
      maxBytes: config.maxDecompressedBytes,
    });
    const body = parseJsonBody(bytes);
    const envelope = envelopeSchema.safeParse(body);
    if (!envelope.success) {
      throw new KeelError('invalid_request', `Invalid ingestion body: ${issueText(envelope.error, 'body')}`, {
        param: 'batch',
      });
    }
    const { outcome, items } = processBatch(envelope.data.batch, {
      tenant,
      content: deps.content(),
      maxMetadataChars: config.maxMetadataChars,
      nowUs: Date.now() * 1000,
    });
    enqueueOrRefuse(deps, items);
    deps.metrics.spans.inc({ source: 'langfuse', result: 'accepted' }, outcome.successes.length);
    if (outcome.errors.length > 0)
      deps.metrics.spans.inc({ source: 'langfuse', result: 'rejected' }, outcome.errors.length);
    deps.metrics.requests.inc({ endpoint: 'langfuse-ingestion', status: '207' });
    return reply.code(207).send(outcome);
  });
}
