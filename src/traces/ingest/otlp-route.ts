import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { KeelError, toKeelError } from '../../errors/index.ts';
import type { TraceSource } from '../model.ts';
import { collectSpans } from '../otlp/collect.ts';
import { decodeTraceRequest, encodeRpcStatus, encodeTraceResponse } from '../otlp/proto.ts';
import { type BodyEncoding, bodyEncoding, decodeContent, headerValue, parseJsonBody } from './body.ts';
import { enqueueOrRefuse, type IngestDeps } from './deps.ts';

const PROTOBUF = 'application/x-protobuf';

/** gRPC status codes for OTLP/HTTP protobuf error bodies (google.rpc.Status.code). */
function grpcCode(status: number): number {
  if (status === 401) return 16; // UNAUTHENTICATED
  if (status === 403) return 7; // PERMISSION_DENIED
  if (status === 413 || status === 429) return 8; // RESOURCE_EXHAUSTED
  if (status >= 400 && status < 500) return 3; // INVALID_ARGUMENT
  if (status === 503) return 14; // UNAVAILABLE
  return 13; // INTERNAL
}

function decode(bytes: Buffer, encoding: BodyEncoding): unknown {
  if (encoding === 'json') return parseJsonBody(bytes);
  try {
    return decodeTraceRequest(bytes);
  } catch (error) {
    const detail = error instanceof Error ? `: ${error.message.slice(0, 200)}` : '';
    throw new KeelError('invalid_request', `Body is not a valid OTLP ExportTraceServiceRequest${detail}`);
  }
}

/**
 * OTLP/HTTP trace ingest (also Langfuse's /api/public/otel/v1/traces): authenticate, decompress,
 * decode, map every span, enqueue all-or-nothing, answer ExportTraceServiceResponse in the
 * request's encoding with partialSuccess naming rejected spans. Errors for protobuf requests are
 * google.rpc.Status bodies; for JSON the gateway's JSON error.
 */
async function handle(
  request: FastifyRequest,
  reply: FastifyReply,
  ctx: { deps: IngestDeps; source: TraceSource },
): Promise<FastifyReply> {
  const { deps, source } = ctx;
  const contentType = headerValue(request.headers['content-type']);
  const encoding: BodyEncoding = contentType?.includes('protobuf') ? 'protobuf' : 'json';
  try {
    bodyEncoding(contentType);
    const tenant =
      source === 'langfuse'
        ? await deps.auth.langfuse(request.headers)
        : await deps.auth.otlp(request.headers);
    const config = deps.config();
    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const bytes = await decodeContent(raw, {
      contentEncoding: headerValue(request.headers['content-encoding']),
      maxBytes: config.maxDecompressedBytes,
    });
    const collected = collectSpans(decode(bytes, encoding), {
      tenant,
      source,
      content: deps.content(),
      maxMetadataChars: config.maxMetadataChars,
    });
    enqueueOrRefuse(deps, collected.items);
    deps.metrics.spans.inc({ source, result: 'accepted' }, collected.accepted);
    if (collected.rejected > 0) deps.metrics.spans.inc({ source, result: 'rejected' }, collected.rejected);
    deps.metrics.requests.inc({ endpoint: source, status: '200' });
    const partial =
      collected.rejected > 0
        ? { rejectedSpans: collected.rejected, errorMessage: collected.errors.join('; ').slice(0, 4000) }
        : undefined;
    if (encoding === 'protobuf')
      return reply
        .code(200)
        .type(PROTOBUF)
        .send(Buffer.from(encodeTraceResponse(partial)));
    return reply.code(200).send(partial ? { partialSuccess: partial } : {});
  } catch (error) {
    const e = toKeelError(error);
    deps.metrics.requests.inc({ endpoint: source, status: String(e.status) });
    if (encoding !== 'protobuf') throw e;
    if (e.retryAfterMs !== undefined)
      reply.header('retry-after', String(Math.max(1, Math.ceil(e.retryAfterMs / 1000))));
    const body = encodeRpcStatus({ code: grpcCode(e.status), message: e.message });
    return reply.code(e.status).type(PROTOBUF).send(Buffer.from(body));
  }
}

export function otlpRoutes(scope: FastifyInstance, deps: IngestDeps): void {
  scope.post('/v1/traces', (request, reply) => handle(request, reply, { deps, source: 'otlp' }));
  scope.post('/api/public/otel/v1/traces', (request, reply) =>
    handle(request, reply, { deps, source: 'langfuse' }),
  );
}
