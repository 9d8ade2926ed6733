import type { FallbackCondition } from '../config/schema.ts';
import type { KeelError } from '../errors/index.ts';
import type { AttemptVerdict } from './circuit-breaker.ts';

/** Which `fallbackOn` condition an error falls under, if any. */
export function fallbackConditionOf(error: KeelError): FallbackCondition | undefined {
  switch (error.code) {
    case 'upstream_rate_limited':
    case 'rate_limited':
      return 'rate_limit';
    case 'upstream_error':
    case 'upstream_stream_broken':
      return 'server_error';
    case 'upstream_timeout':
      return 'timeout';
    case 'upstream_connection':
      return 'connection';
    case 'context_window_exceeded':
      return 'context_window';
    case 'content_filter':
      return 'content_filter';
    case 'circuit_open':
      return 'circuit_open';
    default:
      break;
  }
  const upstream = error.upstreamStatus;
  if (upstream === 429) return 'rate_limit';
  if (upstream !== undefined && upstream >= 500) return 'server_error';
  return undefined;
}

/**
 * Whether the error says something about the deployment's health (5xx, timeout, connection, 429),
 * as opposed to a problem with the request (400s, context window, content filter) which another
 * deployment would reject as well.
 */
export function circuitVerdictOf(error: KeelError): AttemptVerdict {
  switch (fallbackConditionOf(error)) {
    case 'rate_limit':
    case 'server_error':
    case 'timeout':
    case 'connection':
      return 'failure';
    default:
      return 'neutral';
  }
}

/** Full jitter: uniform in [0, min(max, base · 2^retry)) (retry counts from 0). */
export function backoffMs(
  retry: number,
  retries: { baseDelayMs: number; maxDelayMs: number },
  random: () => number,
): number {
  const cap = Math.min(retries.maxDelayMs, retries.baseDelayMs * 2 ** retry);
  return Math.floor(random() * cap);
}
