import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import type { RunningKeel } from '../src/gateway/start.ts';
import { tracesModule } from '../src/traces/index.ts';
import { eventually, startTestKeel } from './harness.ts';

/**
 * Langfuse's legacy batch API (`POST /api/public/ingestion`) as older SDKs and custom clients use
 * it: per-event 207 results, valid events stored even when others in the batch are invalid,
 * create/update merging, duplicates stored once.
 */
const auth = `Basic ${Buffer.from('pk-any:sk-any').toString('base64')}`;
const t = (offsetMs: number) => new Date(Date.UTC(2025, 5, 1, 12, 0, 0) + offsetMs).toISOString();

interface Result {
  successes: Array<{ id: string; status: number }>;
  errors: Array<{ id: string; status: number; message: string }>;
}

describe('Langfuse ingestion API', () => {
  let keel: RunningKeel;

  before(async () => {
    keel = await startTestKeel(
      { providers: {}, models: {} },
      { modules: [tracesModule({ writer: { spoolDir: null, flushIntervalMs: 20 } })] },
    );
  });
  after(async () => {
    await keel.close();
  });

  const ingest = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${keel.url}/api/public/ingestion`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: auth, ...headers },
      body: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body),
    });

  it('answers 207 per event; valid events are stored, invalid ones named', async () => {
    const batch = [
      {
        id: 'e1',
        type: 'trace-create',
        timestamp: t(0),
        body: { id: 'lt-1', name: 'checkout', userId: 'u7', tags: ['a'] },
      },
      {
        id: 'e2',
        type: 'generation-create',
        timestamp: t(1),
        body: { id: 'g-1', traceId: 'lt-1', name: 'llm', startTime: t(1), model: 'gpt-4o', input: 'hi' },
      },
      {
        id: 'e3',
        type: 'generation-update',
        timestamp: t(900),
        body: {
          id: 'g-1',
          traceId: 'lt-1',
          endTime: t(801),
          usageDetails: { input: 10, output: 4 },
          completionStartTime: t(101),
        },
      },
      {
        id: 'e4',
        type: 'span-create',
        timestamp: t(2),
        body: { id: 's-bad', traceId: 'lt-1', startTime: 123 },
      },
      { id: 'e5', type: 'mystery-create', timestamp: t(2), body: {} },
      {
        id: 'e6',
        type: 'score-create',
        timestamp: t(3),
        body: { id: 'sc-1', traceId: 'lt-1', name: 'q', value: 'x', dataType: 'NUMERIC' },
      },
      {
        id: 'e7',
        type: 'score-create',
        timestamp: t(3),
        body: { id: 'sc-2', traceId: 'lt-1', name: 'tone', value: 'friendly' },
      },
      { id: 'e8', type: 'sdk-log', timestamp: t(3), body: { log: 'hello' } },
      { type: 'span-create', body: {} },
      {
        id: 'e9',
        type: 'event-create',
        timestamp: t(4),
        body: { id: 'ev-1', traceId: 'lt-1', name: 'clicked', parentObservationId: 'g-1' },
      },
      {
        id: 'e2',
        type: 'generation-create',
        timestamp: t(1),
        body: { id: 'g-1', traceId: 'lt-1', name: 'llm', startTime: t(1), model: 'gpt-4o' },
      },
    ];
    const response = await ingest({ batch });
    assert.equal(response.status, 207);
    const result = (await response.json()) as Result;
    assert.deepEqual(result.successes.map((s) => s.id).sort(), ['e1', 'e2', 'e2', 'e3', 'e7', 'e8', 'e9']);
    const errors = new Map(result.errors.map((e) => [e.id, e]));
    assert.match(errors.get('e4')?.message ?? '', /startTime/);
    assert.match(errors.get('e5')?.message ?? '', /unsupported event type/);
    assert.match(errors.get('e6')?.message ?? '', /value/);
    assert.match(errors.get('batch[8]')?.message ?? '', /id/);
    assert.ok(result.errors.every((e) => e.status === 400));

    const sql = keel.store.sql;
    const trace = await eventually(async () => {
      const rows = await sql.query("SELECT * FROM traces WHERE trace_id = 'lt-1'");
      return rows[0]?.span_count === 2 ? rows[0] : undefined;
    });
    assert.equal(trace.name, 'checkout');
    assert.equal(trace.user_id, 'u7');
    const [gen] = await sql.query("SELECT * FROM trace_spans WHERE span_id = 'g-1'");
    assert.equal(gen?.model, 'gpt-4o');
    assert.equal(gen?.input_tokens, 10);
    assert.equal(gen?.duration_ms, 800);
    assert.equal(gen?.ttft_ms, 100);
    assert.equal(gen?.partial, 0);
    assert.equal(JSON.parse(String(gen?.input)), 'hi');
    const scores = await eventually(async () => {
      const rows = await sql.query('SELECT * FROM trace_scores ORDER BY id');
      return rows.length > 0 ? rows : undefined;
    });
    assert.deepEqual(
      scores.map((s) => [s.id, s.data_type, s.string_value]),
      [['sc-2', 'categorical', 'friendly']],
    );
  });

  it('accepts gzip batches; rejects bodies that are not a batch', async () => {
    const zipped = gzipSync(
      JSON.stringify({
        batch: [{ id: 'z1', type: 'trace-create', timestamp: t(0), body: { id: 'lt-zip', name: 'zip' } }],
      }),
    );
    const ok = await ingest(zipped, { 'content-encoding': 'gzip' });
    assert.equal(ok.status, 207);
    await eventually(
      async () => (await keel.store.sql.query("SELECT 1 FROM traces WHERE trace_id = 'lt-zip'")).length,
    );
    const notBatch = await ingest({ events: [] });
    assert.equal(notBatch.status, 400);
    const missingAuth = await fetch(`${keel.url}/api/public/ingestion`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"batch":[]}',
    });
    assert.equal(missingAuth.status, 401);
  });
});
