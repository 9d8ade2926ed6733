import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { isKeelError } from '../errors/index.ts';
import type { RequestRecord, Store } from '../spec/index.ts';
import { BASE_TIME, makeFullRecord, makeRecord, makeSeries } from './conformance-fixtures.ts';
import { uuidv7 } from './ids.ts';
import { registerSqlExecutor } from './sql/sql-conformance.ts';
import type { KeelStore } from './types.ts';

/**
 * The behaviour every Store backend must share. `make()` returns a migrated store on a fresh,
 * empty database (each call its own). `twins(n)`, when given, returns n *unmigrated* stores on one
 * fresh database, for the concurrent-migration test.
 */
export interface ConformanceOptions {
  twins?: (count: number) => Promise<Store[]>;
}

const hasMigrations = (store: Store): store is KeelStore =>
  typeof (store as Partial<KeelStore>).appliedMigrations === 'function';

async function rejectsWith(promise: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => isKeelError(error) && error.code === code);
}

export function storeConformance(
  name: string,
  make: () => Promise<Store>,
  options: ConformanceOptions = {},
): void {
  describe(`Store conformance: ${name}`, () => {
    const opened: Store[] = [];
    const fresh = async () => {
      const store = await make();
      opened.push(store);
      return store;
    };
    after(async () => {
      for (const store of opened) await store.close().catch(() => undefined);
    });

    registerRoundTrip(fresh);
    registerListing(fresh);
    registerIdempotency(fresh);
    registerUnicode(fresh);
    registerLifecycle(fresh, options, opened);
    registerSqlExecutor(fresh);
  });
}

type Fresh = () => Promise<Store>;

const ids = (records: readonly RequestRecord[]) => records.map((r) => r.id);

function registerRoundTrip(fresh: Fresh): void {
  test('insert then get round-trips every field', async () => {
    const store = await fresh();
    const minimal = makeRecord();
    const full = makeFullRecord();
    await store.requests.insertBatch([minimal, full]);
    assert.deepEqual(await store.requests.get(minimal.id), minimal);
    assert.deepEqual(await store.requests.get(full.id), full);
  });

  test('get returns null for unknown and malformed ids', async () => {
    const store = await fresh();
    assert.equal(await store.requests.get(uuidv7()), null);
    assert.equal(await store.requests.get('not-a-uuid'), null);
  });

  test('an invalid record rejects the whole batch and writes nothing', async () => {
    const store = await fresh();
    const good = makeRecord();
    const bad = { ...makeRecord(), latencyMs: Number.NaN };
    await rejectsWith(store.requests.insertBatch([good, bad]), 'invalid_request');
    await rejectsWith(store.requests.insertBatch([{ ...makeRecord(), id: 'x' }]), 'invalid_request');
    await rejectsWith(store.requests.insertBatch([makeRecord({ promptTokens: 2 ** 31 })]), 'invalid_request');
    assert.equal(await store.requests.get(good.id), null);
  });

  test('an empty batch is a no-op', async () => {
    const store = await fresh();
    await store.requests.insertBatch([]);
    assert.deepEqual(await store.requests.list({}), []);
  });
}

function registerListing(fresh: Fresh): void {
  test('list is newest first, default limit 100, explicit limit, bounds checked', async () => {
    const store = await fresh();
    const series = makeSeries(150, BASE_TIME);
    await store.requests.insertBatch(series);
    const newestFirst = ids([...series].reverse());
    assert.deepEqual(ids(await store.requests.list({})), newestFirst.slice(0, 100));
    assert.deepEqual(ids(await store.requests.list({ limit: 7 })), newestFirst.slice(0, 7));
    assert.equal((await store.requests.list({ limit: 10_000 })).length, 150);
    await rejectsWith(store.requests.list({ limit: 10_001 }), 'invalid_request');
    await rejectsWith(store.requests.list({ limit: 0 }), 'invalid_request');
  });

  test('list filters by since (inclusive), until (exclusive), model, user and status', async () => {
    const store = await fresh();
    const a = makeSeries(10, BASE_TIME, { model: 'alpha', user: 'u1' });
    const b = makeSeries(10, BASE_TIME + 500, { model: 'beta', user: 'u2', status: 429 });
    await store.requests.insertBatch([...a, ...b]);
    const at = (i: number) => BASE_TIME + i * 1000;
    const window = await store.requests.list({ since: at(2), until: at(5) });
    assert.deepEqual(new Set(ids(window)), new Set(ids([...a.slice(2, 5), ...b.slice(2, 5)])));
    assert.deepEqual(ids(await store.requests.list({ model: 'alpha' })), ids([...a].reverse()));
    assert.deepEqual(ids(await store.requests.list({ user: 'u2' })), ids([...b].reverse()));
    assert.deepEqual(ids(await store.requests.list({ status: 429, limit: 3 })), ids(b.slice(7).reverse()));
    const combined = await store.requests.list({ model: 'beta', user: 'u2', status: 429, since: at(8) });
    assert.deepEqual(ids(combined), ids(b.slice(8).reverse()));
    assert.deepEqual(await store.requests.list({ model: 'alpha', user: 'u2' }), []);
  });

  test('afterId lists oldest first by id, strictly after the cursor, with filters and limit', async () => {
    const store = await fresh();
    // Start times run backwards so id order and time order disagree: afterId must follow ids.
    const records = Array.from({ length: 20 }, (_, i) =>
      makeRecord({ startedAt: BASE_TIME + (20 - i) * 1000, model: i % 2 === 0 ? 'even' : 'odd' }),
    );
    await store.requests.insertBatch(records);
    const cursor = records[4]!.id;
    assert.deepEqual(
      ids(await store.requests.list({ afterId: cursor, limit: 5 })),
      ids(records.slice(5, 10)),
    );
    assert.deepEqual(
      ids(await store.requests.list({ afterId: cursor, model: 'even' })),
      ids(records.slice(5).filter((_, i) => (i + 5) % 2 === 0)),
    );
    assert.deepEqual(await store.requests.list({ afterId: records[19]!.id }), []);
    await rejectsWith(store.requests.list({ afterId: 'nope' }), 'invalid_request');
  });
}

