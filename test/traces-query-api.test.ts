import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import type { RunningKeel } from '../src/gateway/start.ts';
import { tracesModule } from '../src/traces/index.ts';
import { headerTenants } from '../src/traces/query/test-support.ts';
import { eventually, startTestKeel } from './harness.ts';

/**
 * The query API against a running Keel: gateway traffic (openai SDK → sim provider) and OTLP/JSON
 * ingest become traces; GET /api/traces, /api/traces/:id and /api/stats read them back, scoped by
 * the authorize callback; POST /v1/feedback adds scores.
 */

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

function otlpBody(o: { traceId: string; model: string; user: string; startMs: number; error?: boolean }) {
  const ns = (ms: number) => String(BigInt(ms) * 1_000_000n);
  const attr = (key: string, value: string) => ({ key, value: { stringValue: value } });
  return {
    resourceSpans: [
      {
        resource: { attributes: [attr('service.name', 'app')] },
        scopeSpans: [
          {
            spans: [
              {
                traceId: o.traceId,
                spanId: `${o.traceId.slice(0, 15)}1`,
                name: 'agent',
                startTimeUnixNano: ns(o.startMs),
                endTimeUnixNano: ns(o.startMs + 300),
                attributes: [attr('user.id', o.user), attr('gen_ai.operation.name', 'invoke_agent')],
              },
              {
                traceId: o.traceId,
                spanId: `${o.traceId.slice(0, 15)}2`,
                parentSpanId: `${o.traceId.slice(0, 15)}1`,
                name: 'chat',
                startTimeUnixNano: ns(o.startMs + 10),
                endTimeUnixNano: ns(o.startMs + 250),
                attributes: [attr('gen_ai.request.model', o.model), attr('gen_ai.operation.name', 'chat')],
                status: o.error ? { code: 2, message: 'boom' } : { code: 1 },
              },
            ],
          },
        ],
      },
    ],
  };
}

