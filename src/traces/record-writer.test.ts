import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, test } from 'node:test';
import { pino } from 'pino';
import { KeelError } from '../errors/index.ts';
import type { RequestRecord } from '../spec/index.ts';
import { makeRecord } from '../store/conformance-fixtures.ts';
import { createStore, type KeelStore } from '../store/index.ts';
import { RecordWriter, type RecordWriterOptions } from './record-writer.ts';

const root = mkdtempSync(join(tmpdir(), 'keel-writer-'));
after(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const freshDir = () => join(root, `spool-${++dirs}`);

/** The real SQLite store behind a switch that simulates an outage. */
class FlakySink {
  down = false;
  /** Never answers, like a database behind a dead TCP connection. */
  hang = false;
  readonly batches: number[] = [];
  readonly store: KeelStore;
  constructor(store: KeelStore) {
    this.store = store;
  }
  readonly requests = {
    insertBatch: async (records: readonly RequestRecord[]) => {
      if (this.hang) await new Promise(() => undefined);
      if (this.down) throw new KeelError('store_unavailable', 'simulated outage');
      this.batches.push(records.length);
      await this.store.requests.insertBatch(records);
    },
  };
  async ids(): Promise<string[]> {
    return (await this.store.requests.list({ limit: 10_000 })).map((r) => r.id);
  }
}

async function setup(options: RecordWriterOptions = {}) {
  const sink = new FlakySink(await createStore('sqlite::memory:'));
  const writer = new RecordWriter(sink, {
    flushIntervalMs: 10,
    retryBaseMs: 5,
    retryMaxMs: 40,
    spoolDir: freshDir(),
    ...options,
  });
  return { sink, writer };
}

async function waitFor(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const records = (count: number) => Array.from({ length: count }, () => makeRecord());
const sorted = (ids: string[]) => [...ids].sort();

test('records are written by the timer in batches of batchSize', async () => {
  const { sink, writer } = await setup({ batchSize: 100 });
  const batch = records(250);
  for (const record of batch) writer.enqueue(record);
  await waitFor(async () => (await sink.ids()).length === 250, 'all records written');
  assert.deepEqual(sink.batches, [100, 100, 50]);
  assert.deepEqual(sorted(await sink.ids()), sorted(batch.map((r) => r.id)));
  assert.equal(writer.stats().written, 250);
  assert.equal(writer.stats().queued, 0);
  await writer.close();
});

test('a store outage spools the overflow; recovery writes every record exactly once', async () => {
  const spoolDir = freshDir();
  const { sink, writer } = await setup({ queueSize: 50, batchSize: 20, spoolDir });
  sink.down = true;
  const all = records(500);
  // Traffic arrives over time: let spool writes land between bursts, as they would in a server.
  for (let i = 0; i < all.length; i += 25) {
    for (const record of all.slice(i, i + 25)) writer.enqueue(record);
    await waitFor(() => writer.stats().queued <= 50 + 20, 'spool writes to settle');
  }
  const during = writer.stats();
  assert.ok(during.spooled > 0, 'overflow went to the spool');
  assert.equal(during.dropped, 0);
  assert.ok(during.failures > 0);
  assert.match(during.lastError ?? '', /store_unavailable/);
  assert.deepEqual(await sink.ids(), []);

  sink.down = false;
  await waitFor(async () => (await sink.ids()).length === 500, 'recovery by the retry timer');
  assert.equal(await writer.flush(), true);
  assert.deepEqual(sorted(await sink.ids()), sorted(all.map((r) => r.id)));
  const stats = writer.stats();
  assert.equal(stats.replayed, stats.spooled);
  assert.equal(stats.dropped, 0);
  assert.deepEqual(
    readdirSync(spoolDir).filter((name) => name.endsWith('.jsonl')),
    [],
  );
  await writer.close();
});

test('with spooling disabled, overflow is dropped and counted', async () => {
  const { sink, writer } = await setup({ queueSize: 10, spoolDir: null });
  sink.down = true;
  const all = records(25);
  for (const record of all) writer.enqueue(record);
  assert.equal(writer.stats().dropped, 15);
  sink.down = false;
  assert.equal(await writer.flush(), true);
  assert.deepEqual(sorted(await sink.ids()), sorted(all.slice(0, 10).map((r) => r.id)));
  await writer.close();
});

test('a full spool drops what does not fit and counts it', async () => {
  const { sink, writer } = await setup({ queueSize: 10, batchSize: 10, maxSpoolBytes: 4096 });
  sink.down = true;
  for (let i = 0; i < 10; i++) {
    for (const record of records(10)) writer.enqueue(record);
    await waitFor(() => writer.stats().queued <= 20, 'spool writes to settle');
  }
  const during = writer.stats();
  assert.ok(during.dropped > 0, 'spool limit reached');
  assert.ok(during.spoolBytes <= 4096);
  sink.down = false;
  assert.equal(await writer.flush(), true);
  const stats = writer.stats();
  assert.equal((await sink.ids()).length + stats.dropped, 100);
  assert.equal(stats.written + stats.dropped, 100);
  await writer.close();
});

test('close() drains the queue to the store', async () => {
  const { sink, writer } = await setup({ flushIntervalMs: 60_000 });
  const all = records(30);
  for (const record of all) writer.enqueue(record);
  await writer.close();
  assert.deepEqual(sorted(await sink.ids()), sorted(all.map((r) => r.id)));
  writer.enqueue(makeRecord());
  assert.equal(writer.stats().dropped, 1);
});

test('close() with the store down spools; the next writer replays into the store', async () => {
  const spoolDir = freshDir();
  const first = await setup({ spoolDir, closeTimeoutMs: 1000 });
  first.sink.down = true;
  const all = records(40);
  for (const record of all) first.writer.enqueue(record);
  await first.writer.close();
  assert.equal(first.writer.stats().spooled, 40);
  assert.ok(readdirSync(spoolDir).some((name) => name.endsWith('.jsonl')));

  const second = new RecordWriter(first.sink, { spoolDir, flushIntervalMs: 10 });
  first.sink.down = false;
  await waitFor(async () => (await first.sink.ids()).length === 40, 'replay on start');
  assert.deepEqual(sorted(await first.sink.ids()), sorted(all.map((r) => r.id)));
  assert.equal(second.stats().replayed, 40);
  await second.close();
});

test('close() does not wait past closeTimeoutMs for a hung store; it spools instead', async () => {
  const spoolDir = freshDir();
  const { sink, writer } = await setup({ spoolDir, closeTimeoutMs: 200, batchSize: 10 });
  sink.hang = true;
  const all = records(25);
  for (const record of all) writer.enqueue(record);
  await new Promise((resolve) => setTimeout(resolve, 50));
  const started = Date.now();
  await writer.close();
  assert.ok(Date.now() - started < 5000);
  assert.equal(writer.stats().spooled, 25);
  sink.hang = false;
  const next = new RecordWriter(sink, { spoolDir, flushIntervalMs: 10 });
  assert.equal(await next.flush(), true);
  assert.deepEqual(sorted(await sink.ids()), sorted(all.map((r) => r.id)));
  await next.close();
});

test('an invalid record is dropped alone; the rest of its batch is written', async () => {
  const { sink, writer } = await setup();
  const good = records(5);
  writer.enqueue(good[0]!);
  writer.enqueue({ ...makeRecord(), status: -1 });
  for (const record of good.slice(1)) writer.enqueue(record);
  assert.equal(await writer.flush(), true);
  assert.deepEqual(sorted(await sink.ids()), sorted(good.map((r) => r.id)));
  assert.equal(writer.stats().dropped, 1);
  await writer.close();
});

test('torn spool lines are counted as dropped; whole lines are replayed', async () => {
  const spoolDir = freshDir();
  const record = makeRecord();
  mkdirSync(spoolDir, { recursive: true });
  writeFileSync(join(spoolDir, 'records-1-h-1-0.jsonl'), `${JSON.stringify(record)}\n{"id":"trunc`);
  const { sink, writer } = await setup({ spoolDir });
  assert.equal(await writer.flush(), true);
  assert.deepEqual(await sink.ids(), [record.id]);
  assert.equal(writer.stats().dropped, 1);
  await writer.close();
});

test('logs never contain record contents', async () => {
  let logged = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      logged += String(chunk);
      done();
    },
  });
  const logger = pino({ level: 'trace' }, stream);
  const { sink, writer } = await setup({ logger, queueSize: 5, spoolDir: null });
  sink.down = true;
  for (let i = 0; i < 20; i++)
    writer.enqueue(makeRecord({ user: 'secret-user-x', metadata: { k: 'secret-meta' } }));
  await writer.flush();
  writer.enqueue({ ...makeRecord({ user: 'secret-user-x' }), latencyMs: -5 });
  sink.down = false;
  await writer.flush();
  await writer.close();
  assert.match(logged, /request records dropped/);
  assert.match(logged, /retrying/);
  assert.doesNotMatch(logged, /secret-/);
});
