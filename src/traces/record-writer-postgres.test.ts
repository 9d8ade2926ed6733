/**
 * The record writer against the real Postgres through a TCP proxy this test can cut: a genuine
 * outage (refused and reset connections), spooling, and recovery with every record stored once.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import pg from 'pg';
import { POSTGRES_URL, serviceSkip } from '../../test/services.ts';
import { makeRecord } from '../store/conformance-fixtures.ts';
import { createStore } from '../store/index.ts';
import { RecordWriter } from './record-writer.ts';

class CuttableProxy {
  readonly #sockets = new Set<Socket>();
  #server: Server | null = null;
  port = 0;

  async up(): Promise<void> {
    const target = new URL(POSTGRES_URL);
    const server = createServer((client) => {
      const upstream = connect({ host: target.hostname, port: Number(target.port || 5432) });
      for (const socket of [client, upstream]) {
        this.#sockets.add(socket);
        socket.on('close', () => this.#sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as { port: number }).port;
    this.#server = server;
  }

  async down(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    const server = this.#server;
    this.#server = null;
    if (server) await new Promise((resolve) => server.close(resolve));
  }
}

const skip = await serviceSkip('postgres');

test('postgres outage: spool, then recovery writes every record exactly once', { skip }, async () => {
  const spoolDir = mkdtempSync(join(tmpdir(), 'keel-writer-pg-'));
  const schema = `keel_writer_${randomBytes(4).toString('hex')}`;
  const proxy = new CuttableProxy();
  await proxy.up();
  const url = new URL(POSTGRES_URL);
  url.port = String(proxy.port);
  const store = await createStore(url.href, { schema });
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  after(async () => {
    await proxy.down();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
    rmSync(spoolDir, { recursive: true, force: true });
  });
  const count = async () =>
    Number((await admin.query(`SELECT count(*) AS n FROM "${schema}".requests`)).rows[0].n);
  const writer = new RecordWriter(store, {
    queueSize: 40,
    batchSize: 25,
    flushIntervalMs: 10,
    spoolDir,
    retryBaseMs: 5,
    retryMaxMs: 50,
  });

  const before = Array.from({ length: 30 }, () => makeRecord());
  for (const record of before) writer.enqueue(record);
  assert.equal(await writer.flush(), true);
  assert.equal(await count(), 30);

  await proxy.down();
  const during = Array.from({ length: 300 }, () => makeRecord());
  for (let i = 0; i < during.length; i += 20) {
    for (const record of during.slice(i, i + 20)) writer.enqueue(record);
    const deadline = Date.now() + 15_000;
    while (writer.stats().queued > 40 + 25 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 5));
  }
  const outage = writer.stats();
  assert.ok(outage.failures > 0);
  assert.match(outage.lastError ?? '', /^store_unavailable: Postgres unavailable at 127\.0\.0\.1:\d+/);
  assert.ok(outage.spooled > 0);
  assert.equal(outage.dropped, 0);

  await proxy.up();
  assert.equal(await writer.flush(), true);
  assert.equal(await count(), 330);
  const ids = (await admin.query(`SELECT id::text FROM "${schema}".requests`)).rows.map((row) => row.id);
  assert.deepEqual(new Set(ids), new Set([...before, ...during].map((r) => r.id)));
  await writer.close();
  await store.close();
});
