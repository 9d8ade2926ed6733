import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import type { RunningKeel } from '../src/gateway/start.ts';
import { tracesModule } from '../src/traces/index.ts';
import { decodeTraceResponse, encodeTraceRequest } from '../src/traces/otlp/proto.ts';
import { eventually, startTestKeel } from './harness.ts';

/** Bad input on the ingest endpoints: clear errors, never a 500, and nothing valid lost. */
const NS = 1_750_000_000_000_000_000n;
let seq = 0;
const hexId = (bytes: number) => (++seq).toString(16).padStart(bytes * 2, '0');

function span(init: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    traceId: hexId(16),
    spanId: hexId(8),
    name: 'op',
    startTimeUnixNano: String(NS),
    endTimeUnixNano: String(NS + 5_000_000n),
    ...init,
  };
}

const request = (spans: unknown[]) => ({ resourceSpans: [{ scopeSpans: [{ spans }] }] });

describe('trace ingest: bad input', () => {
  let keel: RunningKeel;
  let small: RunningKeel;

  const post = (target: RunningKeel, body: string | Buffer, headers: Record<string, string> = {}) =>
    fetch(`${target.url}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });

  const count = async (sql = keel.store.sql, where = '1 = 1', params: string[] = []) =>
    Number((await sql.query(`SELECT COUNT(*) AS n FROM trace_spans WHERE ${where}`, params))[0]?.n);

  before(async () => {
    const modules = () => [tracesModule({ writer: { spoolDir: null, flushIntervalMs: 20 } })];
    keel = await startTestKeel(
      { providers: {}, models: {}, traces: { maxDecompressedBytes: 16 * 1024 * 1024 } },
      { modules: modules() },
    );
    small = await startTestKeel(
      { providers: {}, models: {}, traces: { queueSize: 5, flushIntervalMs: 60_000 } },
      { modules: modules() },
    );
  });
  after(async () => {
    await keel.close();
    await small.close();
  });

  it('malformed JSON and protobuf are 400s (protobuf errors as google.rpc.Status)', async () => {
    const json = await post(keel, '{"resourceSpans": [');
    assert.equal(json.status, 400);
    assert.equal(((await json.json()) as { error: { code: string } }).error.code, 'invalid_json');
    const proto = await post(keel, Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]), {
      'content-type': 'application/x-protobuf',
    });
    assert.equal(proto.status, 400);
    assert.equal(proto.headers.get('content-type'), 'application/x-protobuf');
    assert.ok((await proto.arrayBuffer()).byteLength > 0);
    const type = await post(keel, 'x', { 'content-type': 'text/xml' });
    assert.equal(type.status, 415);
    const shape = await post(keel, JSON.stringify({ resourceSpans: 'nope' }));
    assert.equal(shape.status, 400);
    assert.match(((await shape.json()) as { error: { message: string } }).error.message, /resourceSpans/);
  });

  it('rejects wrongly typed spans one by one and keeps the valid ones (JSON and protobuf)', async () => {
    const good = span({ name: 'kept-json' });
    const bad = [
      span({ traceId: 'xyz' }),
      span({ spanId: 42 }),
      span({ startTimeUnixNano: 'yesterday' }),
      span({ endTimeUnixNano: String(NS - 1n) }),
      span({ name: { not: 'a string' } }),
      'not an object',
    ];
    const response = await post(keel, JSON.stringify(request([good, ...bad])));
    assert.equal(response.status, 200);
    const body = (await response.json()) as {
      partialSuccess: { rejectedSpans: number; errorMessage: string };
    };
    assert.equal(body.partialSuccess.rejectedSpans, bad.length);
    assert.match(body.partialSuccess.errorMessage, /traceId/);
    await eventually(async () => (await count(keel.store.sql, "name = 'kept-json'")) === 1);

    const protoGood = { ...span({ name: 'kept-proto' }) };
    const encoded = encodeTraceRequest({
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                {
                  ...protoGood,
                  traceId: Buffer.from(protoGood.traceId as string, 'hex'),
                  spanId: Buffer.from(protoGood.spanId as string, 'hex'),
                },
                {
                  traceId: Buffer.alloc(3, 1),
                  spanId: Buffer.alloc(8, 1),
                  name: 'short id',
                  startTimeUnixNano: String(NS),
                },
              ],
            },
          ],
        },
      ],
    });
    const proto = await post(keel, Buffer.from(encoded), { 'content-type': 'application/x-protobuf' });
    assert.equal(proto.status, 200);
    const partial = decodeTraceResponse(new Uint8Array(await proto.arrayBuffer()));
    assert.equal(partial?.rejectedSpans, 1);
    await eventually(async () => (await count(keel.store.sql, "name = 'kept-proto'")) === 1);
  });

  it('stores duplicated span ids once and orphan spans at the root', async () => {
    const dup = span({ name: 'dup' });
    const orphan = span({ name: 'orphan', parentSpanId: 'ffffffffffffffff' });
    const first = await post(keel, JSON.stringify(request([dup, dup, orphan])));
    assert.equal(first.status, 200);
    const again = await post(keel, JSON.stringify(request([dup])));
    assert.equal(again.status, 200);
    await eventually(async () => (await count(keel.store.sql, "name = 'orphan'")) === 1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(await count(keel.store.sql, "name = 'dup'"), 1);
    const [trace] = await keel.store.sql.query('SELECT name, span_count FROM traces WHERE trace_id = ?', [
      orphan.traceId as string,
    ]);
    assert.equal(trace?.name, 'orphan');
    assert.equal(trace?.span_count, 1);
  });

  it('accepts a ~9.5 MB batch whole and refuses an 11 MB one with 413', async () => {
    const filler = 'x'.repeat(4500);
    const spans = Array.from({ length: 2000 }, (_, i) =>
      span({ name: `big-${i}`, attributes: [{ key: 'filler', value: { stringValue: filler } }] }),
    );
    const body = JSON.stringify(request(spans));
    assert.ok(body.length > 9_000_000 && body.length < 10 * 1024 * 1024);
    const ok = await post(keel, body);
    assert.equal(ok.status, 200);
    await eventually(async () => (await count(keel.store.sql, "name LIKE 'big-%'")) === 2000, 20_000);
    const tooBig = await post(keel, `${body}${' '.repeat(1_600_000)}`);
    assert.equal(tooBig.status, 413);
  });

  it('decompresses gzip, stops gzip bombs at the cap, and 400s broken gzip', async () => {
    const zipped = gzipSync(JSON.stringify(request([span({ name: 'zipped' })])));
    const ok = await post(keel, zipped, { 'content-encoding': 'gzip' });
    assert.equal(ok.status, 200);
    await eventually(async () => (await count(keel.store.sql, "name = 'zipped'")) === 1);
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20));
    assert.ok(bomb.length < 200_000);
    const refused = await post(keel, bomb, { 'content-encoding': 'gzip' });
    assert.equal(refused.status, 413);
    assert.match(
      ((await refused.json()) as { error: { message: string } }).error.message,
      /Decompressed body/,
    );
    const broken = await post(keel, Buffer.from('definitely not gzip'), { 'content-encoding': 'gzip' });
    assert.equal(broken.status, 400);
  });

  /** A Langfuse ingestion batch; its per-event errors. */
  async function langfuseBatch(batch: object[]): Promise<{ errors: Array<{ id: string; message: string }> }> {
    const res = await fetch(`${keel.url}/api/public/ingestion`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Basic ${Buffer.from('pk:sk').toString('base64')}`,
      },
      body: JSON.stringify({ batch }),
    });
    return (await res.json()) as { errors: Array<{ id: string; message: string }> };
  }

  it('refuses times past 2^53 µs from either SDK, so one span cannot break every trace list', async () => {
    const far = await post(
      keel,
      JSON.stringify(request([span({ name: 'far', startTimeUnixNano: 1e30, endTimeUnixNano: 1e30 })])),
    );
    assert.equal(
      ((await far.json()) as { partialSuccess?: { rejectedSpans: number } }).partialSuccess?.rejectedSpans,
      1,
    );
    const answer = await langfuseBatch([
      {
        id: 'e1',
        type: 'trace-create',
        timestamp: '2026-01-01T00:00:00Z',
        body: { id: 'far-lf', timestamp: '+275760-09-13T00:00:00.000Z' },
      },
    ]);
    assert.equal(answer.errors[0]?.id, 'e1');
    assert.match(answer.errors[0]?.message ?? '', /body\.timestamp/);
    await post(keel, JSON.stringify(request([span({ name: 'after-far' })])));
    await eventually(async () => (await count(keel.store.sql, "name = 'after-far'")) === 1);
    const list = await fetch(`${keel.url}/api/traces?limit=5`);
    assert.equal(list.status, 200);
  });

  it('refuses a Langfuse id with a NUL, so one event cannot fail a Postgres batch', async () => {
    const answer = await langfuseBatch([
      { id: 'n1', type: 'trace-create', timestamp: '2026-01-01T00:00:00Z', body: { id: 'bad\u0000id' } },
    ]);
    assert.equal(answer.errors[0]?.id, 'n1');
    assert.match(answer.errors[0]?.message ?? '', /control characters/);
  });

  it('answers 429 with Retry-After when the queue is full, storing nothing of that request', async () => {
    const response = await post(small, JSON.stringify(request(Array.from({ length: 10 }, () => span()))));
    assert.equal(response.status, 429);
    assert.ok(Number(response.headers.get('retry-after')) >= 1);
    const fits = await post(small, JSON.stringify(request([span({ name: 'fits' })])));
    assert.equal(fits.status, 200);
  });
});
