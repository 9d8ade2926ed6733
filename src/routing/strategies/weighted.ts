import type { Candidate, Strategy, StrategyContext } from './strategy.ts';

/**
 * Weighted random order without replacement (Efraimidis–Spirakis as exponential races): each
 * candidate draws -ln(U)/weight and the smallest goes first, so P(first = i) = wᵢ / Σw exactly, and
 * the rest of the order (used by retries) is again weighted. Weight-0 candidates only reach this
 * strategy when nothing else is available; they are then ordered uniformly.
 */
export const weighted: Strategy = {
  name: 'weighted',
  pick<T extends Candidate>(candidates: readonly T[], ctx: StrategyContext): T[] {
    if (candidates.length === 1) return [candidates[0]!];
    const allZero = candidates.every((c) => c.weight <= 0);
    const keyed = candidates.map((c) => {
      const w = allZero ? 1 : c.weight;
      // 1 - random() is in (0, 1], so the log is finite.
      return { c, key: w > 0 ? -Math.log(1 - ctx.random()) / w : Number.POSITIVE_INFINITY };
    });
    keyed.sort((a, b) => a.key - b.key);
    return keyed.map((k) => k.c);
  },
};
