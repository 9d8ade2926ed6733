import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRng } from '../../util/index.ts';
import { HashRing } from '../hash-ring.ts';
import { prefixAffinity } from './prefix-affinity.ts';
import type { Candidate, StrategyContext } from './strategy.ts';

interface Replica extends Candidate {
  inFlight: number;
}

function replicas(n: number): Replica[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `r${i}`,
    weight: 1,
    inFlight: 0,
    ewmaMs: undefined,
    price: undefined,
  }));
}

function context(ring: HashRing, affinityKey: string | undefined, loadFactor = 1.25): StrategyContext {
  const ctx: StrategyContext = { random: createRng(1), loadFactor, ring };
  if (affinityKey !== undefined) ctx.affinityKey = affinityKey;
  return ctx;
}

describe('prefix-affinity', () => {
  const list = replicas(4);
  const ring = new HashRing(list);

  it('sends the same key to the same replica every time', () => {
    for (let k = 0; k < 50; k++) {
      const key = `key-${k}`;
      const first = prefixAffinity.pick(list, context(ring, key))[0]!.id;
      assert.equal(first, ring.lookup(key));
      for (let i = 0; i < 5; i++) assert.equal(prefixAffinity.pick(list, context(ring, key))[0]!.id, first);
    }
  });

  it('spreads different keys over all replicas', () => {
    const seen = new Set<string>();
    for (let k = 0; k < 200; k++) seen.add(prefixAffinity.pick(list, context(ring, `key-${k}`))[0]!.id);
    assert.equal(seen.size, 4);
  });

  it('spills to the next replica on the ring when the owner is over ceil(c × average)', () => {
    const busy = replicas(4);
    const key = 'hot-prefix';
    const order = ring.walk(key);
    const owner = busy.find((r) => r.id === order[0])!;
    // 8 in flight in total, all on the owner: capacity = ceil(1.25 × 9 / 4) = 3.
    owner.inFlight = 8;
    const picked = prefixAffinity.pick(busy, context(ring, key));
    assert.equal(picked[0]!.id, order[1]);
    assert.equal(picked.at(-1)!.id, owner.id, 'the overloaded owner is still a last resort');
  });

  it('keeps the owner while it is within the bound', () => {
    const loaded = replicas(4);
    const key = 'warm-prefix';
    const owner = loaded.find((r) => r.id === ring.lookup(key))!;
    for (const r of loaded) r.inFlight = 2;
    owner.inFlight = 3; // total 9 → capacity ceil(1.25 × 10 / 4) = 4
    assert.equal(prefixAffinity.pick(loaded, context(ring, key))[0]!.id, owner.id);
  });

  it('bounds every replica under a skewed stream of one hot key', () => {
    const live = replicas(4);
    const c = 1.25;
    // Requests arrive and stay in flight; all share one prefix.
    for (let i = 0; i < 100; i++) {
      const chosen = prefixAffinity.pick(live, context(ring, 'one-hot-key', c))[0]!;
      chosen.inFlight++;
      const total = live.reduce((s, r) => s + r.inFlight, 0);
      for (const r of live)
        assert.ok(r.inFlight <= Math.ceil((c * total) / live.length), `${r.id} over bound`);
    }
  });

  it('skips replicas that are on the ring but unavailable', () => {
    const key = 'k-17';
    const order = ring.walk(key);
    const available = replicas(4).filter((r) => r.id !== order[0]);
    assert.equal(prefixAffinity.pick(available, context(ring, key))[0]!.id, order[1]);
  });

  it('falls back to least-busy without a key', () => {
    const loaded = replicas(3);
    loaded[0]!.inFlight = 4;
    loaded[1]!.inFlight = 0;
    loaded[2]!.inFlight = 2;
    assert.deepEqual(
      prefixAffinity.pick(loaded, context(ring, undefined)).map((r) => r.id),
      ['r1', 'r2', 'r0'],
    );
  });
});