describe('traces query API', () => {
  let keel: RunningKeel;
  let client: OpenAI;
  const get = async (path: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${keel.url}${path}`, { headers });
    return {
      status: response.status,
      body: (await response.json()) as Record<string, unknown> & { data?: unknown[] },
    };
  };
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${keel.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  let requestId = '';

  before(async () => {
    keel = await startTestKeel(
      {
        providers: {
          sim: { type: 'sim', sim: { outputTokens: 4 } },
          broken: { type: 'sim', sim: { errorRate: 1 } },
        },
        models: {
          demo: { deployments: [{ provider: 'sim', model: 'sim-1' }] },
          failing: { deployments: [{ provider: 'broken', model: 'sim-x' }], retries: { maxRetries: 0 } },
        },
      },
      {
        modules: [
          tracesModule({
            writer: { spoolDir: null, flushIntervalMs: 20 },
            observability: {
              authorize: headerTenants,
              feedbackDelaysMs: [50, 100],
            },
          }),
        ],
      },
    );
    client = new OpenAI({ baseURL: `${keel.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    for (let i = 0; i < 4; i++) {
      const { response } = await client.chat.completions
        .create(
          { model: 'demo', messages: [{ role: 'user', content: `hi ${i}` }] },
          {
            headers: {
              'x-keel-user': `user-${i % 2}`,
              'x-keel-feature': 'chat',
              'x-keel-tags': i === 0 ? 'first' : 'rest',
            },
          },
        )
        .withResponse();
      requestId = response.headers.get('x-keel-request-id') ?? '';
    }
    await client.chat.completions
      .create({ model: 'failing', messages: [{ role: 'user', content: 'x' }] })
      .catch(() => undefined);
    const now = Date.now();
    for (let i = 0; i < 3; i++) {
      const ingest = await post(
        '/v1/traces',
        otlpBody({
          traceId: hex(i + 1, 32),
          model: 'otel-model',
          user: 'user-9',
          startMs: now - (i + 1) * 1000,
          error: i === 2,
        }),
      );
      assert.equal(ingest.status, 200);
    }
    await eventually(async () => ((await get('/api/traces')).body.data?.length ?? 0) >= 8);
  });
  after(() => keel.close());

  it('lists traces newest first with filters', async () => {
    const all = await get('/api/traces?since=1h');
    assert.equal(all.status, 200);
    assert.equal(all.body.data?.length, 8);
    const demo = await get('/api/traces?model=demo');
    assert.equal(demo.body.data?.length, 4);
    const errors = (await get('/api/traces?status=error')).body.data as Array<{ model: string }>;
    assert.deepEqual(errors.map((t) => t.model).sort(), ['failing', 'otel-model']);
    assert.equal((await get('/api/traces?user=user-1&feature=chat')).body.data?.length, 2);
    assert.equal((await get('/api/traces?tag=first')).body.data?.length, 1);
    assert.equal(
      (await get('/api/traces?layer=interaction')).body.data?.length,
      3,
      'agent spans are interaction',
    );
    const page1 = await get('/api/traces?limit=5');
    assert.equal(page1.body.data?.length, 5);
    const page2 = await get(`/api/traces?limit=5&cursor=${page1.body.nextCursor}`);
    assert.equal(page2.body.data?.length, 3);
    assert.equal(page2.body.nextCursor, null);
  });

  it('shows a trace as a span tree, 404 for unknown ids', async () => {
    const detail = await get(`/api/traces/${hex(1, 32)}`);
    assert.equal(detail.status, 200);
    const spans = detail.body.spans as Array<{ name: string; children: Array<{ name: string }> }>;
    assert.equal(spans.length, 1);
    assert.equal(spans[0]?.name, 'agent');
    assert.equal(spans[0]?.children[0]?.name, 'chat');
    assert.equal((await get('/api/traces/nope')).status, 404);
  });

  it('aggregates by model in buckets', async () => {
    const stats = await get('/api/stats?by=model&since=1h&bucket=1h');
    assert.equal(stats.status, 200);
    const rows = stats.body.rows as Array<{
      group: string;
      count: number;
      errorRate: number;
      latencyMs: { p95: number };
    }>;
    const byModel = (m: string) => rows.filter((r) => r.group === m).reduce((n, r) => n + r.count, 0);
    assert.equal(byModel('demo'), 4);
    assert.equal(byModel('otel-model'), 3);
    assert.equal(rows.find((r) => r.group === 'failing')?.errorRate, 1);
    assert.ok((rows.find((r) => r.group === 'otel-model')?.latencyMs.p95 ?? 0) > 200);
  });

  it('bad query parameters are 400s naming the parameter', async () => {
    for (const [path, param] of [
      ['/api/traces?status=broken', 'status'],
      ['/api/traces?since=yesterday', 'since'],
      ['/api/traces?bogus=1', ''],
      ['/api/traces?cursor=xyz', 'cursor'],
      ['/api/traces?limit=0', 'limit'],
      ['/api/stats?by=colour', 'by'],
      ['/api/stats?bucket=1s&since=30d', 'bucket'],
      ['/api/traces?minCost=cheap', 'minCost'],
    ] as const) {
      const r = await get(path);
      assert.equal(r.status, 400, path);
      const error = r.body.error as { param?: string };
      if (param) assert.equal(error.param, param, path);
    }
  });

  it('is scoped to the caller’s tenants', async () => {
    assert.equal((await get('/api/traces', { 'x-test-tenants': 'someone-else' })).body.data?.length, 0);
    assert.equal((await get(`/api/traces/${hex(1, 32)}`, { 'x-test-tenants': 'someone-else' })).status, 404);
    assert.equal((await get('/api/traces', { 'x-test-tenants': 'default' })).body.data?.length, 8);
    assert.equal((await get('/api/stats', { 'x-test-tenants': 'deny' })).status, 401);
  });

  it('feedback: by trace id, by request id, before the trace exists; bad values are 400', async () => {
    const byTrace = await post('/v1/feedback', {
      traceId: hex(1, 32),
      value: 'up',
      comment: 'nice',
      user: 'user-9',
    });
    assert.equal(byTrace.status, 202);
    assert.equal(byTrace.body.attached, true);
    const byRequest = await post('/v1/feedback', { requestId, value: 4 });
    assert.equal(byRequest.status, 202);
    assert.equal(byRequest.body.traceId, requestId.replaceAll('-', ''));
    const early = await post('/v1/feedback', { traceId: hex(99, 32), signal: 'copy' });
    assert.deepEqual([early.status, early.body.attached], [202, false]);
    assert.equal((await post('/v1/feedback', { traceId: hex(1, 32), value: 9 })).status, 400);
    assert.equal((await post('/v1/feedback', { value: 'up' })).status, 400);
    // The early feedback attaches once its trace arrives.
    await post(
      '/v1/traces',
      otlpBody({ traceId: hex(99, 32), model: 'otel-model', user: 'user-9', startMs: Date.now() }),
    );
    const scores = await eventually(async () => {
      const d = await get(`/api/traces/${hex(99, 32)}`);
      return d.status === 200 && (d.body.scores as unknown[]).length > 0
        ? (d.body.scores as Array<{ name: string; source: string }>)
        : undefined;
    });
    assert.deepEqual([scores[0]?.name, scores[0]?.source], ['implicit.copy', 'implicit']);
    const scored = await eventually(async () => {
      const list = (await get('/api/traces?score=user-feedback&scoreMin=0.5')).body.data ?? [];
      return list.length === 2 ? list : undefined;
    });
    assert.equal(scored.length, 2);
  });
});
