import { setTimeout as sleep } from 'node:timers/promises';
import { isKeelError, KeelError } from '../../errors/index.ts';
import type { DatasetItem } from '../datasets/index.ts';
import type { GatewayClient, GatewayResponse } from './gateway-client.ts';
import type { AdaptiveLimiter } from './limiter.ts';
import { buildChatCall } from './request-body.ts';
import type { Target } from './types.ts';

export interface CallOutcome {
  output: string;
  latencyMs: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  requestId: string | null;
  servedModel: string | null;
  fingerprint: string | null;
}

interface Completion {
  model?: unknown;
  system_fingerprint?: unknown;
  choices?: { message?: { content?: unknown; tool_calls?: unknown } }[];
  usage?: { prompt_tokens?: unknown; completion_tokens?: unknown };
}

const count = (header: string | undefined, body: unknown): number => {
  const n = Number(header ?? body);
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
};

function outcomeOf(res: GatewayResponse, latencyMs: number): CallOutcome {
  const body = res.body as Completion | null;
  const message = body?.choices?.[0]?.message;
  if (!message) throw new KeelError('upstream_error', 'The answer has no choices', { retryable: false });
  const output =
    typeof message.content === 'string' && message.content !== ''
      ? message.content
      : message.tool_calls !== undefined
        ? JSON.stringify(message.tool_calls)
        : typeof message.content === 'string'
          ? message.content
          : '';
  const cost = Number(res.headers['x-keel-cost-usd']);
  return {
    output,
    latencyMs,
    promptTokens: count(res.headers['x-keel-prompt-tokens'], body?.usage?.prompt_tokens),
    completionTokens: count(res.headers['x-keel-completion-tokens'], body?.usage?.completion_tokens),
    costUsd: Number.isFinite(cost) ? cost : 0,
    requestId: res.headers['x-keel-request-id'] ?? null,
    servedModel: res.headers['x-keel-model'] ?? (typeof body?.model === 'string' ? body.model : null),
    fingerprint: typeof body?.system_fingerprint === 'string' ? body.system_fingerprint : null,
  };
}

/** Exponential backoff with full jitter, 500 ms base, capped; Retry-After wins when given. */
export function backoffMs(attempt: number, error: KeelError, random = Math.random): number {
  if (error.retryAfterMs !== undefined) return Math.min(error.retryAfterMs, 60_000);
  const ceiling = Math.min(30_000, 500 * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export interface CallOptions {
  client: GatewayClient;
  target: Target;
  item: DatasetItem;
  headers: Record<string, string>;
  retries: number;
  timeoutMs: number;
  signal: AbortSignal;
  limiter: AdaptiveLimiter;
  /** Injected for tests. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

function mergeHeaders(a: Record<string, string>, b: Record<string, string>): Record<string, string> {
  const out = { ...a, ...b };
  if (a['x-keel-tags'] && b['x-keel-tags']) out['x-keel-tags'] = `${a['x-keel-tags']},${b['x-keel-tags']}`;
  return out;
}

const defaultSleep = (ms: number, signal: AbortSignal) =>
  sleep(ms, undefined, { signal }).then(() => undefined);

/**
 * One item × target through the gateway, with retries for retryable failures. A 429 also tells
 * the limiter to slow down. Returns the outcome or throws the last KeelError.
 */
export async function callTarget(o: CallOptions): Promise<CallOutcome> {
  const pause = o.sleep ?? defaultSleep;
  for (let attempt = 0; ; attempt++) {
    try {
      const call = await buildChatCall(o.client, {
        target: o.target,
        item: o.item,
        signal: o.signal,
        timeoutMs: o.timeoutMs,
      });
      const started = performance.now();
      const res = await o.client.post('/v1/chat/completions', call.body, {
        headers: mergeHeaders(o.headers, call.headers),
        signal: o.signal,
        timeoutMs: o.timeoutMs,
      });
      const outcome = outcomeOf(res, performance.now() - started);
      o.limiter.onSuccess();
      return outcome;
    } catch (error) {
      const err = isKeelError(error)
        ? error
        : new KeelError('internal_error', String(error), { retryable: false });
      if (err.status === 429 && err.code !== 'budget_exceeded') o.limiter.onRateLimited();
      if (!err.retryable || attempt >= o.retries || o.signal.aborted) throw err;
      await pause(backoffMs(attempt, err), o.signal);
    }
  }
}
