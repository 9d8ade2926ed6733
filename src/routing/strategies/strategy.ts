import type { RoutingStrategy } from '../../config/schema.ts';
import type { HashRing } from '../hash-ring.ts';
import type { TokenPrice } from '../types.ts';

/** What a strategy may read about a deployment. */
export interface Candidate {
  readonly id: string;
  readonly weight: number;
  readonly inFlight: number;
  /** EWMA of successful attempt latency; undefined until measured. */
  readonly ewmaMs: number | undefined;
  readonly price: TokenPrice | undefined;
}

export interface StrategyContext {
  random: () => number;
  /** Prefix-affinity only: the model's ring and the request's key. */
  ring?: HashRing;
  affinityKey?: string;
  /** Bounded-load factor c (≥ 1). */
  loadFactor: number;
}

/**
 * Orders the available deployments of one model, best first. The router tries them in this order
 * on retries (skipping ones that already failed). Candidates are never empty and have weight > 0
 * unless every available deployment has weight 0.
 */
export interface Strategy {
  readonly name: RoutingStrategy;
  pick<T extends Candidate>(candidates: readonly T[], ctx: StrategyContext): T[];
}

/** Sorts a copy by `compare`, breaking ties randomly (one random draw per candidate). */
export function sortWithRandomTies<T>(
  items: readonly T[],
  compare: (a: T, b: T) => number,
  random: () => number,
): T[] {
  const keyed = items.map((item) => ({ item, tie: random() }));
  keyed.sort((a, b) => compare(a.item, b.item) || a.tie - b.tie);
  return keyed.map((k) => k.item);
}
