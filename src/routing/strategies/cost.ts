import { type Candidate, type Strategy, type StrategyContext, sortWithRandomTies } from './strategy.ts';

/**
 * Cheapest first by input + output price per token; deployments with an unknown price rank last.
 * Equal prices are spread at random so identical replicas share the load.
 */
export const cost: Strategy = {
  name: 'cost',
  pick<T extends Candidate>(candidates: readonly T[], ctx: StrategyContext): T[] {
    if (candidates.length === 1) return [candidates[0]!];
    return sortWithRandomTies(candidates, (a, b) => priceKey(a) - priceKey(b), ctx.random);
  },
};

function priceKey(c: Candidate): number {
  return c.price === undefined ? Number.POSITIVE_INFINITY : c.price.input + c.price.output;
}
