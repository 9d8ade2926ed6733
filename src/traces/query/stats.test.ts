import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { isKeelError } from '../../errors/index.ts';
import { testBackends } from '../test-stores.ts';
import { queryStats } from './stats.ts';
import { TenantDirectory } from './tenants.ts';
import { generation, HOUR_US, score, write } from './test-support.ts';

const { backends } = await testBackends();
const T0 = Date.UTC(2026, 0, 1) * 1000;
const WINDOW = { sinceMs: T0 / 1000, untilMs: T0 / 1000 + 3 * 3_600_000 };

/** percentile_cont over a sorted array. */
function cont(sorted: number[], p: number): number {
  const pos = (sorted.length - 1) * p;
  const lo = Math.floor(pos);
  const a = sorted[lo] as number;
  const b = sorted[lo + 1] ?? a;
  return a + (pos - lo) * (b - a);
}

for (const backend of backends) {
  describe(`stats (${backend.name})`, async () => {
    after(() => backend.cleanup());
    const store = await backend.open();
    after(() => store.close());
    const tenants = new TenantDirectory(store.sql, { ttlMs: 0 });
    // Model a: 100 traces with durations 1..100 ms in hour 0; model b: 10 traces in hour 1, 2 errors.
    const items = [];
    for (let i = 1; i <= 100; i++) {
      items.push(
        ...generation({
          traceId: `a${i}`,
          startUs: T0 + i * 1000,
          model: 'a',
          durationMs: i,
          ttftMs: i / 2,
          costUsd: 0.01,
          outputTokens: 10,
          cacheHit: i % 4 === 0,
          guard: i % 10 === 0 ? 'block' : 'allow',
        }),
      );
    }
    for (let i = 0; i < 10; i++) {
      items.push(
        ...generation({
          traceId: `b${i}`,
          startUs: T0 + HOUR_US + i * 1000,
          model: 'b',
          durationMs: 1000,
          ttftMs: null,
          status: i < 2 ? 'error' : 'ok',
          feature: 'search',
        }),
      );
    }
    await write(store.sql, items);
    await write(store.sql, [
      score({ id: 's1', traceId: 'a1', name: 'quality', value: 1, timeUs: T0 + 10 }),
      score({ id: 's2', traceId: 'a2', name: 'quality', value: 0, timeUs: T0 + 20 }),
      score({ id: 's3', traceId: 'b1', name: 'quality', value: 0.5, timeUs: T0 + HOUR_US + 5 }),
    ]);

    it('grouped by model: count, percentiles (as percentile_cont), rates, cost, scores', async () => {
      const result = await queryStats(store.sql, tenants, { scope: undefined, filters: WINDOW, by: 'model' });
      assert.equal(result.rows.length, 2);
      const a = result.rows.find((r) => r.group === 'a');
      const b = result.rows.find((r) => r.group === 'b');
      assert.ok(a && b);
      assert.equal(a.count, 100);
      const durations = Array.from({ length: 100 }, (_, i) => i + 1);
      for (const [p, key] of [
        [0.5, 'p50'],
        [0.95, 'p95'],
        [0.99, 'p99'],
      ] as const) {
        assert.ok(Math.abs((a.latencyMs[key] as number) - cont(durations, p)) < 1e-6, `${key}`);
      }
      assert.ok(Math.abs((a.ttftMs.p50 as number) - cont(durations, 0.5) / 2) < 1e-6);
      assert.ok(Math.abs(a.costUsd - 1) < 1e-9);
      assert.equal(a.cacheLookups, 100);
      assert.equal(a.cacheHitRate, 0.25);
      assert.equal(a.guardTriggerRate, 0.1);
      assert.equal(a.errorRate, 0.1, 'blocked guardrail spans make their traces errors');
      assert.ok(a.tokensPerSecond !== null && a.tokensPerSecond > 0);
      assert.deepEqual(a.scores.quality, { avg: 0.5, count: 2 });
      assert.equal(b.errorRate, 0.2);
      assert.equal(b.ttftMs.p50, null);
      assert.equal(b.cacheHitRate, null);
      assert.deepEqual(b.scores.quality, { avg: 0.5, count: 1 });
    });

    it('time buckets and filters', async () => {
      const result = await queryStats(store.sql, tenants, {
        scope: undefined,
        filters: WINDOW,
        bucketMs: 3_600_000,
      });
      assert.deepEqual(
        result.rows.map((r) => [r.bucketStart, r.count]),
        [
          [new Date(T0 / 1000).toISOString(), 100],
          [new Date(T0 / 1000 + 3_600_000).toISOString(), 10],
        ],
      );
      const search = await queryStats(store.sql, tenants, {
        scope: undefined,
        filters: { ...WINDOW, feature: 'search' },
      });
      assert.equal(search.rows[0]?.count, 10);
      const none = await queryStats(store.sql, tenants, { scope: ['nobody'], filters: WINDOW });
      assert.deepEqual(none.rows, []);
    });

    it('by layer: span-level stats (guardrail block rate on the safety layer)', async () => {
      const result = await queryStats(store.sql, tenants, { scope: undefined, filters: WINDOW, by: 'layer' });
      const safety = result.rows.find((r) => r.group === 'safety');
      const model = result.rows.find((r) => r.group === 'model');
      assert.equal(result.level, 'span');
      assert.equal(safety?.count, 100);
      assert.equal(safety?.guardTriggerRate, 0.1);
      assert.equal(model?.count, 110);
    });

    it('by user (two passes): percentiles for the groups returned, largest first', async () => {
      const users = [];
      for (let i = 0; i < 9; i++) {
        users.push(
          ...generation({
            traceId: `u${i}`,
            startUs: T0 + 2 * HOUR_US + i,
            userId: 'heavy',
            durationMs: (i + 1) * 10,
          }),
        );
      }
      users.push(...generation({ traceId: 'v0', startUs: T0 + 2 * HOUR_US, userId: 'light', durationMs: 7 }));
      await write(store.sql, users);
      const result = await queryStats(store.sql, tenants, {
        scope: undefined,
        filters: WINDOW,
        by: 'user',
        groups: 2,
      });
      assert.deepEqual(
        result.rows.map((r) => r.group),
        [null, 'heavy'],
      );
      const heavy = result.rows[1];
      assert.equal(heavy?.latencyMs.p50, 50);
      assert.ok(
        Math.abs((heavy?.latencyMs.p95 as number) - cont([10, 20, 30, 40, 50, 60, 70, 80, 90], 0.95)) < 1e-6,
      );
      assert.ok((result.rows[0]?.latencyMs.p50 ?? 0) > 0, 'the null group (no user) gets percentiles too');
    });

    it('too many buckets is a 400', async () => {
      await assert.rejects(
        queryStats(store.sql, tenants, { scope: undefined, filters: WINDOW, bucketMs: 1000 }),
        (e) => isKeelError(e) && e.status === 400,
      );
    });
  });
}
