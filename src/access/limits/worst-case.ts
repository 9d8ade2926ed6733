import {
  countChatTokens,
  countTextTokens,
  MAX_IMAGE_TOKENS,
  maxCostOf,
  resolvePrice,
} from '../../cost/index.ts';
import type { Runtime } from '../../gateway/index.ts';
import { MAX_REASONING_EFFORT_BUDGET } from '../../providers/reasoning-effort.ts';
import type { ChatRequest, EmbeddingRequest, Price, RequestContext } from '../../spec/index.ts';

/** What a model (with its fallbacks) can cost and how long a request on it can take. */
export interface ModelEnvelope {
  /** Prices of every deployment the request may land on (the model's and its fallbacks'). */
  prices: Price[];
  /** Longest total timeout among them, ms (bounds how long a reservation must live). */
  totalTimeoutMs: number;
}

const EMPTY: ModelEnvelope = Object.freeze({ prices: [], totalTimeoutMs: 0 }) as ModelEnvelope;
const envelopes = new WeakMap<Runtime, Map<string, ModelEnvelope>>();

/**
 * The model's envelope, computed once per runtime (a hot reload builds a new runtime, so prices
 * and fallbacks follow config changes). Fallbacks of fallbacks are not followed — the router
 * does not follow them either. Unknown models get an empty envelope (the gateway rejects them).
 */
export function modelEnvelope(runtime: Runtime, model: string): ModelEnvelope {
  const config = runtime.config;
  const root = config.models[model];
  if (!root) return EMPTY;
  let perRuntime = envelopes.get(runtime);
  if (!perRuntime) {
    perRuntime = new Map();
    envelopes.set(runtime, perRuntime);
  }
  const cached = perRuntime.get(model);
  if (cached) return cached;
  const prices: Price[] = [];
  let totalTimeoutMs = 0;
  for (const name of [model, ...root.fallbacks.filter((f) => f !== model)]) {
    const entry = config.models[name];
    if (!entry) continue;
    totalTimeoutMs = Math.max(totalTimeoutMs, entry.timeouts.totalMs);
    for (const deployment of entry.deployments) {
      const provider = config.providers[deployment.provider];
      if (!provider) continue;
      const { price } = resolvePrice({
        override: deployment.price,
        providerType: provider.type,
        model: deployment.model,
      });
      if (price) prices.push(price);
    }
  }
  const envelope: ModelEnvelope = { prices, totalTimeoutMs };
  perRuntime.set(model, envelope);
  return envelope;
}

/** The most the request can cost on the dearest deployment it may be routed to, USD. */
export function worstCaseCostUsd(
  prices: readonly Price[],
  usage: { promptTokens: number; maxOutputTokens: number },
): number {
  let worst = 0;
  for (const price of prices) worst = Math.max(worst, maxCostOf(usage, price));
  return worst;
}

const positiveInt = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;

// A `reasoning_effort` becomes a thinking budget on an Anthropic upstream; when the caller's cap is
// at or below it, the adapter sends budget + cap as max_tokens, so the reservation covers that.

/**
 * Output tokens the request may produce: max_completion_tokens, else max_tokens, else the
 * configured default — times `n` (each choice can use them all). Embeddings produce none.
 */
export function maxOutputTokens(
  ctx: Pick<RequestContext, 'endpoint' | 'request'>,
  defaultMax: number,
): number {
  if (ctx.endpoint === 'embeddings') return 0;
  const request = ctx.request as ChatRequest;
  let perChoice = positiveInt(request.max_completion_tokens) ?? positiveInt(request.max_tokens) ?? defaultMax;
  const effort = request.reasoning_effort;
  if (typeof effort === 'string' && effort !== 'none' && perChoice <= MAX_REASONING_EFFORT_BUDGET) {
    perChoice += MAX_REASONING_EFFORT_BUDGET;
  }
  return perChoice * (positiveInt(request.n) ?? 1);
}

/** Estimated prompt tokens, with the tokenizer the gateway uses for estimates. */
export function promptTokens(ctx: Pick<RequestContext, 'endpoint' | 'request'>): number {
  if (ctx.endpoint === 'embeddings') {
    const input = (ctx.request as EmbeddingRequest).input;
    if (typeof input === 'string') return countTextTokens(input, { model: ctx.request.model });
    let total = 0;
    for (const item of input) {
      total +=
        typeof item === 'string'
          ? countTextTokens(item, { model: ctx.request.model })
          : Array.isArray(item)
            ? item.length
            : 1;
    }
    return total;
  }
  const request = ctx.request as ChatRequest;
  // Images at their most expensive: the hold is a worst case (settling charges what was reported).
  return countChatTokens(Array.isArray(request.messages) ? request.messages : [], {
    model: request.model,
    tools: request.tools,
    imageTokens: MAX_IMAGE_TOKENS,
  });
}
