import type { FastifyReply, FastifyRequest } from 'fastify';
import { formatUsd } from '../cost/index.ts';
import type { KeelError } from '../errors/index.ts';
import type { ChatRequest, EmbeddingRequest, RequestRecord } from '../spec/index.ts';
import { uuidv7 } from '../store/index.ts';
import { callerInfo } from './caller.ts';
import type { CacheDirective } from './pipeline/chat.ts';
import { type Exchange, newExchange } from './pipeline/exchange.ts';
import { normaliseError } from './render-error.ts';

/** Starts an exchange for a request and ties its abort signal to the client connection. */
export function beginExchange(
  request: FastifyRequest,
  reply: FastifyReply,
  init: { endpoint: RequestRecord['endpoint']; body: ChatRequest | EmbeddingRequest },
): Exchange {
  const controller = new AbortController();
  // 'close' before the response finished means the client went away: abort the upstream call.
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) controller.abort(new Error('client disconnected'));
  });
  const ex = newExchange({
    id: uuidv7(),
    endpoint: init.endpoint,
    model: init.body.model,
    stream: init.body.stream === true,
    tenant: 'default',
    caller: callerInfo(request.headers, init.body.user),
    signal: controller.signal,
    headers: request.headers,
    clientIp: request.ip,
    request: init.body,
  });
  reply.header('x-keel-request-id', ex.id);
  return ex;
}

/** Headers describing how the request was served (deployment, attempts, cache, cost, tokens). */
export function servedHeaders(ex: Exchange, withCost: boolean): Record<string, string> {
  const headers: Record<string, string> = {
    'x-keel-request-id': ex.id,
    'x-keel-attempts': String(ex.attempts),
    'x-keel-cache': ex.cache,
  };
  if (ex.deployment) headers['x-keel-deployment'] = ex.deployment;
  if (ex.servedModel) headers['x-keel-model'] = ex.servedModel;
  if (ex.fallbackUsed) headers['x-keel-fallback'] = 'true';
  if (withCost) {
    headers['x-keel-cost-usd'] = formatUsd(ex.costUsd);
    headers['x-keel-prompt-tokens'] = String(ex.usage?.promptTokens ?? 0);
    headers['x-keel-completion-tokens'] = String(ex.usage?.completionTokens ?? 0);
  }
  return headers;
}

/** Books a failure onto the exchange and returns the error to render. */
export function failExchange(ex: Exchange, error: unknown): KeelError {
  const keelError = normaliseError(error);
  ex.status = keelError.status;
  ex.errorCode = keelError.code;
  return keelError;
}

export function cacheDirective(request: FastifyRequest): CacheDirective {
  // `OFF` or ` off` is as clear an opt-out as `off`: a client asking for no caching must not be cached.
  const header = request.headers['x-keel-cache'];
  const mode = typeof header === 'string' ? header.trim().toLowerCase() : undefined;
  const ttl = Number(request.headers['x-keel-cache-ttl']);
  const directive: CacheDirective = {
    mode:
      mode === 'on' || mode === 'true'
        ? 'on'
        : mode === 'off' || mode === 'false' || mode === 'no-store'
          ? 'off'
          : 'default',
  };
  if (Number.isInteger(ttl) && ttl > 0 && ttl <= 30 * 86_400) directive.ttlSeconds = ttl;
  return directive;
}
