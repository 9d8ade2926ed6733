import { type Candidate, type Strategy, type StrategyContext, sortWithRandomTies } from './strategy.ts';

/** Fewest in-flight attempts first; ties go to the higher weight, then at random. */
export const leastBusy: Strategy = {
  name: 'least-busy',
  pick<T extends Candidate>(candidates: readonly T[], ctx: StrategyContext): T[] {
    if (candidates.length === 1) return [candidates[0]!];
    return sortWithRandomTies(
      candidates,
      (a, b) => a.inFlight - b.inFlight || b.weight - a.weight,
      ctx.random,
    );
  },
};
