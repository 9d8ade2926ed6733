/**
 * Spend rows, rollups, settled-spend reloads and reports on both backends (SQLite in memory and
 * the real Postgres in a throwaway schema).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import { POSTGRES_URL, serviceSkip } from '../../../test/services.ts';
import type { SpendCounter, Store } from '../../spec/index.ts';
import { createStore } from '../../store/index.ts';
import { rollupAll, rollupOnce } from './rollup.ts';
import { chargeback, spendReport } from './spend-report.ts';
import type { SpendRow } from './spend-row.ts';
import { insertSpendRows, settledSpendSource } from './spend-sql.ts';
import { SpendWriter } from './spend-writer.ts';

const DAY = 86_400_000;
const T0 = Date.parse('2026-11-20T12:00:00Z');
let n = 0;

function row(extra: Partial<SpendRow> = {}): SpendRow {
  n++;
  return {
    id: `r-${n}-${randomBytes(3).toString('hex')}`,
    ts: T0,
    orgId: 'o1',
    teamId: 't1',
    projectId: 'p1',
    keyId: 'k1',
    model: 'm1',
    user: '',
    feature: '',
    tags: [],
    status: 200,
    costUsd: 0.5,
    promptTokens: 10,
    completionTokens: 5,
    ...extra,
  };
}

const counter = (scope: string, scopeId: string, start: number | null, end: number | null): SpendCounter => ({
  id: `${scope}:${scopeId}`,
  scope,
  scopeId,
  periodStart: start,
  resetsAt: end,
  limitUsd: 100,
});

function spendSuite(name: string, open: () => Promise<Store>): void {
  describe(`spend: ${name}`, () => {
    it('inserts are idempotent; the writer batches, retries and flushes on close', async () => {
      const store = await open();
      const first = row();
      assert.equal(await insertSpendRows(store.sql, [first, row()]), 2);
      assert.equal(await insertSpendRows(store.sql, [first]), 0);
      const writer = new SpendWriter(store.sql, { batchSize: 3, flushIntervalMs: 10_000 });
      for (let i = 0; i < 7; i++) writer.enqueue(row({ keyId: 'kw' }));
      await writer.close();
      const [count] = await store.sql.query<{ c: number }>(
        "SELECT COUNT(*) AS c FROM access_spend WHERE key_id = 'kw'",
      );
      assert.equal(Number(count?.c), 7);
      assert.deepEqual(writer.stats(), { queued: 0, written: 7, dropped: 0, failures: 0 });
      writer.enqueue(row());
      assert.equal(writer.stats().dropped, 1, 'closed writers drop');
      await store.close();
    });

    it('rollup counts every row exactly once, across passes and re-runs', async () => {
      const store = await open();
      const rows = [
        row({ costUsd: 1, user: 'alice', tags: ['a', 'b'] }),
        row({ costUsd: 2, user: 'alice', tags: ['a'] }),
        row({ costUsd: 4, user: 'bob', status: 500 }),
        row({ costUsd: 8, ts: T0 + DAY, model: 'm2', feature: 'search' }),
      ];
      await insertSpendRows(store.sql, rows);
      assert.equal(await rollupOnce(store.sql, 2), 2);
      assert.equal(await rollupAll(store.sql, { batchSize: 2 }), 2);
      assert.equal(await rollupAll(store.sql), 0);
      await insertSpendRows(store.sql, [row({ costUsd: 16, user: 'alice' })]);
      await rollupAll(store.sql);
      const byUser = await spendReport(store.sql, {
        by: ['user'],
        fromDay: '2026-11-01',
        untilDay: '2026-12-01',
      });
      assert.deepEqual(
        byUser.rows.map((r) => [r.group.user, r.costUsd, r.requests, r.errors]),
        [
          ['alice', 19, 3, 0],
          ['', 8, 1, 0],
          ['bob', 4, 1, 1],
        ],
      );
      assert.equal(byUser.totals.costUsd, 31);
      const byTag = await spendReport(store.sql, {
        by: ['tag'],
        fromDay: '2026-11-01',
        untilDay: '2026-12-01',
      });
      assert.deepEqual(
        byTag.rows.map((r) => [r.group.tag, r.costUsd]),
        [
          ['a', 3],
          ['b', 1],
        ],
      );
      const byDay = await spendReport(store.sql, {
        by: ['day', 'model'],
        fromDay: '2026-11-20',
        untilDay: '2026-11-22',
      });
      assert.deepEqual(
        byDay.rows.map((r) => [r.group.day, r.group.model, r.costUsd]),
        [
          ['2026-11-20', 'm1', 23],
          ['2026-11-21', 'm2', 8],
        ],
      );
      const feature = await spendReport(store.sql, {
        by: ['feature'],
        fromDay: '2026-11-01',
        untilDay: '2026-12-01',
        filters: { model: 'm2' },
      });
      assert.deepEqual(
        feature.rows.map((r) => [r.group.feature, r.costUsd]),
        [['search', 8]],
      );
      await store.close();
    });

    it('settled spend of a scope and period = rolled-up days + rows not rolled up yet', async () => {
      const store = await open();
      const monthStart = Date.parse('2026-11-01T00:00:00Z');
      const monthEnd = Date.parse('2026-12-01T00:00:00Z');
      await insertSpendRows(store.sql, [
        row({ teamId: 'tx', costUsd: 1, ts: monthStart }),
        row({ teamId: 'tx', costUsd: 2, ts: monthEnd - 1 }),
        row({ teamId: 'tx', costUsd: 4, ts: monthEnd }), // next month
        row({ teamId: 'tx', costUsd: 8, ts: monthStart - 1 }), // previous month
        row({ teamId: 'other', costUsd: 16, ts: monthStart + DAY }),
      ]);
      const source = settledSpendSource(store.sql);
      const month = counter('team', 'tx', monthStart, monthEnd);
      assert.equal(await source(month), 3);
      await rollupOnce(store.sql, 2); // half rolled, half not
      assert.equal(await source(month), 3);
      await rollupAll(store.sql);
      assert.equal(await source(month), 3);
      await insertSpendRows(store.sql, [row({ teamId: 'tx', costUsd: 0.25, ts: monthStart + 5 * DAY })]);
      assert.equal(await source(month), 3.25);
      assert.equal(await source(counter('team', 'tx', null, null)), 15.25);
      assert.equal((await source(counter('key', 'k1', null, null))) >= 31.25, true);
      assert.equal(await source(counter('nonsense', 'x', null, null)), 0);
      await store.close();
    });

    it('chargeback covers exactly the period, per org, team and project', async () => {
      const store = await open();
      await insertSpendRows(store.sql, [
        row({
          orgId: 'cb',
          teamId: 'ta',
          projectId: 'pa',
          costUsd: 1,
          ts: Date.parse('2026-10-31T23:59:59Z'),
        }),
        row({
          orgId: 'cb',
          teamId: 'ta',
          projectId: 'pa',
          costUsd: 2,
          ts: Date.parse('2026-11-01T00:00:00Z'),
        }),
        row({
          orgId: 'cb',
          teamId: 'ta',
          projectId: 'pb',
          costUsd: 3,
          ts: Date.parse('2026-11-30T23:59:59Z'),
        }),
        row({
          orgId: 'cb',
          teamId: 'tb',
          projectId: 'pc',
          costUsd: 4,
          ts: Date.parse('2026-11-15T00:00:00Z'),
        }),
        row({
          orgId: 'cb',
          teamId: 'tb',
          projectId: 'pc',
          costUsd: 5,
          ts: Date.parse('2026-12-01T00:00:00Z'),
        }),
      ]);
      await rollupAll(store.sql);
      const statement = await chargeback(store.sql, { period: '2026-11', filters: { orgId: 'cb' } });
      assert.equal(statement.period, '2026-11');
      assert.deepEqual(
        statement.rows.map((r) => [r.group.org, r.group.team, r.group.project, r.costUsd]),
        [
          ['cb', 'tb', 'pc', 4],
          ['cb', 'ta', 'pb', 3],
          ['cb', 'ta', 'pa', 2],
        ],
      );
      await store.close();
    });

    it('the writer keeps rows while the database fails and writes them once it is back', async () => {
      const store = await open();
      let failing = true;
      const flaky = {
        ...store.sql,
        dialect: store.sql.dialect,
        execute: (
          sqlText: string,
          params?: readonly (string | number | bigint | boolean | null | Uint8Array)[],
        ) => (failing ? Promise.reject(new Error('connection refused')) : store.sql.execute(sqlText, params)),
      };
      const writer = new SpendWriter(flaky, { batchSize: 10, flushIntervalMs: 10 });
      for (let i = 0; i < 5; i++) writer.enqueue(row({ keyId: 'flaky' }));
      assert.equal(await writer.flush(), false);
      assert.ok(writer.stats().failures >= 1);
      failing = false;
      assert.equal(await writer.flush(), true);
      const [count] = await store.sql.query<{ c: number }>(
        "SELECT COUNT(*) AS c FROM access_spend WHERE key_id = 'flaky'",
      );
      assert.equal(Number(count?.c), 5);
      await writer.close();
      await store.close();
    });
  });
}

spendSuite('sqlite', () => createStore('sqlite::memory:'));

const skip = await serviceSkip('postgres');
if (skip) {
  it('spend: postgres', { skip }, () => {});
} else {
  const schemas: string[] = [];
  const run = randomBytes(4).toString('hex');
  after(async () => {
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  });
  const nextSchema = () => {
    const schema = `keel_spend_${run}_${schemas.length}`;
    schemas.push(schema);
    return schema;
  };
  spendSuite('postgres', () => createStore(POSTGRES_URL, { schema: nextSchema() }));

  it('spend: postgres replicas rolling up at the same time count every row once', async () => {
    const schema = nextSchema();
    const stores = [await createStore(POSTGRES_URL, { schema })];
    stores.push(
      await createStore(POSTGRES_URL, { schema, migrate: false }),
      await createStore(POSTGRES_URL, { schema, migrate: false }),
    );
    const rows = Array.from({ length: 900 }, (_, i) => row({ costUsd: 0.01, user: `u${i % 7}` }));
    for (let i = 0; i < rows.length; i += 100) await insertSpendRows(stores[0]!.sql, rows.slice(i, i + 100));
    // Each replica keeps rolling until it sees nothing left (a locked-out pass returns 0, so retry a few times).
    await Promise.all(
      stores.map(async (store) => {
        for (let round = 0; round < 20; round++) {
          await rollupAll(store.sql, { batchSize: 50 });
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      }),
    );
    const report = await spendReport(stores[0]!.sql, {
      by: ['user'],
      fromDay: '2026-11-01',
      untilDay: '2026-12-01',
    });
    assert.equal(report.totals.requests, 900);
    assert.ok(Math.abs(report.totals.costUsd - 9) < 1e-9);
    for (const store of stores) await store.close();
  });
}
