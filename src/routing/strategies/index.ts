import type { RoutingStrategy } from '../../config/schema.ts';
import { cost } from './cost.ts';
import { latency } from './latency.ts';
import { leastBusy } from './least-busy.ts';
import { prefixAffinity } from './prefix-affinity.ts';
import type { Strategy } from './strategy.ts';
import { weighted } from './weighted.ts';

export type { Candidate, Strategy, StrategyContext } from './strategy.ts';
export { cost, latency, leastBusy, prefixAffinity, weighted };

export const STRATEGIES: Record<RoutingStrategy, Strategy> = {
  weighted,
  'least-busy': leastBusy,
  latency,
  cost,
  'prefix-affinity': prefixAffinity,
};
