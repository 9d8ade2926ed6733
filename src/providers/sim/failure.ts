/**
 * Failure injection. The decision is deterministic: a request with a `seed` fails or not by that
 * seed alone (so a seeded request behaves the same on every run); every other request takes the
 * next value of a per-provider (per-server) counter, and failures are spread evenly over it:
 * with errorRate r, request k fails when ceil((k+1)·r) > ceil(k·r). So r = 0.5 fails the 1st,
 * 3rd, 5th… request, r = 0.1 the 1st, 11th, 21st…, and exactly r of any long run fails.
 */

import type { SimOptions } from '../../config/schema.ts';
import { KeelError } from '../../errors/index.ts';
import { mixSeed } from './vocabulary.ts';

export type SimFailure = SimOptions['errorStatus'];

/** True when request number `key` (or a seed-derived key) should fail at `errorRate`. */
export function shouldFail(key: number, errorRate: number): boolean {
  if (!(errorRate > 0)) return false;
  if (errorRate >= 1) return true;
  return Math.ceil((key + 1) * errorRate) > Math.ceil(key * errorRate);
}

/** Decides failures for one provider or server; holds the unseeded-request counter. */
export class FailureInjector {
  #next = 0;

  /** The failure for this request, or null. `seed` is the request's seed when it set one. */
  decide(options: Pick<SimOptions, 'errorRate' | 'errorStatus'>, seed?: number): SimFailure | null {
    if (!(options.errorRate > 0)) return null;
    const key = seed === undefined ? this.#next++ : mixSeed(seed, 0xfa11);
    return shouldFail(key, options.errorRate) ? options.errorStatus : null;
  }
}

/** The KeelError an in-process caller sees for an injected HTTP-level failure. */
export function injectedError(failure: 429 | 500 | 503, retryAfterSeconds: number): KeelError {
  if (failure === 429) {
    return new KeelError('upstream_rate_limited', 'Simulated upstream rate limit (429)', {
      upstreamStatus: 429,
      retryAfterMs: retryAfterSeconds * 1000,
    });
  }
  return new KeelError('upstream_error', `Simulated upstream error (${failure})`, {
    upstreamStatus: failure,
  });
}
