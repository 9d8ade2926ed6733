import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { isKeelError } from '../../errors/index.ts';
import { testBackends } from '../test-stores.ts';
import { filtersFromQuery } from './filters.ts';
import { listTraces } from './list-traces.ts';
import { TenantDirectory } from './tenants.ts';
import { generation, HOUR_US, score, span, write } from './test-support.ts';
import { getTrace } from './trace-detail.ts';

const { backends } = await testBackends();
const T0 = Date.UTC(2026, 0, 1) * 1000;

for (const backend of backends) {
  describe(`trace list and detail (${backend.name})`, async () => {
    after(() => backend.cleanup());
    const store = await backend.open();
    after(() => store.close());
    const tenants = new TenantDirectory(store.sql, { ttlMs: 0 });
    // 30 traces an hour apart in tenant 'default' (alternating models, every 5th an error), and 5 in 'other'.
    for (let i = 0; i < 30; i++) {
      await write(
        store.sql,
        generation({
          traceId: `t${String(i).padStart(2, '0')}`,
          startUs: T0 + i * HOUR_US,
          model: i % 2 === 0 ? 'm-even' : 'm-odd',
          status: i % 5 === 0 ? 'error' : 'ok',
          durationMs: 100 + i * 10,
          costUsd: i / 1000,
          userId: `u${i % 3}`,
          tags: i % 4 === 0 ? ['four'] : [],
          guard: i === 7 ? 'block' : null,
        }),
      );
    }
    for (let i = 0; i < 5; i++) {
      await write(
        store.sql,
        generation({ tenant: 'other', traceId: `o${i}`, startUs: T0 + i * HOUR_US + 1 }),
      );
    }
    await write(store.sql, [score({ id: 'sc1', traceId: 't03', name: 'helpful', value: 0.9, timeUs: T0 })]);
    await write(store.sql, [score({ id: 'sc2', traceId: 't04', name: 'helpful', value: 0.2, timeUs: T0 })]);

    const list = (query: Record<string, string>, scope?: string[]) =>
      listTraces(store.sql, tenants, {
        scope,
        filters: filtersFromQuery(query, T0 + 100 * HOUR_US),
        limit: 100,
      });

    it('lists newest first, scoped to tenants', async () => {
      const all = await list({});
      assert.equal(all.data.length, 35);
      assert.equal(all.data[0]?.traceId, 't29');
      const other = await list({}, ['other']);
      assert.deepEqual(
        other.data.map((t) => t.traceId),
        ['o4', 'o3', 'o2', 'o1', 'o0'],
      );
      assert.equal(
        (await list({ tenant: 'other' }, ['default'])).data.length,
        0,
        'cannot narrow outside scope',
      );
    });

    it('filters: model, status, user, tag, layer, score, cost, latency, time range', async () => {
      const ids = async (q: Record<string, string>) =>
        (await list(q, ['default'])).data.map((t) => t.traceId);
      assert.equal((await ids({ model: 'm-even' })).length, 15);
      assert.deepEqual(await ids({ status: 'error' }), ['t25', 't20', 't15', 't10', 't07', 't05', 't00']);
      assert.equal((await ids({ user: 'u1' })).length, 10);
      assert.deepEqual(await ids({ tag: 'four' }), ['t28', 't24', 't20', 't16', 't12', 't08', 't04', 't00']);
      assert.deepEqual(await ids({ layer: 'safety' }), ['t07']);
      assert.deepEqual(await ids({ score: 'helpful', scoreMin: '0.5' } as never), ['t03']);
      assert.deepEqual(await ids({ score: 'helpful' }), ['t04', 't03']);
      assert.deepEqual(await ids({ minCost: '0.0275' } as never), ['t29', 't28']);
      assert.deepEqual(await ids({ maxLatencyMs: '110' } as never), ['t01', 't00']);
      const since = new Date((T0 + 27 * HOUR_US) / 1000).toISOString();
      assert.deepEqual(await ids({ since }), ['t29', 't28', 't27']);
    });

    it('keyset pages walk every trace once, across tenants, in order', async () => {
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let i = 0; i < 20; i++) {
        const page = await listTraces(store.sql, tenants, {
          scope: undefined,
          filters: {},
          limit: 4,
          ...(cursor ? { cursor } : {}),
        });
        seen.push(...page.data.map((t) => `${t.tenant}/${t.traceId}`));
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      assert.equal(seen.length, 35);
      assert.equal(new Set(seen).size, 35);
      assert.equal(seen[0], 'default/t29');
    });

    it('bad cursors are a 400', async () => {
      await assert.rejects(
        listTraces(store.sql, tenants, { scope: undefined, filters: {}, cursor: 'nope' }),
        (e) => isKeelError(e) && e.status === 400,
      );
    });

    it('detail: a span tree with orphans at the root, and scores', async () => {
      await write(store.sql, [
        span({ traceId: 'tree', spanId: 'root', startUs: T0 }),
        span({ traceId: 'tree', spanId: 'child', parentId: 'root', startUs: T0 + 10 }),
        span({ traceId: 'tree', spanId: 'grandchild', parentId: 'child', startUs: T0 + 20 }),
        span({ traceId: 'tree', spanId: 'lost', parentId: 'never-arrived', startUs: T0 + 5 }),
      ]);
      const view = await getTrace(store.sql, tenants, { scope: undefined, traceId: 'tree' });
      assert.ok(view);
      assert.deepEqual(
        view.spans.map((s) => [s.spanId, s.orphan]),
        [
          ['root', false],
          ['lost', true],
        ],
      );
      assert.equal(view.spans[0]?.children[0]?.children[0]?.spanId, 'grandchild');
      const scored = await getTrace(store.sql, tenants, { scope: undefined, traceId: 't03' });
      assert.equal(scored?.scores[0]?.name, 'helpful');
      assert.equal(await getTrace(store.sql, tenants, { scope: ['other'], traceId: 't03' }), null);
    });
  });
}
