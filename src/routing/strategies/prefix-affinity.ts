import { leastBusy } from './least-busy.ts';
import type { Candidate, Strategy, StrategyContext } from './strategy.ts';

/**
 * Consistent hashing with bounded loads (Mirrokni, Thorup, Zadimoghaddam 2018): the request goes
 * to the first deployment clockwise from its prefix key whose in-flight count is below
 * ceil(c × (total in-flight + 1) × wᵢ / Σw). Requests sharing a prompt prefix thus keep hitting the
 * replica that has it in its KV cache, until that replica is overloaded relative to the others.
 * Without a key (short prompts) or a ring, it behaves as least-busy.
 */
export const prefixAffinity: Strategy = {
  name: 'prefix-affinity',
  pick<T extends Candidate>(candidates: readonly T[], ctx: StrategyContext): T[] {
    const { ring, affinityKey } = ctx;
    if (ring === undefined || affinityKey === undefined) return leastBusy.pick(candidates, ctx);
    if (candidates.length === 1) return [candidates[0]!];
    let totalLoad = 0;
    let totalWeight = 0;
    for (const c of candidates) {
      totalLoad += c.inFlight;
      totalWeight += c.weight;
    }
    const under: T[] = [];
    const over: T[] = [];
    for (const id of ring.walk(affinityKey)) {
      const c = candidates.find((x) => x.id === id);
      if (c === undefined) continue; // on the ring but unavailable (circuit open, capped, region)
      const capacity = Math.ceil((ctx.loadFactor * (totalLoad + 1) * c.weight) / totalWeight);
      (c.inFlight < capacity ? under : over).push(c);
    }
    // Candidates missing from the ring (config changed under a running request) go last.
    const rest = candidates.filter((c) => !under.includes(c) && !over.includes(c));
    return [...under, ...over, ...rest];
  },
};
