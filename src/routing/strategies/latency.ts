import { type Candidate, type Strategy, type StrategyContext, sortWithRandomTies } from './strategy.ts';

/**
 * Lowest latency EWMA first. Unmeasured deployments go first (in random order) so every deployment
 * gets measured instead of the first one to answer keeping all the traffic.
 */
export const latency: Strategy = {
  name: 'latency',
  pick<T extends Candidate>(candidates: readonly T[], ctx: StrategyContext): T[] {
    if (candidates.length === 1) return [candidates[0]!];
    return sortWithRandomTies(candidates, compareLatency, ctx.random);
  },
};

function compareLatency(a: Candidate, b: Candidate): number {
  if (a.ewmaMs === undefined) return b.ewmaMs === undefined ? 0 : -1;
  if (b.ewmaMs === undefined) return 1;
  return a.ewmaMs - b.ewmaMs;
}
