import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { maskBasicPii } from '../content.ts';
import type { SpanRow, TraceUpsert } from '../model.ts';
import { collectSpans } from './collect.ts';
import { decodeTraceRequest, encodeTraceRequest } from './proto.ts';

const T = '1750000000000000000';
const kv = (key: string, value: unknown) => ({
  key,
  value:
    typeof value === 'number'
      ? Number.isInteger(value)
        ? { intValue: String(value) }
        : { doubleValue: value }
      : typeof value === 'boolean'
        ? { boolValue: value }
        : Array.isArray(value)
          ? { arrayValue: { values: value.map((v) => ({ stringValue: v })) } }
          : { stringValue: value },
});

function mapOne(attributes: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const request = {
    resourceSpans: [
      {
        resource: { attributes: [kv('service.name', 'svc')] },
        scopeSpans: [
          {
            scope: { name: 'lib', version: '2' },
            spans: [
              {
                traceId: '0af7651916cd43dd8448eb211c80319c',
                spanId: 'b7ad6b7169203331',
                name: 'op',
                startTimeUnixNano: T,
                endTimeUnixNano: '1750000000250000000',
                attributes: Object.entries(attributes).map(([k, v]) => kv(k, v)),
                ...extra,
              },
            ],
          },
        ],
      },
    ],
  };
  const out = collectSpans(request, {
    tenant: 't',
    source: 'otlp',
    content: { mode: 'full', maxChars: 10_000, redact: maskBasicPii },
    maxMetadataChars: 10_000,
  });
  assert.equal(out.rejected, 0, out.errors.join());
  const span = out.items.find((i) => i.type === 'span')?.row as SpanRow;
  const trace = out.items.find((i) => i.type === 'trace')?.row as TraceUpsert | undefined;
  return { span, trace, meta: JSON.parse(span.metadata) };
}

