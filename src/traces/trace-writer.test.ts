import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { KeelError } from '../errors/index.ts';
import type { SqlExecutor } from '../spec/index.ts';
import { createStore } from '../store/index.ts';
import { blankSpan, type QueueItem } from './model.ts';
import { TraceWriter } from './trace-writer.ts';

const dir = mkdtempSync(join(tmpdir(), 'keel-trace-writer-'));
after(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function span(name = 'op'): QueueItem {
  n++;
  const row = blankSpan({
    tenant: 't',
    traceId: `trace-${n}`,
    spanId: `span-${n}`,
    startUs: 1_000_000 + n,
    source: 'otlp',
  });
  return { type: 'span', row: { ...row, name } };
}

const count = async (sql: SqlExecutor) =>
  Number((await sql.query('SELECT COUNT(*) AS n FROM trace_spans'))[0]?.n);

const down: SqlExecutor = {
  dialect: 'sqlite',
  query: () => Promise.reject(new KeelError('store_unavailable', 'down')),
  execute: () => Promise.reject(new KeelError('store_unavailable', 'down')),
  transaction: () => Promise.reject(new KeelError('store_unavailable', 'down')),
};

/** Refuses (as invalid) any statement carrying a span named 'poison'. */
function poisoned(sql: SqlExecutor): SqlExecutor {
  const wrap = (inner: SqlExecutor): SqlExecutor => ({
    dialect: inner.dialect,
    query: (text, params) => inner.query(text, params),
    execute: (text, params) =>
      params?.includes('poison')
        ? Promise.reject(new KeelError('invalid_request', 'bad row'))
        : inner.execute(text, params),
    transaction: (fn) => inner.transaction((tx) => fn(wrap(tx))),
  });
  return wrap(sql);
}

test('offers are all-or-nothing within the bounds; flush writes everything', async () => {
  const store = await createStore('sqlite::memory:');
  const writer = new TraceWriter(store.sql, { queueSize: 10, spoolDir: null, flushIntervalMs: 60_000 });
  assert.equal(writer.offer(Array.from({ length: 8 }, () => span())), true);
  assert.equal(writer.offer([span(), span(), span()]), false, 'would exceed 10 items');
  assert.equal(writer.stats().queued, 8);
  assert.equal(await writer.flush(), true);
  assert.equal(await count(store.sql), 8);
  assert.equal(writer.offer([span(), span()]), true);
  await writer.close();
  assert.equal(await count(store.sql), 10, 'close() drains the queue');
  assert.equal(writer.offer([span()]), false, 'closed writers refuse');
  await store.close();
});

test('a byte bound refuses large items', async () => {
  const store = await createStore('sqlite::memory:');
  const writer = new TraceWriter(store.sql, { queueBytes: 20_000, spoolDir: null, flushIntervalMs: 60_000 });
  const big = span();
  if (big.type === 'span') big.row.input = 'x'.repeat(20_000);
  assert.equal(writer.offer([big]), false);
  assert.equal(writer.offer([span()]), true);
  await writer.close();
  await store.close();
});

test('an item the store refuses is isolated and dropped; the rest of the batch is written', async () => {
  const store = await createStore('sqlite::memory:');
  const writer = new TraceWriter(poisoned(store.sql), { spoolDir: null, flushIntervalMs: 60_000 });
  writer.offer([span(), span(), span('poison'), span(), span()]);
  assert.equal(await writer.flush(), true);
  assert.equal(await count(store.sql), 4);
  assert.equal(writer.stats().dropped, 1);
  await writer.close();
  await store.close();
});

test('store down: retried with backoff; close() spools; the next start replays the spool', async () => {
  const spoolDir = join(dir, 'spool');
  const failing = new TraceWriter(down, { spoolDir, retryBaseMs: 5, closeTimeoutMs: 50, flushIntervalMs: 1 });
  assert.equal(failing.offer([span('kept-1'), span('kept-2'), span('kept-3')]), true);
  assert.equal(await failing.flush(), false);
  assert.ok(failing.stats().failures >= 1);
  assert.ok(failing.retryAfterSeconds() >= 1);
  await failing.close();
  assert.equal(failing.stats().spooled, 3);
  assert.equal(readdirSync(spoolDir).filter((f) => f.endsWith('.jsonl')).length, 1);

  const store = await createStore(`sqlite:${join(dir, 'replay.db')}`);
  const writer = new TraceWriter(store.sql, { spoolDir });
  assert.equal(await writer.flush(), true);
  assert.equal(writer.stats().replayed, 3);
  const names = await store.sql.query('SELECT name FROM trace_spans ORDER BY name');
  assert.deepEqual(
    names.map((r) => r.name),
    ['kept-1', 'kept-2', 'kept-3'],
  );
  assert.deepEqual(readdirSync(spoolDir), [], 'replayed files are removed');
  await writer.close();
  await store.close();
});
