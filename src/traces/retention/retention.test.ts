import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { makeRecord } from '../../store/conformance-fixtures.ts';
import { uuidv7 } from '../../store/index.ts';
import { insertEvent } from '../alerts/store.ts';
import { generation, score, write } from '../query/test-support.ts';
import { testBackends } from '../test-stores.ts';
import { retentionSchema } from './config.ts';
import { RetentionJob } from './job.ts';
import { enforceRetention } from './retention.ts';

const DAY_MS = 86_400_000;
const { backends } = await testBackends();

for (const backend of backends) {
  describe(`retention (${backend.name})`, async () => {
    after(() => backend.cleanup());
    const store = await backend.open();
    after(() => store.close());
    const now = Date.now();
    // Per tenant: 25 traces 10 days old, 5 traces 1 day old; a stray old score; requests of both ages.
    for (const tenant of ['short', 'long', 'forever']) {
      for (let i = 0; i < 30; i++) {
        const ageDays = i < 25 ? 10 : 1;
        await write(store.sql, [
          ...generation({
            tenant,
            traceId: `${tenant}-${i}`,
            startUs: (now - ageDays * DAY_MS + i) * 1000,
            tags: ['x'],
          }),
        ]);
      }
      await write(store.sql, [
        score({
          tenant,
          id: `stray-${tenant}`,
          traceId: 'never-arrived',
          name: 'q',
          timeUs: (now - 20 * DAY_MS) * 1000,
        }),
      ]);
      await store.requests.insertBatch([
        makeRecord({
          id: uuidv7(now - 10 * DAY_MS),
          tenant,
          startedAt: now - 10 * DAY_MS,
          endedAt: now - 10 * DAY_MS,
        }),
        makeRecord({ id: uuidv7(now - DAY_MS), tenant, startedAt: now - DAY_MS, endedAt: now - DAY_MS }),
      ]);
    }
    const count = async (table: string, tenant: string) =>
      Number((await store.sql.query(`SELECT COUNT(*) AS n FROM ${table} WHERE tenant = ?`, [tenant]))[0]?.n);

    it('deletes what is older than each tenant’s days, in bounded batches; 0 keeps forever', async () => {
      const config = retentionSchema.parse({
        defaultDays: 0,
        perTenant: { short: 7, long: 30 },
        batchSize: 10,
      });
      const result = await enforceRetention(store.sql, { config, nowMs: now });
      assert.equal(result.incomplete, false);
      assert.deepEqual(
        [
          await count('traces', 'short'),
          await count('trace_spans', 'short'),
          await count('trace_tags', 'short'),
        ],
        [5, 5, 5],
      );
      assert.equal(await count('trace_scores', 'short'), 0, 'the stray score went by its own time');
      assert.equal(await count('requests', 'short'), 1);
      for (const keep of ['long', 'forever']) {
        assert.equal(await count('traces', keep), 30);
        assert.equal(await count('requests', keep), 2);
      }
      assert.equal(result.deleted.traces, 25);
    });

    it('a run stops at maxRunMs and the next continues', async () => {
      const config = retentionSchema.parse({ perTenant: { long: 5 }, batchSize: 10, maxRunMs: 100 });
      let t = 0;
      const partial = await enforceRetention(store.sql, { config, nowMs: now, clock: () => (t += 60) });
      assert.equal(partial.incomplete, true);
      assert.ok((await count('traces', 'long')) > 5);
      await enforceRetention(store.sql, { config: { ...config, maxRunMs: 60_000 }, nowMs: now });
      assert.equal(await count('traces', 'long'), 5);
    });

    it('the job also prunes alert history, one replica at a time', async () => {
      await insertEvent(store.sql, {
        rule: 'r',
        groupBy: null,
        group: null,
        kind: 'firing',
        value: 1,
        threshold: 0,
        message: 'old',
        scope: null,
        delivered: true,
        error: null,
        atMs: now - 100 * DAY_MS,
      });
      const job = (holder: string) =>
        new RetentionJob({
          sql: store.sql,
          config: () => retentionSchema.parse({}),
          alertHistoryDays: () => 90,
          holder,
          now: () => now,
        });
      const a = job('a');
      const b = job('b');
      const ran = await a.run();
      assert.equal(ran?.deleted.alertEvents, 1);
      assert.equal(await b.run(), null, 'a holds the job lock');
      await a.close();
      await b.close();
    });
  });
}