describe('OTLP span mapping', () => {
  test('OpenTelemetry GenAI conventions (with events for content)', () => {
    const { span, meta } = mapOne(
      {
        'gen_ai.operation.name': 'chat',
        'gen_ai.system': 'anthropic',
        'gen_ai.request.model': 'claude-3-5-sonnet',
        'gen_ai.usage.input_tokens': 100,
        'gen_ai.usage.output_tokens': 20,
      },
      {
        events: [
          { name: 'gen_ai.user.message', timeUnixNano: T, attributes: [kv('content', 'hi')] },
          { name: 'gen_ai.choice', timeUnixNano: T, attributes: [kv('message', '{"content":"yo"}')] },
          {
            name: 'exception',
            timeUnixNano: T,
            attributes: [kv('exception.type', 'Timeout'), kv('exception.message', 'slow')],
          },
          { name: 'retry', timeUnixNano: T, attributes: [kv('attempt', 2)] },
        ],
        status: { code: 2 },
      },
    );
    assert.equal(span.kind, 'generation');
    assert.equal(span.layer, 'model');
    assert.equal(span.model, 'claude-3-5-sonnet');
    assert.equal(span.provider, 'anthropic');
    assert.equal(span.inputTokens, 100);
    assert.equal(span.totalTokens, 120);
    assert.equal(span.durationMs, 250);
    assert.equal(span.startUs, 1_750_000_000_000_000);
    assert.ok((span.costUsd ?? 0) > 0);
    assert.equal(meta.costEstimated, true);
    assert.equal(span.status, 'error');
    assert.equal(span.statusMessage, 'Timeout: slow');
    assert.deepEqual(JSON.parse(String(span.input)), [{ role: 'user', content: 'hi' }]);
    assert.deepEqual(JSON.parse(String(span.output)), [{ message: '{"content":"yo"}' }]);
    assert.equal(meta.events[0].name, 'retry');
    assert.equal(meta.service, 'svc');
    assert.equal(meta.scope, 'lib@2');
    assert.equal(meta.attributes['gen_ai.operation.name'], 'chat');
  });

  test('OpenInference attributes', () => {
    const { span, trace } = mapOne({
      'openinference.span.kind': 'LLM',
      'llm.model_name': 'gpt-4o',
      'llm.token_count.prompt': 7,
      'llm.token_count.completion': 3,
      'llm.token_count.total': 10,
      'input.value': '{"q":"a"}',
      'output.value': 'plain answer',
      'llm.input_messages.0.message.role': 'user',
      'llm.input_messages.0.message.content': 'a',
      'session.id': 's1',
      'user.id': 'u1',
      'tag.tags': ['x', 'y'],
    });
    assert.equal(span.kind, 'generation');
    assert.equal(span.model, 'gpt-4o');
    assert.equal(span.totalTokens, 10);
    assert.equal(span.input, '{"q":"a"}');
    assert.equal(span.output, '"plain answer"');
    assert.equal(span.sessionId, 's1');
    assert.deepEqual(trace?.tags, ['x', 'y']);
    assert.equal(trace?.userId, 'u1');
    assert.equal(mapOne({ 'openinference.span.kind': 'RETRIEVER' }).span.layer, 'knowledge');
    assert.equal(mapOne({ 'openinference.span.kind': 'GUARDRAIL' }).span.verdict, 'allow');
  });

  test('Traceloop / OpenLLMetry attributes', () => {
    const { span } = mapOne({
      'llm.request.type': 'chat',
      'gen_ai.system': 'OpenAI',
      'gen_ai.request.model': 'gpt-4o-mini',
      'llm.usage.prompt_tokens': 11,
      'llm.usage.completion_tokens': 4,
      'llm.usage.total_tokens': 15,
      'gen_ai.prompt.0.role': 'system',
      'gen_ai.prompt.0.content': 'be brief',
      'gen_ai.prompt.1.role': 'user',
      'gen_ai.prompt.1.content': 'hi',
      'gen_ai.completion.0.role': 'assistant',
      'gen_ai.completion.0.content': 'hello',
      'traceloop.prompt.key': 'greeter',
      'traceloop.prompt.version': 4,
    });
    assert.equal(span.kind, 'generation');
    assert.equal(span.inputTokens, 11);
    assert.equal(span.totalTokens, 15);
    assert.equal(JSON.parse(String(span.input)).length, 2);
    assert.equal(span.promptName, 'greeter');
    assert.equal(span.promptVersion, '4');
    assert.equal(mapOne({ 'traceloop.span.kind': 'tool' }).span.kind, 'tool');
    assert.equal(mapOne({ 'traceloop.span.kind': 'workflow' }).span.kind, 'span');
  });

  test('Langfuse attributes, including trace-level ones and internal keys', () => {
    const { span, trace, meta } = mapOne({
      'langfuse.observation.type': 'generation',
      'langfuse.observation.model.name': 'gpt-4o',
      'langfuse.observation.usage_details': '{"input":5,"output":6}',
      'langfuse.observation.cost_details': '{"input":0.1,"output":0.2}',
      'langfuse.observation.completion_start_time': '"2025-06-15T15:06:40.100Z"',
      'langfuse.observation.level': 'ERROR',
      'langfuse.observation.status_message': 'bad',
      'langfuse.observation.metadata.k': 'v',
      'langfuse.observation.prompt.name': 'p',
      'langfuse.observation.prompt.version': 2,
      'langfuse.trace.name': 'flow',
      'langfuse.trace.tags': ['a'],
      'langfuse.trace.metadata': '{"team":"x"}',
      'langfuse.release': 'v1',
      'langfuse.internal.as_root': true,
      'user.id': 'u',
    });
    assert.equal(span.kind, 'generation');
    assert.equal(span.totalTokens, 11);
    assert.ok(Math.abs((span.costUsd ?? 0) - 0.3) < 1e-9);
    assert.equal(span.status, 'error');
    assert.equal(span.statusMessage, 'bad');
    assert.equal(span.promptVersion, '2');
    assert.equal(span.ttftMs, 100);
    assert.deepEqual(meta.metadata, { k: 'v' });
    assert.equal(meta.level, 'ERROR');
    assert.equal(meta.attributes, undefined);
    assert.equal(trace?.name, 'flow');
    assert.deepEqual(JSON.parse(String(trace?.metadata)), { team: 'x', release: 'v1' });
  });

  test('keel attributes override kind and layer; protobuf and JSON decode to the same row', () => {
    const { span } = mapOne({
      'keel.span.kind': 'retrieval',
      'keel.layer': 'safety',
      'keel.cache_hit': true,
    });
    assert.equal(span.kind, 'retrieval');
    assert.equal(span.layer, 'safety');
    assert.equal(span.cacheHit, true);
    const json = {
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                {
                  traceId: Buffer.from('0af7651916cd43dd8448eb211c80319c', 'hex'),
                  spanId: Buffer.from('b7ad6b7169203331', 'hex'),
                  parentSpanId: Buffer.alloc(0),
                  name: 'p',
                  startTimeUnixNano: T,
                  attributes: [
                    kv('n', 5),
                    { key: 'big', value: { intValue: '1152921504606846976' } },
                    kv('f', 1.5),
                    kv('list', ['a']),
                  ],
                },
              ],
            },
          ],
        },
      ],
    };
    const decoded = decodeTraceRequest(encodeTraceRequest(json));
    const out = collectSpans(decoded, {
      tenant: 't',
      source: 'otlp',
      content: { mode: 'full', maxChars: 100, redact: (s) => s },
      maxMetadataChars: 10_000,
    });
    const row = out.items[0]?.row as SpanRow;
    assert.equal(row.traceId, '0af7651916cd43dd8448eb211c80319c');
    assert.equal(row.parentId, null);
    assert.equal(row.endUs, null);
    assert.deepEqual(JSON.parse(row.metadata).attributes, {
      n: 5,
      big: String(2n ** 60n),
      f: 1.5,
      list: ['a'],
    });
  });

  test('a JSON-number time beyond 64-bit nanoseconds is rejected, not stored as a float', () => {
    // 1e30 ns would be 1e27 µs: a REAL in SQLite (every later list/stats answer then failed on
    // it) and out of range for Postgres BIGINT.
    const spans = [1e30, 1.8e19].map((ns, i) => ({
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: `b7ad6b716920333${i}`,
      name: 'skewed',
      startTimeUnixNano: ns,
      endTimeUnixNano: ns,
    }));
    spans.push({
      ...(spans[0] as (typeof spans)[number]),
      spanId: 'b7ad6b7169203339',
      startTimeUnixNano: 1.75e18,
      endTimeUnixNano: 1e30,
    });
    const out = collectSpans(
      { resourceSpans: [{ scopeSpans: [{ spans }] }] },
      {
        tenant: 't',
        source: 'otlp',
        content: { mode: 'none', maxChars: 100, redact: (s) => s },
        maxMetadataChars: 1000,
      },
    );
    assert.equal(out.rejected, 3, JSON.stringify(out.items));
    assert.match(out.errors[0] ?? '', /startTimeUnixNano must be a positive 64-bit integer/);
  });
});