function registerIdempotency(fresh: Fresh): void {
  test('inserting the same ids again is ignored (spool replays are safe)', async () => {
    const store = await fresh();
    const batch = makeSeries(5, BASE_TIME);
    await store.requests.insertBatch(batch);
    const changed = batch.map((r) => ({ ...r, model: 'changed' }));
    const extra = makeRecord({ startedAt: BASE_TIME + 60_000 });
    await store.requests.insertBatch([...changed, extra, extra]);
    const all = await store.requests.list({ limit: 100 });
    assert.equal(all.length, 6);
    assert.deepEqual(await store.requests.get(batch[0]!.id), batch[0]);
  });

  test('a batch of 1,000 lands whole', async () => {
    const store = await fresh();
    const batch = Array.from({ length: 1000 }, (_, i) =>
      makeRecord({ startedAt: BASE_TIME + i, tags: [`t${i}`], metadata: { i } }),
    );
    await store.requests.insertBatch(batch);
    const all = await store.requests.list({ limit: 10_000 });
    assert.equal(all.length, 1000);
    assert.deepEqual(all.at(-1), batch[0]);
    assert.deepEqual(all[0], batch[999]);
  });
}

function registerUnicode(fresh: Fresh): void {
  test('unicode text and large metadata round-trip', async () => {
    const store = await fresh();
    const text = 'héllo 世界 🚀 مرحبا e\u0301 𝔘𝔫𝔦';
    const big = Array.from({ length: 5000 }, (_, i) => ({ i, text, nested: { ok: i % 2 === 0 } }));
    const record = makeRecord({
      model: `model-${text}`,
      user: text,
      tags: [text, '🏷️'],
      metadata: { [text]: text, big, quote: `"'\\`, empty: '' },
    });
    assert.ok(JSON.stringify(record.metadata).length > 200_000);
    await store.requests.insertBatch([record]);
    assert.deepEqual(await store.requests.get(record.id), record);
    assert.deepEqual(ids(await store.requests.list({ user: text })), [record.id]);
  });

  test('NUL and lone surrogates are stored as U+FFFD instead of failing the batch', async () => {
    const store = await fresh();
    const record = makeRecord({
      user: 'a\0b',
      tags: ['x\uD800'],
      metadata: { 'k\0': 'v\uDC00', ok: 'fine' },
    });
    await store.requests.insertBatch([record]);
    const got = await store.requests.get(record.id);
    assert.equal(got?.user, 'a\uFFFDb');
    assert.deepEqual(got?.tags, ['x\uFFFD']);
    assert.deepEqual(got?.metadata, { 'k\uFFFD': 'v\uFFFD', ok: 'fine' });
  });
}

function registerLifecycle(fresh: Fresh, options: ConformanceOptions, opened: Store[]): void {
  test('migrate twice is a no-op and keeps data', async () => {
    const store = await fresh();
    const record = makeRecord();
    await store.requests.insertBatch([record]);
    const before = hasMigrations(store) ? await store.appliedMigrations() : [];
    await store.migrate();
    await store.migrate();
    if (hasMigrations(store)) {
      assert.ok(before.length > 0);
      assert.deepEqual(await store.appliedMigrations(), before);
    }
    assert.deepEqual(await store.requests.get(record.id), record);
    await store.ping();
  });

  test('after close, calls fail with store_unavailable; close is idempotent', async () => {
    const store = await fresh();
    await store.close();
    await store.close();
    await rejectsWith(store.ping(), 'store_unavailable');
    await rejectsWith(store.requests.insertBatch([makeRecord()]), 'store_unavailable');
  });

  const twins = options.twins;
  test('concurrent migrations from several store instances', {
    skip: twins
      ? false
      : 'skipped: this backend cannot open several stores on one database (sqlite::memory: is per connection)',
  }, async () => {
    const stores = await twins!(4);
    opened.push(...stores);
    await Promise.all(stores.map((store) => store.migrate()));
    const first = stores[0]!;
    if (hasMigrations(first)) {
      const applied = (await first.appliedMigrations()).map((m) => m.id);
      assert.equal(new Set(applied).size, applied.length);
      assert.ok(applied.includes('001_requests'));
    }
    const record = makeRecord();
    await stores[1]!.requests.insertBatch([record]);
    assert.deepEqual(await stores[3]!.requests.get(record.id), record);
  });
}
