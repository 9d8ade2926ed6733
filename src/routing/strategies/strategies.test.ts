import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRng } from '../../util/index.ts';
import type { TokenPrice } from '../types.ts';
import { cost, latency, leastBusy, weighted } from './index.ts';
import type { Candidate, StrategyContext } from './strategy.ts';

function candidate(id: string, fields: Partial<Omit<Candidate, 'id'>> = {}): Candidate {
  return { id, weight: 1, inFlight: 0, ewmaMs: undefined, price: undefined, ...fields };
}

function ctx(seed = 1): StrategyContext {
  return { random: createRng(seed), loadFactor: 1.25 };
}

function ids(list: readonly Candidate[]): string[] {
  return list.map((c) => c.id);
}

describe('weighted', () => {
  it('picks first in proportion to weight over 10k picks', () => {
    const list = [
      candidate('a', { weight: 1 }),
      candidate('b', { weight: 2 }),
      candidate('c', { weight: 7 }),
    ];
    const c = ctx(7);
    const counts: Record<string, number> = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 10_000; i++) counts[weighted.pick(list, c)[0]!.id]!++;
    assert.ok(Math.abs(counts.a! / 10_000 - 0.1) < 0.015, `a: ${counts.a}`);
    assert.ok(Math.abs(counts.b! / 10_000 - 0.2) < 0.015, `b: ${counts.b}`);
    assert.ok(Math.abs(counts.c! / 10_000 - 0.7) < 0.015, `c: ${counts.c}`);
  });

  it('returns every candidate once, and the retry order is weighted too', () => {
    const list = [
      candidate('a', { weight: 1 }),
      candidate('b', { weight: 1 }),
      candidate('c', { weight: 98 }),
    ];
    const c = ctx(3);
    let secondB = 0;
    let firstA = 0;
    for (let i = 0; i < 5000; i++) {
      const order = weighted.pick(list, c);
      assert.deepEqual([...ids(order)].sort(), ['a', 'b', 'c']);
      if (order[0]!.id === 'a' && order[1]!.id === 'b') secondB++;
      if (order[0]!.id === 'a') firstA++;
    }
    // Given a first, b and c follow in proportion 1:98.
    assert.ok(secondB / firstA < 0.1, `${secondB}/${firstA}`);
  });

  it('orders all-zero weights uniformly', () => {
    const list = [candidate('a', { weight: 0 }), candidate('b', { weight: 0 })];
    const c = ctx(5);
    let a = 0;
    for (let i = 0; i < 4000; i++) if (weighted.pick(list, c)[0]!.id === 'a') a++;
    assert.ok(Math.abs(a / 4000 - 0.5) < 0.05, `${a}`);
  });
});

describe('least-busy', () => {
  it('orders by in-flight count', () => {
    const list = [
      candidate('a', { inFlight: 5 }),
      candidate('b', { inFlight: 1 }),
      candidate('c', { inFlight: 3 }),
    ];
    assert.deepEqual(ids(leastBusy.pick(list, ctx())), ['b', 'c', 'a']);
  });

  it('breaks ties by weight, then at random', () => {
    const list = [
      candidate('a', { weight: 1 }),
      candidate('b', { weight: 3 }),
      candidate('c', { weight: 1 }),
    ];
    const c = ctx(9);
    const seconds = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const order = leastBusy.pick(list, c);
      assert.equal(order[0]!.id, 'b');
      seconds.add(order[1]!.id);
    }
    assert.deepEqual([...seconds].sort(), ['a', 'c']);
  });
});

describe('latency', () => {
  it('explores unmeasured deployments first, then lowest EWMA', () => {
    const list = [
      candidate('slow', { ewmaMs: 900 }),
      candidate('fast', { ewmaMs: 50 }),
      candidate('new'),
      candidate('mid', { ewmaMs: 200 }),
    ];
    assert.deepEqual(ids(latency.pick(list, ctx())), ['new', 'fast', 'mid', 'slow']);
  });
});

describe('cost', () => {
  const price = (input: number, output: number): TokenPrice => ({ input, output });
  it('orders cheapest first with unknown prices last', () => {
    const list = [
      candidate('unknown'),
      candidate('pricey', { price: price(10e-6, 30e-6) }),
      candidate('cheap', { price: price(0.1e-6, 0.4e-6) }),
      candidate('middle', { price: price(1e-6, 2e-6) }),
    ];
    assert.deepEqual(ids(cost.pick(list, ctx())), ['cheap', 'middle', 'pricey', 'unknown']);
  });

  it('spreads load across equally priced deployments', () => {
    const list = [candidate('a', { price: price(1e-6, 1e-6) }), candidate('b', { price: price(1e-6, 1e-6) })];
    const c = ctx(11);
    let a = 0;
    for (let i = 0; i < 2000; i++) if (cost.pick(list, c)[0]!.id === 'a') a++;
    assert.ok(a > 800 && a < 1200, `${a}`);
  });
});
