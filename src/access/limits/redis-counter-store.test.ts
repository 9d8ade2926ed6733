/**
 * The CounterStore conformance suite and the Lua-specific behaviour against the real Redis
 * (each run under its own key prefix, deleted afterwards).
 */
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { REDIS_URL, serviceSkip } from '../../../test/services.ts';
import type { SpendCounter } from '../../spec/index.ts';
import { counterStoreConformance } from './counter-store-conformance.ts';
import { RedisCounterStore } from './redis-counter-store.ts';

const skip = await serviceSkip('redis');
const run = randomBytes(4).toString('hex');
const prefixes: string[] = [];
let n = 0;
const nextPrefix = () => {
  const prefix = `keel-test:{limits-${run}-${n++}}:`;
  prefixes.push(prefix);
  return prefix;
};

async function dropKeys(): Promise<void> {
  const admin = new Redis(REDIS_URL);
  for (const prefix of prefixes) {
    const keys = await admin.keys(`${prefix.replace(/[{}]/g, (c) => `\\${c}`)}*`);
    if (keys.length > 0) await admin.del(...keys);
  }
  await admin.quit();
}

const budget = (limitUsd: number, resetsAt: number | null = null): SpendCounter => {
  const id = randomUUID();
  return { id: `key:${id}:x`, scope: 'key', scopeId: id, periodStart: null, resetsAt, limitUsd };
};

if (skip) {
  it('RedisCounterStore', { skip }, () => {});
} else {
  after(dropKeys);
  counterStoreConformance('redis', async (options) => {
    const store = new RedisCounterStore({ url: REDIS_URL, prefix: nextPrefix(), ...options });
    assert.equal(await store.ready(), true);
    return store;
  });

  describe('RedisCounterStore (Lua specifics)', () => {
    it('a reserve is exactly one command; a lost script cache costs one EVAL fallback and no error', async () => {
      // Redis forgetting its scripts (a restart, SCRIPT FLUSH) shows as NOSCRIPT on this client's
      // next EVALSHA. Injected on this client only: a real SCRIPT FLUSH is server-wide, and any
      // other suite's EVAL on the shared Redis in between re-caches the script (1 run in 3 under load).
      const client = new Redis(REDIS_URL, { lazyConnect: true });
      await client.connect();
      let loseScripts = false;
      const evalsha = client.evalsha.bind(client) as (...args: unknown[]) => Promise<unknown>;
      (client as unknown as { evalsha: (...args: unknown[]) => Promise<unknown> }).evalsha = (...args) => {
        if (!loseScripts) return evalsha(...args);
        loseScripts = false;
        return Promise.reject(new Error('NOSCRIPT No matching script. Please use EVAL.'));
      };
      const store = new RedisCounterStore({ client, prefix: nextPrefix() });
      try {
        const b = budget(10);
        await store.usage([b]); // seeds the counter (not on the request path)
        const before = { ...store.commands };
        const r = await store.reserve({
          id: 'a',
          rate: [{ id: 'k', rpm: 10, tpm: 1000, maxParallel: 3 }],
          spend: [b],
          tokens: 5,
          costUsd: 0.1,
          ttlMs: 5000,
        });
        assert.ok(r.ok);
        assert.equal(store.commands.reserve - before.reserve, 1);
        assert.equal(store.commands.seed, before.seed);
        const fallbacks = store.commands.fallbackEval;
        loseScripts = true;
        const again = await store.reserve({
          id: 'b',
          rate: [],
          spend: [b],
          tokens: 0,
          costUsd: 0.1,
          ttlMs: 5000,
        });
        assert.ok(again.ok);
        assert.equal(store.commands.fallbackEval, fallbacks + 1);
        assert.equal(loseScripts, false, 'the EVALSHA was tried first');
      } finally {
        await store.close();
        await client.quit();
      }
    });

    it('period counters expire after their period (plus grace); totals never do; windows expire after a minute', async () => {
      const prefix = nextPrefix();
      const store = new RedisCounterStore({ url: REDIS_URL, prefix });
      await store.ready();
      const resetsAt = Date.now() + 3_600_000;
      const day = budget(5, resetsAt);
      const total = budget(5);
      const r = await store.reserve({
        id: 'a',
        rate: [{ id: 'k1', rpm: 10 }],
        spend: [day, total],
        tokens: 0,
        costUsd: 0.5,
        ttlMs: 5000,
      });
      assert.ok(r.ok);
      const admin = new Redis(REDIS_URL);
      const dayTtl = await admin.pttl(`${prefix}sp:${day.id}`);
      assert.ok(dayTtl > 3_600_000 && dayTtl <= 3_600_000 + 2 * 86_400_000 + 1000, `ttl ${dayTtl}`);
      assert.equal(await admin.pttl(`${prefix}sp:${total.id}`), -1);
      const rpmTtl = await admin.pttl(`${prefix}rl:k1:rpm`);
      assert.ok(rpmTtl > 0 && rpmTtl <= 60_000);
      await admin.quit();
      await store.close();
    });

    it('a counter Redis lost is re-seeded from the source: settled = max(Redis, source), stale holds dropped', async () => {
      const prefix = nextPrefix();
      let loaded = 0.4;
      const store = new RedisCounterStore({ url: REDIS_URL, prefix, settled: async () => loaded });
      await store.ready();
      const b = budget(1);
      const held = await store.reserve({
        id: 'a',
        rate: [],
        spend: [b],
        tokens: 0,
        costUsd: 0.3,
        ttlMs: 60_000,
      });
      assert.ok(held.ok);
      assert.deepEqual(await store.usage([b]), [{ counterId: b.id, settledUsd: 0.4, reservedUsd: 0.3 }]);
      const admin = new Redis(REDIS_URL);
      await admin.del(`${prefix}sp:${b.id}`); // eviction or a Redis restart without persistence
      await admin.quit();
      loaded = 0.55;
      assert.deepEqual(await store.usage([b]), [{ counterId: b.id, settledUsd: 0.55, reservedUsd: 0 }]);
      // The in-flight request settles later: its hold is gone, so nothing goes negative.
      await store.settle({ reservation: held.reservation, costUsd: 0.2 });
      const [usage] = await store.usage([b]);
      assert.equal(usage?.reservedUsd, 0);
      assert.ok(Math.abs((usage?.settledUsd ?? 0) - 0.75) < 1e-9);
      await store.close();
    });

    it('down Redis fails fast (no offline queue): a closed port rejects within the command timeout', async () => {
      const store = new RedisCounterStore({
        url: 'redis://127.0.0.1:1',
        prefix: nextPrefix(),
        commandTimeoutMs: 200,
      });
      assert.equal(await store.ready(), false);
      const t0 = performance.now();
      await assert.rejects(
        store.reserve({
          id: 'a',
          rate: [{ id: 'k', rpm: 1 }],
          spend: [],
          tokens: 0,
          costUsd: 0,
          ttlMs: 1000,
        }),
      );
      assert.ok(performance.now() - t0 < 1000);
      await store.close();
    });
  });
}
