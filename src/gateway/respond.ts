import type { FastifyReply, FastifyRequest } from 'fastify';
import { formatUsd } from '../cost/index.ts';
import { KeelError } from '../errors/index.ts';
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

const CACHE_MODES: Readonly<Record<string, CacheDirective['mode']>> = {
  on: 'on',
  true: 'on',
  off: 'off',
  false: 'off',
  'no-store': 'off',
};
const MAX_CACHE_TTL_SECONDS = 30 * 86_400;

/**
 * The request's cache wishes. A value Keel cannot read is a 400 naming the header, not a silent
 * default: a client that meant "off" and misspelt it must not be served or stored from the cache,
 * and a TTL of "1h" or "-5" would otherwise quietly become the route's default.
 */
export function cacheDirective(request: FastifyRequest): CacheDirective {
  const header = request.headers['x-keel-cache'];
  // `OFF` or ` off` is as clear an opt-out as `off`: a client asking for no caching must not be cached.
  const raw = typeof header === 'string' ? header.trim().toLowerCase() : undefined;
  const mode = raw === undefined || raw === '' ? 'default' : CACHE_MODES[raw];
  if (mode === undefined || Array.isArray(header)) {
    throw new KeelError(
      'invalid_request',
      "Header 'x-keel-cache' must be one of: on, off, true, false, no-store",
      {
        param: 'x-keel-cache',
      },
    );
  }
  const directive: CacheDirective = { mode };
  const ttlHeader = request.headers['x-keel-cache-ttl'];
  // An empty header is no wish, as for x-keel-cache.
  if (ttlHeader === undefined || ttlHeader === '') return directive;
  const ttl =
    typeof ttlHeader === 'string' && /^\s*\d{1,8}\s*$/.test(ttlHeader) ? Number(ttlHeader) : Number.NaN;
  if (!(ttl >= 1 && ttl <= MAX_CACHE_TTL_SECONDS)) {
    throw new KeelError(
      'invalid_request',
      `Header 'x-keel-cache-ttl' must be a whole number of seconds from 1 to ${MAX_CACHE_TTL_SECONDS}`,
      { param: 'x-keel-cache-ttl' },
    );
  }
  directive.ttlSeconds = ttl;
  return directive;
}
