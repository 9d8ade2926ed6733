import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SpendCounter } from '../../spec/index.ts';
import { counterStoreConformance } from './counter-store-conformance.ts';
import { MemoryCounterStore } from './memory-counter-store.ts';

counterStoreConformance(
  'memory',
  async (options) => new MemoryCounterStore({ ...options, sweepIntervalMs: 0 }),
);

const day = (id: string, resetsAt: number): SpendCounter => ({
  id,
  scope: 'key',
  scopeId: id,
  periodStart: resetsAt - 86_400_000,
  resetsAt,
  limitUsd: 1,
});

describe('MemoryCounterStore (fake clock)', () => {
  it('a rate window slides with the clock: the 6th request passes once the 1st is a minute old', async () => {
    let now = 1_000_000;
    const store = new MemoryCounterStore({ now: () => now, sweepIntervalMs: 0 });
    const limit = { id: 'key:a', rpm: 5 };
    for (let i = 0; i < 5; i++) {
      assert.equal(
        (await store.reserve({ id: `r${i}`, rate: [limit], spend: [], tokens: 0, costUsd: 0, ttlMs: 1000 }))
          .ok,
        true,
      );
      now += 1000;
    }
    const refused = await store.reserve({
      id: 'r5',
      rate: [limit],
      spend: [],
      tokens: 0,
      costUsd: 0,
      ttlMs: 1000,
    });
    assert.equal(refused.ok, false);
    if (!refused.ok) assert.equal(refused.failure.retryAfterMs, 55_000);
    now = 1_000_000 + 60_000;
    assert.equal(
      (await store.reserve({ id: 'r6', rate: [limit], spend: [], tokens: 0, costUsd: 0, ttlMs: 1000 })).ok,
      true,
    );
  });

  it('sweep drops idle rate counters and ended periods, but keeps counters with live holds', async () => {
    let now = 10 * 86_400_000;
    const loads: string[] = [];
    const store = new MemoryCounterStore({
      now: () => now,
      sweepIntervalMs: 0,
      settled: async (counter) => {
        loads.push(counter.id);
        return 0;
      },
    });
    const ended = day('ended', now + 1000);
    const held = day('held', now + 1000);
    const rate = { id: 'key:x', maxParallel: 1 };
    const idle = await store.reserve({
      id: 'a',
      rate: [rate],
      spend: [ended],
      tokens: 0,
      costUsd: 0,
      ttlMs: 10,
    });
    assert.ok(idle.ok);
    const hold = await store.reserve({
      id: 'b',
      rate: [],
      spend: [held],
      tokens: 0,
      costUsd: 0.5,
      ttlMs: 10 * 86_400_000,
    });
    assert.ok(hold.ok);
    now += 3 * 86_400_000;
    store.sweep();
    assert.deepEqual(loads, ['ended', 'held']);
    // The held counter is still in memory (no reload); the ended one was dropped (reloads).
    assert.deepEqual(await store.usage([held]), [{ counterId: 'held', settledUsd: 0, reservedUsd: 0.5 }]);
    await store.usage([ended]);
    assert.deepEqual(loads, ['ended', 'held', 'ended']);
    await store.close();
  });

  it('a failing settled-spend source fails the reserve (the caller applies its fail mode) and is retried next time', async () => {
    let fail = true;
    const store = new MemoryCounterStore({
      sweepIntervalMs: 0,
      settled: async () => {
        if (fail) throw new Error('db down');
        return 0.25;
      },
    });
    const budget = day('k', Date.now() + 86_400_000);
    await assert.rejects(
      store.reserve({ id: 'a', rate: [], spend: [budget], tokens: 0, costUsd: 0.1, ttlMs: 1000 }),
      /db down/,
    );
    fail = false;
    const ok = await store.reserve({
      id: 'b',
      rate: [],
      spend: [budget],
      tokens: 0,
      costUsd: 0.1,
      ttlMs: 1000,
    });
    assert.equal(ok.ok, true);
    assert.deepEqual(await store.usage([budget]), [{ counterId: 'k', settledUsd: 0.25, reservedUsd: 0.1 }]);
  });
});
