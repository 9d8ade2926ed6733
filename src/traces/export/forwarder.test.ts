import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { span, trace } from '../query/test-support.ts';
import { exportSchema } from './config.ts';
import { OtlpForwarder } from './forwarder.ts';

interface Hit {
  headers: Record<string, string | string[] | undefined>;
  body: { resourceSpans: Array<{ scopeSpans: Array<{ spans: Array<Record<string, unknown>> }> }> };
}

describe('OTLP forwarder', () => {
  const hits: Hit[] = [];
  let statuses: number[] = [];
  let server: Server;
  let url = '';
  before(async () => {
    server = createServer((req, res) => {
      let data = '';
      req.on('data', (c) => {
        data += c;
      });
      req.on('end', () => {
        const status = statuses.shift() ?? 200;
        if (status === 200) hits.push({ headers: req.headers, body: JSON.parse(data) });
        res.writeHead(status).end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`;
  });
  after(() => server.close());

  const config = (extra: Record<string, unknown> = {}) =>
    exportSchema.parse({
      otlp: { url, headers: { authorization: 'Bearer x' }, flushIntervalMs: 10, ...extra },
    }).otlp!;
  const spansOf = (hit: Hit) => hit.body.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));

  it('batches spans as OTLP/JSON with Keel attributes and the configured headers', async () => {
    hits.length = 0;
    const f = new OtlpForwarder({ config: config({ batchSize: 2 }) });
    f.offer([
      span({
        traceId: 'a'.repeat(32),
        spanId: 'b'.repeat(16),
        startUs: 1_700_000_000_000_000,
        model: 'gpt-x',
        kind: 'generation',
        layer: 'model',
        inputTokens: 5,
      }),
      span({
        traceId: 'langfuse-trace',
        spanId: 'obs-1',
        startUs: 1_700_000_000_000_000,
        status: 'error',
        statusMessage: 'bad',
      }),
      trace({ traceId: 'langfuse-trace', userId: 'u1', tags: ['x'] }),
      span({
        traceId: 'a'.repeat(32),
        spanId: 'c'.repeat(16),
        parentId: 'b'.repeat(16),
        startUs: 1_700_000_000_000_001,
      }),
    ]);
    assert.equal(await f.flush(), true);
    assert.equal(hits.length, 2);
    assert.equal(hits[0]?.headers.authorization, 'Bearer x');
    const [gen, lf] = spansOf(hits[0] as Hit);
    assert.equal(gen?.traceId, 'a'.repeat(32));
    assert.equal(gen?.startTimeUnixNano, '1700000000000000000');
    const attr = (s: Record<string, unknown> | undefined, key: string) =>
      ((s?.attributes ?? []) as Array<{ key: string; value: Record<string, unknown> }>).find(
        (a) => a.key === key,
      )?.value;
    assert.deepEqual(attr(gen, 'gen_ai.request.model'), { stringValue: 'gpt-x' });
    assert.deepEqual(attr(gen, 'gen_ai.usage.input_tokens'), { intValue: '5' });
    assert.deepEqual(attr(gen, 'keel.layer'), { stringValue: 'model' });
    assert.match(String(lf?.traceId), /^[0-9a-f]{32}$/);
    assert.deepEqual(attr(lf, 'keel.trace_id'), { stringValue: 'langfuse-trace' });
    assert.deepEqual(attr(lf, 'user.id'), { stringValue: 'u1' });
    assert.deepEqual(lf?.status, { code: 2, message: 'bad' });
    assert.equal(spansOf(hits[1] as Hit)[0]?.parentSpanId, 'b'.repeat(16));
    assert.deepEqual(f.stats(), { buffered: 0, sent: 3, dropped: 0, rejected: 0, failures: 0, batches: 2 });
    await f.close();
  });

  it('retries 5xx with backoff, drops beyond the buffer (counted), refuses nothing on 4xx twice', async () => {
    hits.length = 0;
    statuses = [503, 503];
    const f = new OtlpForwarder({ config: config({ maxBufferSpans: 3 }), retryBaseMs: 5 });
    f.offer(
      [1, 2, 3, 4, 5].map((i) => span({ traceId: 'd'.repeat(32), spanId: String(i).repeat(16), startUs: 1 })),
    );
    assert.equal(f.stats().dropped, 2);
    assert.equal(await f.flush(), true);
    assert.equal(f.stats().failures, 2);
    assert.equal(f.stats().sent, 3);
    statuses = [400];
    f.offer([span({ traceId: 'e'.repeat(32), spanId: 'f'.repeat(16), startUs: 1 })]);
    await f.flush();
    assert.equal(f.stats().rejected, 1);
    await f.close();
  });

  it('close sends what is buffered, then stops taking spans', async () => {
    hits.length = 0;
    const f = new OtlpForwarder({ config: config({ flushIntervalMs: 60_000 }) });
    f.offer([span({ traceId: '1'.repeat(32), spanId: '2'.repeat(16), startUs: 1 })]);
    await f.close();
    assert.equal(hits.length, 1);
    f.offer([span({ traceId: '1'.repeat(32), spanId: '3'.repeat(16), startUs: 1 })]);
    assert.equal(f.stats().buffered, 0);
  });
});
