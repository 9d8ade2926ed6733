import { performance } from 'node:perf_hooks';
import { cacheKey } from '../../cache/index.ts';
import type { ModelConfig } from '../../config/index.ts';
import { KeelError } from '../../errors/index.ts';
import type { ChatCompletion, ChatRequest } from '../../spec/index.ts';
import type { GatewayDeps } from '../deps.ts';
import type { Runtime } from '../runtime.ts';
import type { Exchange } from './exchange.ts';
import { routeCall } from './route-call.ts';
import { completionTextOf, settleUsage } from './usage.ts';

/** Per-request cache wishes from headers: `x-keel-cache: on|off`, `x-keel-cache-ttl: seconds`. */
export interface CacheDirective {
  mode: 'default' | 'on' | 'off';
  ttlSeconds?: number;
}

export interface ChatPlan {
  runtime: Runtime;
  model: ModelConfig;
  /** Cache key when caching applies to this request, else null. */
  cacheKey: string | null;
  ttlSeconds: number;
}

/** Resolves the model and decides caching; throws model_not_found before anything else happens. */
export function planChat(
  ex: Exchange,
  request: ChatRequest,
  ctx: { deps: GatewayDeps; cache: CacheDirective },
): ChatPlan {
  const runtime = ctx.deps.runtime();
  const model = runtime.model(request.model);
  if (model.kind !== 'chat') {
    throw new KeelError('invalid_request', `Model '${request.model}' is an embedding model`, {
      param: 'model',
    });
  }
  const enabled = ctx.cache.mode === 'on' || (ctx.cache.mode === 'default' && model.cache.enabled);
  const ttlSeconds = ctx.cache.ttlSeconds ?? model.cache.ttlSeconds;
  const key = enabled ? cacheKey({ request, tenant: ex.tenant, endpoint: 'chat' }) : null;
  ex.cache = enabled ? 'miss' : 'off';
  return { runtime, model, cacheKey: key, ttlSeconds };
}

export async function lookupCache(
  ex: Exchange,
  plan: ChatPlan,
  deps: GatewayDeps,
): Promise<ChatCompletion | null> {
  if (!plan.cacheKey) return null;
  const hit = await deps.cache.get(plan.cacheKey, ex.tenant);
  deps.metrics.cacheLookups.inc({ result: hit ? 'hit' : 'miss' });
  if (!hit) return null;
  ex.cache = 'hit';
  ex.usage = { promptTokens: 0, completionTokens: 0, totalTokens: 0 };
  ex.metadata.cachedUsage = hit.usage ?? null;
  return hit;
}

/** Non-streamed chat completion: route, call, settle usage and cost, fill the cache. */
export async function completeChat(
  ex: Exchange,
  request: ChatRequest,
  plan: ChatPlan,
  deps: GatewayDeps,
): Promise<ChatCompletion> {
  const cached = await lookupCache(ex, plan, deps);
  if (cached) return cached;
  const upstreamRequest: ChatRequest = { ...request, stream: false };
  delete upstreamRequest.stream_options;
  const { result, release } = await routeCall(
    ex,
    { deps, runtime: plan.runtime, model: plan.model, messages: request.messages },
    (provider, ctx) => provider.chat({ ...upstreamRequest, model: ctx.upstreamModel }, ctx),
  );
  release();
  ex.upstreamEnd = performance.now();
  settleUsage({
    ex,
    runtime: plan.runtime,
    request,
    usage: result.usage,
    completionText: () => completionTextOf(result.body),
  });
  if (plan.cacheKey && storable(ex))
    void deps.cache.set(plan.cacheKey, result.body, { ttlSeconds: plan.ttlSeconds, tenant: ex.tenant });
  return result.body;
}

/**
 * An answer a fallback served is another model's, given while the requested one was failing:
 * stored under the request's key it would keep answering for the whole TTL after the primary
 * recovers. Only the requested route's own answers are cached.
 */
export const storable = (ex: Exchange): boolean => !ex.fallbackUsed;
