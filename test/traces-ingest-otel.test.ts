import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import { OTLPTraceExporter as OtlpHttpExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { RunningKeel } from '../src/gateway/start.ts';
import { tracesModule } from '../src/traces/index.ts';
import { eventually, startTestKeel } from './harness.ts';

/**
 * The real OpenTelemetry JS SDK exporting to Keel over OTLP/HTTP, JSON and protobuf, with GenAI
 * semantic-convention attributes; the stored rows are read back with SQL.
 */
function provider(exporter: SpanExporter): BasicTracerProvider {
  return new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'checkout-bot' }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
}

async function emitAgentTrace(
  tp: BasicTracerProvider,
  label: string,
): Promise<{ traceId: string; genId: string }> {
  const tracer = tp.getTracer('test-app', '1.0.0');
  // Explicit parent contexts: no global context manager is registered in this test.
  const root = tracer.startSpan(`agent ${label}`, {
    attributes: {
      'gen_ai.operation.name': 'invoke_agent',
      'user.id': `user-${label}`,
      'session.id': 'sess-1',
    },
  });
  const inRoot = trace.setSpan(context.active(), root);
  const gen = tracer.startSpan('chat gpt-4o-mini', {}, inRoot);
  gen.setAttributes({
    'gen_ai.system': 'openai',
    'gen_ai.operation.name': 'chat',
    'gen_ai.request.model': 'gpt-4o-mini',
    'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
    'gen_ai.usage.input_tokens': 120,
    'gen_ai.usage.output_tokens': 30,
    'gen_ai.prompt.0.role': 'user',
    'gen_ai.prompt.0.content': 'What is my order status?',
    'gen_ai.completion.0.role': 'assistant',
    'gen_ai.completion.0.content': 'Shipped yesterday.',
    'custom.flag': true,
  });
  gen.end();
  const tool = tracer.startSpan(
    'lookup_order',
    { attributes: { 'openinference.span.kind': 'TOOL' } },
    inRoot,
  );
  tool.setStatus({ code: SpanStatusCode.ERROR, message: 'order service timeout' });
  tool.end();
  root.end();
  await tp.forceFlush();
  return { traceId: gen.spanContext().traceId, genId: gen.spanContext().spanId };
}

describe('OpenTelemetry SDK → Keel OTLP ingest', () => {
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

  for (const encoding of ['json', 'protobuf'] as const) {
    it(`stores a GenAI trace sent as OTLP ${encoding}`, async () => {
      const url = `${keel.url}/v1/traces`;
      const exporter = encoding === 'json' ? new OtlpHttpExporter({ url }) : new OtlpProtoExporter({ url });
      const tp = provider(exporter);
      const { traceId, genId } = await emitAgentTrace(tp, encoding);
      await tp.shutdown();
      const sql = keel.store.sql;
      const trace = await eventually(async () => {
        const rows = await sql.query('SELECT * FROM traces WHERE trace_id = ?', [traceId]);
        return rows[0]?.span_count === 3 ? rows[0] : undefined;
      });
      assert.equal(trace.tenant, 'default');
      assert.equal(trace.name, `agent ${encoding}`);
      assert.equal(trace.user_id, `user-${encoding}`);
      assert.equal(trace.session_id, 'sess-1');
      assert.equal(trace.model, 'gpt-4o-mini');
      assert.equal(trace.input_tokens, 120);
      assert.equal(trace.output_tokens, 30);
      assert.equal(trace.status, 'error');
      assert.equal(trace.error_count, 1);
      assert.ok(Number(trace.cost_usd) > 0, 'cost estimated from the price table');
      const [gen] = await sql.query('SELECT * FROM trace_spans WHERE trace_id = ? AND span_id = ?', [
        traceId,
        genId,
      ]);
      assert.ok(gen);
      assert.equal(gen.kind, 'generation');
      assert.equal(gen.layer, 'model');
      assert.equal(gen.provider, 'openai');
      assert.ok(gen.parent_id, 'generation is a child of the agent span');
      assert.deepEqual(JSON.parse(String(gen.input)), [
        { role: 'user', content: 'What is my order status?' },
      ]);
      assert.deepEqual(JSON.parse(String(gen.output)), [
        { role: 'assistant', content: 'Shipped yesterday.' },
      ]);
      const meta = JSON.parse(String(gen.metadata));
      assert.equal(meta.service, 'checkout-bot');
      assert.equal(meta.scope, 'test-app@1.0.0');
      assert.equal(meta.attributes['custom.flag'], true);
      assert.equal(meta.attributes['gen_ai.response.model'], 'gpt-4o-mini-2024-07-18');
      const kinds = await sql.query(
        'SELECT kind, layer, status FROM trace_spans WHERE trace_id = ? ORDER BY kind',
        [traceId],
      );
      assert.deepEqual(
        kinds.map((k) => `${k.kind}/${k.layer}/${k.status}`),
        ['agent/interaction/unset', 'generation/model/unset', 'tool/interaction/error'],
      );
    });
  }
});
