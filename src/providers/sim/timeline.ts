/**
 * Timing for simulated answers: delays that honour an AbortSignal, and the stream timeline that
 * releases items (chunks or SSE events) after the time to first token and between tokens. Items
 * due at the same moment come out as one batch, so a stream without inter-token delay costs one
 * write instead of one per token.
 */
import { KeelError } from '../../errors/index.ts';
import type { Usage } from '../../spec/index.ts';

export interface TimedItem {
  /** OpenAI: the chunk JSON; Anthropic: one full SSE event. */
  text: string;
  /** True for items that carry a generated unit (delayed by interTokenMs, counted for disconnects). */
  token: boolean;
  /** Set on OpenAI's usage-only chunk. */
  usage?: Usage;
}

/** The abort reason when it is a KeelError (e.g. the gateway's timeout), else upstream_connection. */
export function abortError(signal: AbortSignal): KeelError {
  const reason: unknown = signal.reason;
  if (reason instanceof KeelError) return reason;
  return new KeelError('upstream_connection', 'Upstream request aborted', { cause: reason });
}

/** Resolves after `ms` (at once for 0, without a timer); rejects with abortError on abort. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortError(signal));
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal as AbortSignal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Never resolves; rejects with abortError once `signal` aborts (the simulated hung upstream). */
export function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_resolve, reject) => {
    if (signal.aborted) reject(abortError(signal));
    else signal.addEventListener('abort', () => reject(abortError(signal)), { once: true });
  });
}

export interface TimelineOptions {
  firstDelayMs: number;
  interTokenMs: number;
  /** Cut the stream before the token after this many; all tokens sent → cut before the tail. */
  disconnectAfter?: number;
  signal?: AbortSignal;
}

/** Index of the first item not sent when disconnecting after `after` tokens. */
function cutIndex(items: readonly TimedItem[], after: number): number {
  let tokens = 0;
  let lastToken = -1;
  for (let i = 0; i < items.length; i++) {
    if (!items[i]?.token) continue;
    if (tokens === after) return i;
    tokens++;
    lastToken = i;
  }
  return lastToken + 1;
}

/** Half the token items, the default cut for an injected 'disconnect'. */
export function halfway(items: readonly TimedItem[]): number {
  let tokens = 0;
  for (const item of items) if (item.token) tokens++;
  return Math.floor(tokens / 2);
}

/** Yields batches of items as they fall due; returns whether the stream ran to the end. */
export async function* timeline(
  items: readonly TimedItem[],
  options: TimelineOptions,
): AsyncGenerator<TimedItem[], 'complete' | 'disconnected'> {
  const end = options.disconnectAfter === undefined ? items.length : cutIndex(items, options.disconnectAfter);
  await sleep(options.firstDelayMs, options.signal);
  let batch: TimedItem[] = [];
  let tokens = 0;
  for (let i = 0; i < end; i++) {
    const item = items[i] as TimedItem;
    if (item.token) {
      if (tokens > 0 && options.interTokenMs > 0) {
        if (batch.length > 0) yield batch;
        batch = [];
        await sleep(options.interTokenMs, options.signal);
      }
      tokens++;
    }
    batch.push(item);
  }
  if (batch.length > 0) yield batch;
  return end < items.length ? 'disconnected' : 'complete';
}
