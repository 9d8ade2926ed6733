import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LangfuseClient } from '@langfuse/client';
import { LangfuseSpanProcessor } from '@langfuse/otel';
import { propagateAttributes, setLangfuseTracerProvider, startActiveObservation } from '@langfuse/tracing';
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import type { RunningKeel } from '../src/gateway/start.ts';
import { tracesModule } from '../src/traces/index.ts';
import { eventually, startTestKeel } from './harness.ts';

/**
 * The Langfuse JS SDK v5, unchanged but for its base URL and keys: @langfuse/tracing +
 * @langfuse/otel export spans to /api/public/otel/v1/traces; @langfuse/client sends scores to
 * /api/public/ingestion. Rows land in the tenant the key pair maps to.
 */
const keys = { publicKey: 'pk-lf-test', secretKey: 'sk-lf-test' };

describe('Langfuse SDK v5 → Keel', () => {
  let keel: RunningKeel;
  let processor: LangfuseSpanProcessor;
  let provider: BasicTracerProvider;
  const contextManager = new AsyncLocalStorageContextManager();

  before(async () => {
    keel = await startTestKeel(
      { providers: {}, models: {}, traces: { langfuseKeys: [{ ...keys, tenant: 'proj-a' }] } },
      { modules: [tracesModule({ writer: { spoolDir: null, flushIntervalMs: 20 } })] },
    );
    context.setGlobalContextManager(contextManager.enable());
    processor = new LangfuseSpanProcessor({ ...keys, baseUrl: keel.url, exportMode: 'immediate' });
    provider = new BasicTracerProvider({ spanProcessors: [processor] });
    setLangfuseTracerProvider(provider);
  });
  after(async () => {
    await provider.shutdown();
    setLangfuseTracerProvider(null);
    context.disable();
    await keel.close();
  });

  it('stores the trace, the generation with model/usage/cost, and a score', async () => {
    const ids = await startActiveObservation('support-request', async (span) =>
      propagateAttributes(
        { userId: 'lf-user', sessionId: 'lf-session', tags: ['beta', 'support'], traceName: 'support flow' },
        async () => {
          span.update({ input: { question: 'Where is my parcel?' } });
          const generation = span.startObservation(
            'answer',
            { model: 'gpt-4o', input: [{ role: 'user', content: 'Where is my parcel?' }] },
            { asType: 'generation' },
          );
          generation.update({
            output: { role: 'assistant', content: 'It ships today.' },
            usageDetails: { input: 40, output: 12 },
            costDetails: { total: 0.0021 },
          });
          generation.end();
          span.update({ output: { answer: 'It ships today.' } });
          return { traceId: span.traceId, generationId: generation.id };
        },
      ),
    );
    await processor.forceFlush();
    const langfuse = new LangfuseClient({ ...keys, baseUrl: keel.url });
    langfuse.score.create({
      traceId: ids.traceId,
      observationId: ids.generationId,
      name: 'helpfulness',
      value: 0.9,
      comment: 'clear answer',
    });
    await langfuse.score.flush();

    const sql = keel.store.sql;
    const trace = await eventually(async () => {
      const rows = await sql.query('SELECT * FROM traces WHERE trace_id = ?', [ids.traceId]);
      return rows[0]?.span_count === 2 ? rows[0] : undefined;
    });
    assert.equal(trace.tenant, 'proj-a');
    assert.equal(trace.name, 'support flow');
    assert.equal(trace.user_id, 'lf-user');
    assert.equal(trace.session_id, 'lf-session');
    assert.deepEqual(JSON.parse(String(trace.tags)).sort(), ['beta', 'support']);
    assert.equal(trace.model, 'gpt-4o');
    assert.equal(trace.cost_usd, 0.0021);
    assert.equal(trace.total_tokens, 52);
    const [gen] = await sql.query('SELECT * FROM trace_spans WHERE span_id = ?', [ids.generationId]);
    assert.ok(gen);
    assert.equal(gen.kind, 'generation');
    assert.equal(gen.source, 'langfuse');
    assert.equal(gen.input_tokens, 40);
    assert.equal(gen.output_tokens, 12);
    assert.deepEqual(JSON.parse(String(gen.output)), { role: 'assistant', content: 'It ships today.' });
    const score = await eventually(async () => (await sql.query('SELECT * FROM trace_scores'))[0]);
    assert.equal(score.tenant, 'proj-a');
    assert.equal(score.trace_id, ids.traceId);
    assert.equal(score.span_id, ids.generationId);
    assert.equal(score.name, 'helpfulness');
    assert.equal(score.value, 0.9);
    assert.equal(score.comment, 'clear answer');
    assert.equal(score.data_type, 'numeric');
  });

  it('refuses an unknown key pair with 401', async () => {
    const auth = Buffer.from('pk-lf-test:wrong').toString('base64');
    const response = await fetch(`${keel.url}/api/public/ingestion`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Basic ${auth}` },
      body: JSON.stringify({ batch: [] }),
    });
    assert.equal(response.status, 401);
    const body = (await response.json()) as { error: { message: string } };
    assert.doesNotMatch(body.error.message, /wrong/);
  });
});
