/**
 * The behaviour every CounterStore must show, run against each implementation (memory here;
 * real Redis in redis-counter-store.test.ts). Uses real time with a short window so the Redis
 * clock (TIME inside the scripts) is exercised too; bounds are generous for a busy machine.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type {
  CounterStore,
  RateCounter,
  ReserveRequest,
  SettledSpendSource,
  SpendCounter,
} from '../../spec/index.ts';

export interface ConformanceFactoryOptions {
  windowMs: number;
  settled?: SettledSpendSource;
}
export type CounterStoreFactory = (options: ConformanceFactoryOptions) => Promise<CounterStore>;

const WINDOW_MS = 1000;

function rate(limits: Omit<RateCounter, 'id'>): RateCounter {
  return { id: `key:${randomUUID()}`, ...limits };
}

function spend(limitUsd: number, extra: Partial<SpendCounter> = {}): SpendCounter {
  const scopeId = randomUUID();
  return {
    id: `team:${scopeId}:total`,
    scope: 'team',
    scopeId,
    periodStart: null,
    resetsAt: null,
    limitUsd,
    ...extra,
  };
}

function req(parts: Partial<ReserveRequest>): ReserveRequest {
  return { id: randomUUID(), rate: [], spend: [], tokens: 0, costUsd: 0, ttlMs: 30_000, ...parts };
}

export function counterStoreConformance(name: string, factory: CounterStoreFactory): void {
  describe(`CounterStore conformance: ${name}`, () => {
    const stores: CounterStore[] = [];
    const open = async (options: Partial<ConformanceFactoryOptions> = {}) => {
      const store = await factory({ windowMs: WINDOW_MS, ...options });
      stores.push(store);
      return store;
    };
    after(async () => {
      for (const store of stores) await store.close();
    });

    it('RPM: lets exactly `rpm` requests through per window, then says when to retry', async () => {
      const store = await open();
      const limit = rate({ rpm: 5 });
      for (let i = 0; i < 5; i++) assert.equal((await store.reserve(req({ rate: [limit] }))).ok, true);
      const refused = await store.reserve(req({ rate: [limit] }));
      assert.equal(refused.ok, false);
      if (refused.ok) return;
      assert.equal(refused.failure.kind, 'rpm');
      assert.equal(refused.failure.counterId, limit.id);
      assert.ok(refused.failure.retryAfterMs !== null && refused.failure.retryAfterMs > 0);
      assert.ok((refused.failure.retryAfterMs as number) <= WINDOW_MS);
      await sleep(WINDOW_MS + 150);
      assert.equal((await store.reserve(req({ rate: [limit] }))).ok, true);
    });

    it('max parallel: a slot frees on settle, and on its own when the reservation lapses', async () => {
      const store = await open();
      const limit = rate({ maxParallel: 2 });
      const a = await store.reserve(req({ rate: [limit] }));
      // b must still be held across the next four round trips: a TTL well above a stalled
      // machine's round trips, and a sleep well above the TTL.
      const b = await store.reserve(req({ rate: [limit], ttlMs: 1500 }));
      assert.ok(a.ok && b.ok);
      const third = await store.reserve(req({ rate: [limit] }));
      assert.equal(third.ok, false);
      if (!third.ok) assert.equal(third.failure.kind, 'parallel');
      await store.settle({ reservation: a.reservation, costUsd: 0 });
      assert.equal((await store.reserve(req({ rate: [limit] }))).ok, true);
      // Two held again (b and the new one); b lapses after its ttl.
      assert.equal((await store.reserve(req({ rate: [limit] }))).ok, false);
      await sleep(2000);
      assert.equal((await store.reserve(req({ rate: [limit] }))).ok, true);
    });

    it('a short reservation does not cut a longer one short: its parallel slot holds until its own ttl', async () => {
      const store = await open();
      const limit = rate({ maxParallel: 2 });
      const long = await store.reserve(req({ rate: [limit], ttlMs: 30_000 }));
      const short = await store.reserve(req({ rate: [limit], ttlMs: 300 }));
      assert.ok(long.ok && short.ok);
      await store.settle({ reservation: short.reservation, costUsd: 0 });
      await sleep(600);
      assert.equal((await store.reserve(req({ rate: [limit] }))).ok, true);
      const third = await store.reserve(req({ rate: [limit] }));
      assert.equal(third.ok, false, 'the long reservation and the new one hold both slots');
    });

    it('renew: a reservation still in use keeps its slot and its spend past the first ttl; a lapsed one stays lapsed', async () => {
      const store = await open();
      const limit = rate({ maxParallel: 1 });
      const budget = spend(1);
      const held = await store.reserve(req({ rate: [limit], spend: [budget], costUsd: 0.6, ttlMs: 800 }));
      assert.ok(held.ok);
      for (let i = 0; i < 3; i++) {
        await sleep(400);
        await store.renew(held.reservation, 800);
      }
      // 1.2 s after the reserve: without the renewals both holds would have lapsed.
      const refused = await store.reserve(req({ rate: [limit] }));
      assert.equal(refused.ok, false);
      const [usage] = await store.usage([budget]);
      assert.ok(Math.abs((usage?.reservedUsd ?? 0) - 0.6) < 1e-9);
      await store.renew(held.reservation, 30_000);
      const lapsing = await store.reserve(req({ spend: [budget], costUsd: 0.1, ttlMs: 200 }));
      assert.ok(lapsing.ok);
      await sleep(450);
      await store.renew(lapsing.reservation, 30_000);
      const [after] = await store.usage([budget]);
      assert.ok(Math.abs((after?.reservedUsd ?? 0) - 0.6) < 1e-9, 'a lapsed hold is not brought back');
    });

    it('TPM: counts estimated tokens; a request larger than the limit can never pass', async () => {
      const store = await open();
      const limit = rate({ tpm: 100 });
      assert.equal((await store.reserve(req({ rate: [limit], tokens: 60 }))).ok, true);
      const over = await store.reserve(req({ rate: [limit], tokens: 60 }));
      assert.equal(over.ok, false);
      if (!over.ok) {
        assert.equal(over.failure.kind, 'tpm');
        assert.ok(over.failure.retryAfterMs !== null && over.failure.retryAfterMs <= WINDOW_MS);
      }
      assert.equal((await store.reserve(req({ rate: [limit], tokens: 40 }))).ok, true);
      const huge = await store.reserve(req({ rate: [limit], tokens: 150 }));
      assert.equal(huge.ok, false);
      if (!huge.ok) assert.equal(huge.failure.retryAfterMs, null);
    });

    it('TPM: completion tokens reported at settle count against the window', async () => {
      const store = await open();
      const limit = rate({ tpm: 100 });
      const first = await store.reserve(req({ rate: [limit], tokens: 10 }));
      assert.ok(first.ok);
      await store.settle({ reservation: first.reservation, costUsd: 0, completionTokens: 80 });
      assert.equal((await store.reserve(req({ rate: [limit], tokens: 20 }))).ok, false);
      assert.equal((await store.reserve(req({ rate: [limit], tokens: 10 }))).ok, true);
    });

    it('budget: settled + reserved + this reservation must stay within the limit', async () => {
      const store = await open();
      const budget = spend(1);
      const a = await store.reserve(req({ spend: [budget], costUsd: 0.4 }));
      const b = await store.reserve(req({ spend: [budget], costUsd: 0.4 }));
      assert.ok(a.ok && b.ok);
      const c = await store.reserve(req({ spend: [budget], costUsd: 0.4 }));
      assert.equal(c.ok, false);
      if (!c.ok) {
        assert.equal(c.failure.kind, 'budget');
        assert.equal(c.failure.counterId, budget.id);
        assert.equal(c.failure.retryAfterMs, null);
        assert.equal(c.failure.settledUsd, 0);
        assert.equal(c.failure.reservedUsd, 0.8);
      }
      const settled = await store.settle({ reservation: a.reservation, costUsd: 0.1 });
      assert.deepEqual(settled.spend, [{ counterId: budget.id, settledUsd: 0.1 }]);
      assert.equal((await store.reserve(req({ spend: [budget], costUsd: 0.4 }))).ok, true);
      assert.deepEqual(await store.usage([budget]), [
        { counterId: budget.id, settledUsd: 0.1, reservedUsd: 0.8 },
      ]);
    });

    it('a refused request writes nothing: a budget failure does not use up the RPM of the same request', async () => {
      const store = await open();
      const limit = rate({ rpm: 2, maxParallel: 5 });
      const budget = spend(0.5);
      for (let i = 0; i < 5; i++) {
        const refused = await store.reserve(req({ rate: [limit], spend: [budget], costUsd: 1 }));
        assert.equal(refused.ok, false);
      }
      assert.equal((await store.reserve(req({ rate: [limit] }))).ok, true);
      assert.equal((await store.reserve(req({ rate: [limit] }))).ok, true);
      assert.equal((await store.reserve(req({ rate: [limit] }))).ok, false);
    });

    it('reservations of a dead caller lapse: the reserved sum returns to 0 after the ttl', async () => {
      const store = await open();
      const budget = spend(10);
      // 20 reserves and a read must all land within the TTL, even on a stalled machine.
      for (let i = 0; i < 20; i++) await store.reserve(req({ spend: [budget], costUsd: 0.3, ttlMs: 1500 }));
      const [during] = await store.usage([budget]);
      assert.ok(Math.abs((during?.reservedUsd ?? 0) - 6) < 1e-9);
      await sleep(2000);
      assert.deepEqual(await store.usage([budget]), [
        { counterId: budget.id, settledUsd: 0, reservedUsd: 0 },
      ]);
    });

    it('settling a lapsed reservation counts its cost but does not release it twice', async () => {
      const store = await open();
      const budget = spend(10);
      const lapsing = await store.reserve(req({ spend: [budget], costUsd: 1, ttlMs: 200 }));
      assert.ok(lapsing.ok);
      await sleep(450);
      const live = await store.reserve(req({ spend: [budget], costUsd: 2 }));
      assert.ok(live.ok);
      await store.settle({ reservation: lapsing.reservation, costUsd: 0.25 });
      assert.deepEqual(await store.usage([budget]), [
        { counterId: budget.id, settledUsd: 0.25, reservedUsd: 2 },
      ]);
    });

    it('reserved spend returns exactly to 0 after many settles (integer nano-dollars, no float drift)', async () => {
      const store = await open();
      const budget = spend(1000);
      const taken = [];
      for (let i = 0; i < 50; i++) {
        const r = await store.reserve(req({ spend: [budget], costUsd: 0.1 + i * 1e-7 }));
        assert.ok(r.ok);
        taken.push(r.reservation);
      }
      for (const reservation of taken) await store.settle({ reservation, costUsd: 0.03 });
      const [usage] = await store.usage([budget]);
      assert.equal(usage?.reservedUsd, 0);
      assert.ok(Math.abs((usage?.settledUsd ?? 0) - 1.5) < 1e-9);
    });

    it('concurrent reservations never overbook: 200 × $0.01 against $1 → exactly 100 pass', async () => {
      const store = await open();
      const budget = spend(1);
      const outcomes = await Promise.all(
        Array.from({ length: 200 }, () => store.reserve(req({ spend: [budget], costUsd: 0.01 }))),
      );
      assert.equal(outcomes.filter((o) => o.ok).length, 100);
    });

    it('a counter first seen loads its settled spend from the source, once', async () => {
      let loads = 0;
      const store = await open({
        settled: async () => {
          loads++;
          return 0.7;
        },
      });
      const budget = spend(1);
      const outcomes = await Promise.all([
        store.reserve(req({ spend: [budget], costUsd: 0.2 })),
        store.reserve(req({ spend: [budget], costUsd: 0.2 })),
      ]);
      assert.equal(outcomes.filter((o) => o.ok).length, 1);
      const refused = outcomes.find((o) => !o.ok);
      if (refused && !refused.ok) assert.ok(Math.abs((refused.failure.settledUsd ?? 0) - 0.7) < 1e-9);
      assert.ok(loads >= 1 && loads <= 2, `loads: ${loads}`);
      await store.reserve(req({ spend: [budget], costUsd: 0.01 }));
      const before = loads;
      await store.reserve(req({ spend: [budget], costUsd: 0.01 }));
      assert.equal(loads, before);
    });

    it('checks every counter of a request: the first failing one is named', async () => {
      const store = await open();
      const key = rate({ rpm: 100 });
      const team = rate({ rpm: 1 });
      assert.equal((await store.reserve(req({ rate: [key, team] }))).ok, true);
      const refused = await store.reserve(req({ rate: [key, team] }));
      assert.equal(refused.ok, false);
      if (!refused.ok) assert.equal(refused.failure.counterId, team.id);
    });
  });
}
