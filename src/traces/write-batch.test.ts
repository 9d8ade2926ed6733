import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { SqlExecutor } from '../spec/index.ts';
import { blankSpan, blankTrace, type QueueItem, type SpanRow, type TraceUpsert } from './model.ts';
import { testBackends } from './test-stores.ts';
import { writeBatch } from './write-batch.ts';

const T0 = 1_750_000_000_000_000;

function span(init: Partial<SpanRow> & { spanId: string }): QueueItem {
  const base = blankSpan({ tenant: 't1', traceId: 'tr1', spanId: init.spanId, startUs: T0, source: 'otlp' });
  return { type: 'span', row: { ...base, name: 'step', endUs: T0 + 1000, durationMs: 1, ...init } };
}

function trace(init: Partial<TraceUpsert>): QueueItem {
  return {
    type: 'trace',
    row: { ...blankTrace({ tenant: 't1', traceId: 'tr1', source: 'langfuse' }), ...init },
  };
}

async function traceRow(sql: SqlExecutor, traceId = 'tr1', tenant = 't1') {
  const rows = await sql.query('SELECT * FROM traces WHERE tenant = ? AND trace_id = ?', [tenant, traceId]);
  return rows[0];
}

const { backends } = await testBackends();
after(async () => {
  for (const b of backends) await b.cleanup();
});

