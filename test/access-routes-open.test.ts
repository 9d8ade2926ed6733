/**
 * With `access.requireKey` off (the default), callers without a key stay anonymous on
 * `/v1/models`, the guard scan and trace ingest (tenant 'default'), while a presented virtual key
 * still narrows what is listed and puts traces into its project — with the real OpenTelemetry SDK.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { otlpBody, randomIds } from './access-routes-otlp.ts';
import { bearer, call, type RoutesKeel, startRoutesKeel } from './access-routes-support.ts';
import { eventually } from './harness.ts';

/** Exports one span with the OpenTelemetry JS SDK (OTLP/HTTP JSON); answers its trace id. */
async function exportSpan(url: string, headers: Record<string, string>): Promise<string> {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'open-test' }),
    spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url, headers }))],
  });
  const span = provider.getTracer('open-test').startSpan('chat demo', {
    attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'demo' },
  });
  span.end();
  await provider.forceFlush();
  await provider.shutdown();
  return span.spanContext().traceId;
}

describe('requireKey off: anonymous callers stay anonymous, keys still count', () => {
  let k: RoutesKeel;

  before(async () => {
    k = await startRoutesKeel({
      providers: { sim: { type: 'sim', sim: { outputTokens: 5 } } },
      models: {
        demo: { deployments: [{ provider: 'sim', model: 'sim-1' }] },
        other: { deployments: [{ provider: 'sim', model: 'sim-2' }] },
      },
      guard: {
        defaultPolicy: 'std',
        policies: { std: { input: [{ scanner: 'secrets', action: 'block' }] } },
      },
    });
  });
  after(async () => {
    await k?.keel.close();
  });

  const traceRows = (traceId: string) =>
    eventually(async () => {
      const traces = await k.keel.store.sql.query<{ tenant: string }>(
        'SELECT tenant FROM traces WHERE trace_id = ?',
        [traceId],
      );
      const spans = await k.keel.store.sql.query<{ tenant: string }>(
        'SELECT tenant FROM trace_spans WHERE trace_id = ?',
        [traceId],
      );
      return traces.length > 0 && spans.length > 0 ? { traces, spans } : undefined;
    });

  it('GET /v1/models: no key lists everything; a restricted key its models; a bad key is 401', async () => {
    const ids = async (headers: Record<string, string> = {}) => {
      const res = await call(`${k.keel.url}/v1/models`, { headers });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return (res.body.data as Array<{ id: string }>).map((m) => m.id).sort();
    };
    assert.deepEqual(await ids(), ['demo', 'other']);
    assert.deepEqual(
      await ids({ authorization: 'Bearer unused' }),
      ['demo', 'other'],
      'a foreign placeholder',
    );
    const { secret } = await k.newKey({ policy: { allowedModels: ['other'] } });
    assert.deepEqual(await ids(bearer(secret)), ['other']);
    assert.equal((await call(`${k.keel.url}/v1/models`, { headers: bearer('sk-keel-typo') })).status, 401);
  });

  it('POST /v1/guard/scan: open without a key; a bad key is 401', async () => {
    const body = { text: 'hello there' };
    const open = await call(`${k.keel.url}/v1/guard/scan`, { body });
    assert.equal(open.status, 200, JSON.stringify(open.body));
    assert.equal(open.body.action, 'allow');
    const bad = await call(`${k.keel.url}/v1/guard/scan`, { body, headers: bearer('sk-keel-typo') });
    assert.equal(bad.status, 401);
  });

  it('OpenTelemetry SDK with a virtual key: the trace lands in the key’s project', async () => {
    const { secret } = await k.newKey();
    const traceId = await exportSpan(`${k.keel.url}/v1/traces`, bearer(secret));
    const { traces, spans } = await traceRows(traceId);
    assert.deepEqual(
      traces.map((r) => r.tenant),
      [k.projectId],
    );
    assert.deepEqual(
      spans.map((r) => r.tenant),
      [k.projectId],
    );
  });

  it('OpenTelemetry SDK without a key: the trace lands in tenant default', async () => {
    const traceId = await exportSpan(`${k.keel.url}/v1/traces`, {});
    const { traces, spans } = await traceRows(traceId);
    assert.deepEqual(
      [...traces, ...spans].map((r) => r.tenant),
      ['default', 'default'],
    );
  });

  it('OTLP with a bad or revoked virtual key is 401 and stores nothing', async () => {
    const key = await k.newKey();
    assert.equal((await k.admin('POST', `/api/keys/${key.id}/revoke`)).status, 200);
    const ids = randomIds();
    for (const secret of [key.secret, 'sk-keel-typo']) {
      const res = await call(`${k.keel.url}/v1/traces`, { body: otlpBody(ids), headers: bearer(secret) });
      assert.equal(res.status, 401);
    }
    // A later, accepted export shows the writer is running; the refused trace never appears.
    const later = randomIds();
    assert.equal((await call(`${k.keel.url}/v1/traces`, { body: otlpBody(later) })).status, 200);
    await traceRows(later.traceId);
    const refused = await k.keel.store.sql.query('SELECT 1 FROM trace_spans WHERE trace_id = ?', [
      ids.traceId,
    ]);
    assert.equal(refused.length, 0);
  });
});
