import type { IncomingHttpHeaders } from 'node:http';

type Headers = IncomingHttpHeaders | Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** OpenAI's reset format: `1s`, `6m0s`, `20ms`, `1h2m3.5s`. */
const DURATION_PART = /(\d+(?:\.\d+)?)(ms|h|m|s)/g;
const UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };

export function parseDurationMs(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^\d+(?:\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  let total = 0;
  let consumed = 0;
  for (const match of trimmed.matchAll(DURATION_PART)) {
    total += Number(match[1]) * (UNIT_MS[match[2] as string] ?? 0);
    consumed += match[0].length;
  }
  return consumed > 0 && consumed === trimmed.length ? total : undefined;
}

function fromRetryAfter(value: string, now: number): number | undefined {
  const trimmed = value.trim();
  if (/^\d+(?:\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * OpenAI sends reset times for both the request and the token bucket; the one that ran out is the
 * one to wait for. When neither says it is exhausted, waiting for the later one is the safe guess.
 */
function fromRateLimitReset(headers: Headers): number | undefined {
  let exhausted: number | undefined;
  let latest: number | undefined;
  for (const kind of ['requests', 'tokens']) {
    const reset = header(headers, `x-ratelimit-reset-${kind}`);
    const ms = reset === undefined ? undefined : parseDurationMs(reset);
    if (ms === undefined) continue;
    latest = Math.max(latest ?? 0, ms);
    if (header(headers, `x-ratelimit-remaining-${kind}`)?.trim() === '0') {
      exhausted = Math.max(exhausted ?? 0, ms);
    }
  }
  return exhausted ?? latest;
}

/** How long an upstream asked us to wait, in ms, from the headers providers actually send. */
export function parseRetryAfterMs(headers: Headers, now: number = Date.now()): number | undefined {
  const ms = header(headers, 'retry-after-ms');
  if (ms !== undefined && /^\s*\d+(?:\.\d+)?\s*$/.test(ms)) return Math.ceil(Number(ms));
  const retryAfter = header(headers, 'retry-after');
  const parsed = retryAfter === undefined ? undefined : fromRetryAfter(retryAfter, now);
  if (parsed !== undefined) return Math.ceil(parsed);
  const reset = fromRateLimitReset(headers);
  return reset === undefined ? undefined : Math.ceil(reset);
}