for (const backend of backends) {
  describe(`writeBatch (${backend.name})`, () => {
    test('stores spans and derives the trace summary', async () => {
      const store = await backend.open();
      await writeBatch(
        store.sql,
        [
          span({ spanId: 'root', name: 'agent run', kind: 'agent', layer: 'interaction', status: 'ok' }),
          span({
            spanId: 'gen',
            parentId: 'root',
            name: 'chat',
            kind: 'generation',
            layer: 'model',
            model: 'gpt-4o',
            inputTokens: 10,
            outputTokens: 5,
            costUsd: 0.001,
            ttftMs: 42,
            startUs: T0 + 100,
            endUs: T0 + 5100,
            durationMs: 5,
          }),
          trace({ userId: 'u1', tags: ['a', 'b'], sessionId: 's1' }),
        ],
        T0,
      );
      const row = await traceRow(store.sql);
      assert.ok(row);
      assert.equal(row.name, 'agent run');
      assert.equal(row.span_count, 2);
      assert.equal(row.model, 'gpt-4o');
      assert.equal(row.input_tokens, 10);
      assert.equal(row.total_tokens, 15);
      assert.equal(row.cost_usd, 0.001);
      assert.equal(row.ttft_ms, 42);
      assert.equal(row.user_id, 'u1');
      assert.equal(row.session_id, 's1');
      assert.equal(row.duration_ms, 5.1);
      assert.equal(row.layers, 1 | 4);
      assert.equal(row.status, 'ok');
      const tags = await store.sql.query('SELECT tag FROM trace_tags WHERE tenant = ? ORDER BY tag', ['t1']);
      assert.deepEqual(
        tags.map((t) => t.tag),
        ['a', 'b'],
      );
      await store.close();
    });

    test('a span delivered twice (same batch or later) is stored and counted once', async () => {
      const store = await backend.open();
      const gen = span({ spanId: 'g', kind: 'generation', model: 'm', inputTokens: 7, costUsd: 0.5 });
      await writeBatch(store.sql, [gen, gen], T0);
      await writeBatch(store.sql, [gen], T0);
      const spans = await store.sql.query('SELECT COUNT(*) AS n FROM trace_spans');
      assert.equal(Number(spans[0]?.n), 1);
      const row = await traceRow(store.sql);
      assert.equal(row?.cost_usd, 0.5);
      assert.equal(row?.input_tokens, 7);
      assert.equal(row?.span_count, 1);
      await store.close();
    });

    test('a partial update keeps start and kind, fills in what it knows; in any order', async () => {
      const store = await backend.open();
      const create = span({ spanId: 'g', kind: 'generation', layer: 'model', name: 'gen', endUs: null });
      const update: QueueItem = {
        type: 'span',
        row: {
          ...blankSpan({
            tenant: 't1',
            traceId: 'tr1',
            spanId: 'g',
            startUs: T0 + 999_000,
            source: 'langfuse',
          }),
          partial: true,
          endUs: T0 + 2000,
          outputTokens: 9,
          output: '"hi"',
          status: 'error',
        },
      };
      await writeBatch(store.sql, [create], T0);
      await writeBatch(store.sql, [update], T0);
      const [a] = await store.sql.query('SELECT * FROM trace_spans WHERE span_id = ?', ['g']);
      assert.equal(a?.start_us, T0);
      assert.equal(a?.kind, 'generation');
      assert.equal(a?.name, 'gen');
      assert.equal(a?.end_us, T0 + 2000);
      assert.equal(a?.duration_ms, 2);
      assert.equal(a?.output_tokens, 9);
      assert.equal(a?.status, 'error');
      assert.equal(a?.partial, 0);
      // Reverse order in a fresh store: the create still sets the start.
      const other = await backend.open();
      await writeBatch(other.sql, [update], T0);
      await writeBatch(other.sql, [create], T0);
      const [b] = await other.sql.query('SELECT * FROM trace_spans WHERE span_id = ?', ['g']);
      assert.equal(b?.start_us, T0);
      assert.equal(b?.output_tokens, 9);
      assert.equal(b?.end_us, T0 + 2000);
      assert.equal(b?.partial, 0);
      const row = await traceRow(other.sql);
      assert.equal(row?.status, 'error');
      assert.equal(row?.error_count, 1);
      await store.close();
      await other.close();
    });

    test('declared names win over root names; tags union; metadata merges; tenants isolated', async () => {
      const store = await backend.open();
      await writeBatch(store.sql, [span({ spanId: 'r', name: 'root' }), trace({ tags: ['x'] })], T0);
      assert.equal((await traceRow(store.sql))?.name, 'root');
      await writeBatch(store.sql, [trace({ name: 'declared', tags: ['y'], metadata: '{"a":1}' })], T0);
      await writeBatch(store.sql, [span({ spanId: 'r2', name: 'other', startUs: T0 - 5 })], T0);
      await writeBatch(store.sql, [trace({ metadata: '{"b":2}' })], T0);
      const row = await traceRow(store.sql);
      assert.equal(row?.name, 'declared');
      const tags = typeof row?.tags === 'string' ? JSON.parse(row.tags) : row?.tags;
      assert.deepEqual([...tags].sort(), ['x', 'y']);
      const meta = typeof row?.metadata === 'string' ? JSON.parse(row.metadata) : row?.metadata;
      assert.deepEqual(meta, { a: 1, b: 2 });
      assert.equal(row?.start_us, T0 - 5);
      const t2: QueueItem = {
        type: 'span',
        row: {
          ...blankSpan({ tenant: 't2', traceId: 'tr1', spanId: 'r', startUs: T0, source: 'otlp' }),
          name: 'n',
        },
      };
      await writeBatch(store.sql, [t2], T0);
      assert.equal((await traceRow(store.sql, 'tr1', 't2'))?.span_count, 1);
      assert.equal((await traceRow(store.sql))?.span_count, 2);
      await store.close();
    });

    test('concurrent batches with spans of the same trace keep an exact summary', async () => {
      const store = await backend.open();
      const batches = Array.from({ length: 8 }, (_, b) =>
        Array.from({ length: 5 }, (_, i) => span({ spanId: `s-${b}-${i}`, costUsd: 0.25, inputTokens: 1 })),
      );
      await Promise.all(batches.map((items) => writeBatch(store.sql, items, T0)));
      const row = await traceRow(store.sql);
      assert.equal(row?.span_count, 40);
      assert.equal(row?.cost_usd, 10);
      assert.equal(row?.input_tokens, 40);
      await store.close();
    });

    test('a batch of an odd size (every chunk size of the bulk insert) stores every span intact', async () => {
      const store = await backend.open();
      const n = 1237;
      const items = Array.from({ length: n }, (_, i) =>
        span({ traceId: `tr-${i % 7}`, spanId: `s-${i}`, name: `step ${i}`, inputTokens: i }),
      );
      await writeBatch(store.sql, items, T0);
      const rows = await store.sql.query(
        'SELECT span_id, name, input_tokens FROM trace_spans WHERE tenant = ? ORDER BY input_tokens',
        ['t1'],
      );
      assert.equal(rows.length, n);
      for (const i of [0, 1, 511, 1200, 1236]) {
        assert.deepEqual(
          { span: rows[i]?.span_id, name: rows[i]?.name, tokens: Number(rows[i]?.input_tokens) },
          { span: `s-${i}`, name: `step ${i}`, tokens: i },
        );
      }
      const traces = await store.sql.query('SELECT SUM(span_count) AS n FROM traces WHERE tenant = ?', [
        't1',
      ]);
      assert.equal(Number(traces[0]?.n), n);
      await store.close();
    });

    test('NUL and lone surrogates inside JSON columns (models, tags, metadata) are cleaned, not a failed batch', async () => {
      const store = await backend.open();
      await writeBatch(
        store.sql,
        [
          span({
            spanId: 'gen',
            kind: 'generation',
            model: 'priced\u0000',
            metadata: '{"k\\u0000":"v\\ud800"}',
          }),
          trace({ tags: ['a\u0000b', 'lone \ud800'] }),
        ],
        T0,
      );
      const row = await traceRow(store.sql);
      assert.ok(row);
      assert.equal(row.model, 'priced');
      const models = typeof row.models === 'string' ? JSON.parse(row.models) : row.models;
      assert.deepEqual(models, ['priced']);
      const tags = await store.sql.query('SELECT tag FROM trace_tags WHERE tenant = ? ORDER BY tag', ['t1']);
      assert.equal(tags.length, 2);
      await store.close();
    });

    test('scores are idempotent on id (last write wins) and strings are cleaned', async () => {
      const store = await backend.open();
      const score = (value: number): QueueItem => ({
        type: 'score',
        row: {
          tenant: 't1',
          id: 's1',
          traceId: 'tr1',
          spanId: null,
          name: 'quality',
          value,
          stringValue: null,
          dataType: 'numeric',
          source: 'api',
          comment: 'bad\u0000byte \ud800',
          authorId: null,
          timeUs: T0,
          metadata: '{}',
        },
      });
      await writeBatch(store.sql, [score(0.5)], T0);
      await writeBatch(store.sql, [score(0.9), score(1)], T0);
      const rows = await store.sql.query('SELECT value, comment FROM trace_scores');
      assert.equal(rows.length, 1);
      assert.equal(rows[0]?.value, 1);
      assert.equal(rows[0]?.comment, 'badbyte \ufffd');
      await store.close();
    });
  });
}
