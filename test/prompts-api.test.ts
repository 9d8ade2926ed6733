/**
 * The prompt registry's HTTP API: CRUD, immutability, labels, preview, stats per version, evaluation
 * results and the promotion gate, authorisation hook; plus the Langfuse-compatible read endpoint
 * exercised with the real @langfuse/client.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningKeel } from '../src/gateway/start.ts';
import { promptsModule } from '../src/prompts/index.ts';
import { eventually, startTestKeel } from './harness.ts';

// Response bodies are whatever JSON the route returned; the assertions check their shape.
// biome-ignore lint/suspicious/noExplicitAny: a test helper over arbitrary JSON
type Json = any;
type Api = (
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<{ status: number; body: Json; headers: Headers }>;

function apiFor(keel: RunningKeel): Api {
  return async (method, path, body, headers = {}) => {
    const res = await fetch(`${keel.url}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? null : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
  };
}

const GREET = {
  messages: [
    { role: 'system', content: 'Greet {{name}}. {{> footer}}' },
    { role: 'user', content: 'Start.' },
  ],
  variables: { name: { type: 'string', description: 'who' } },
  model: 'demo',
  parameters: { temperature: 0.5 },
};

describe('prompt registry API', () => {
  let keel: RunningKeel;
  let api: Api;

  before(async () => {
    keel = await startTestKeel(
      {
        providers: { sim: { type: 'sim', sim: { outputTokens: 4 } } },
        models: { demo: { deployments: [{ provider: 'sim', model: 'sim-1' }] } },
        prompts: { gate: { required: true, metric: 'accuracy', minScore: 0.5, maxRegression: 0.01 } },
      },
      {
        modules: [
          promptsModule({
            authorize: (request) =>
              request.headers['x-test-deny'] ? false : { kind: 'user', id: 'api-tester' },
          }),
        ],
      },
    );
    api = apiFor(keel);
  });
  after(() => keel.close());

  it('creates prompts and versions; versions are immutable', async () => {
    assert.equal(
      (
        await api('POST', '/api/prompts', {
          name: 'footer',
          text: 'Thanks, {{team}}.',
          variables: { team: { type: 'string', default: 'Ops' } },
        })
      ).status,
      201,
    );
    // `production` is gated and footer has no evaluation: set it on the create path via the gate first.
    assert.equal(
      (
        await api('POST', '/api/prompts/footer/versions/1/eval-results', {
          scores: { accuracy: 0.9 },
          source: 'ci',
        })
      ).status,
      201,
    );
    assert.equal((await api('PUT', '/api/prompts/footer/labels/production', { version: 1 })).status, 200);
    const created = await api('POST', '/api/prompts', {
      name: 'greet',
      description: 'hello',
      tags: ['demo'],
      commitMessage: 'first',
      ...GREET,
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.version.version, 1);
    assert.equal(created.body.version.author, 'user:api-tester');
    const v2 = await api('POST', '/api/prompts/greet/versions', {
      ...GREET,
      parameters: { temperature: 0.1 },
      commitMessage: 'cooler',
    });
    assert.equal(v2.status, 201);
    assert.deepEqual(v2.body.labels, ['latest']);
    for (const method of ['PUT', 'PATCH', 'DELETE']) {
      const res = await api(method, '/api/prompts/greet/versions/1', method === 'DELETE' ? undefined : GREET);
      assert.equal(res.status, 409);
      assert.match(res.body.error.message, /immutable/);
    }
    const detail = await api('GET', '/api/prompts/greet');
    assert.deepEqual(
      detail.body.versions.map((v: { version: number }) => v.version),
      [2, 1],
    );
    const bad = await api('POST', '/api/prompts/greet/versions', {
      messages: [{ role: 'user', content: '{{oops' }],
    });
    assert.equal(bad.status, 400);
    assert.match(bad.body.error.message, /never closed/);
    const huge = await api('POST', '/api/prompts/greet/versions', {
      messages: [{ role: 'user', content: 'x'.repeat(300 * 1024) }],
    });
    assert.equal(huge.status, 413);
    const unknownField = await api('POST', '/api/prompts/greet/versions', { ...GREET, temprature: 1 });
    assert.equal(unknownField.status, 400);
  });

  it('previews rendering, with strict variable errors', async () => {
    const ok = await api('POST', '/api/prompts/greet/render', {
      label: 'latest',
      variables: { name: 'Ada' },
    });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.deepEqual(ok.body.prompt, { name: 'greet', version: 2, label: 'latest' });
    assert.equal(ok.body.messages[0].content, 'Greet Ada. Thanks, Ops.');
    assert.equal(ok.body.model, 'demo');
    const missing = await api('POST', '/api/prompts/greet/render', { version: 1, variables: {} });
    assert.equal(missing.status, 400);
    assert.match(missing.body.error.message, /missing variable 'name'/);
    assert.equal((await api('POST', '/api/prompts/greet/render', { label: 'staging' })).status, 404);
  });

  it('gates production on evaluation results posted by CI', async () => {
    const noResult = await api('PUT', '/api/prompts/greet/labels/production', { version: 1 });
    assert.equal(noResult.status, 403);
    assert.match(noResult.body.error.message, /no evaluation result/);
    await api('POST', '/api/prompts/greet/versions/1/eval-results', { scores: { accuracy: 0.8 } });
    assert.equal(
      (await api('PUT', '/api/prompts/greet/labels/production', { version: 1, expectedVersion: null }))
        .status,
      200,
    );
    await api('POST', '/api/prompts/greet/versions/2/eval-results', { scores: { accuracy: 0.7 } });
    const regress = await api('PUT', '/api/prompts/greet/labels/production', { version: 2 });
    assert.equal(regress.status, 403);
    assert.match(regress.body.error.message, /regresses accuracy by 0.1/);
    assert.equal(regress.body.error.gate?.ok ?? regress.body.error.details?.gate?.ok ?? false, false);
    await api('POST', '/api/prompts/greet/versions/2/eval-results', { scores: { accuracy: 0.85 } });
    const moved = await api('PUT', '/api/prompts/greet/labels/production', {
      version: 2,
      expectedVersion: 1,
      reason: 'better',
    });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    const stale = await api('PUT', '/api/prompts/greet/labels/production', {
      version: 1,
      expectedVersion: 1,
    });
    assert.equal(stale.status, 409);
    const badEval = await api('POST', '/api/prompts/greet/versions/9/eval-results', {
      scores: { accuracy: 1 },
    });
    assert.equal(badEval.status, 404);
    assert.equal(
      (await api('POST', '/api/prompts/greet/versions/1/eval-results', { scores: {} })).status,
      400,
    );
  });

  it('rolls back through the API, and refuses callers the authorize hook denies', async () => {
    const denied = await api(
      'POST',
      '/api/prompts/greet/labels/production/rollback',
      {},
      { 'x-test-deny': '1' },
    );
    assert.equal(denied.status, 403);
    // Client wrappers send the JSON content type with no body: that is no body, not bad JSON.
    const bare = await fetch(`${keel.url}/api/prompts/greet/labels/production/history`, {
      method: 'GET',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(bare.status, 200);
    const empty = await fetch(`${keel.url}/api/prompts/greet/labels/production/rollback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-test-deny': '1' },
      body: '',
    });
    assert.equal(empty.status, 403, 'an empty JSON body reaches the route (which refuses the caller)');
    const rolled = await api('POST', '/api/prompts/greet/labels/production/rollback', { reason: 'incident' });
    assert.equal(rolled.status, 200, JSON.stringify(rolled.body));
    assert.deepEqual(rolled.body.to, { version: 1, split: null });
    const history = await api('GET', '/api/prompts/greet/labels/production/history');
    assert.equal(history.body.data[0].reason, 'rollback: incident');
    assert.equal(history.body.data[0].actor, 'user:api-tester');
    assert.equal((await api('PUT', '/api/prompts/greet/labels/latest', { version: 1 })).status, 400);
    assert.equal(
      (await api('PUT', '/api/prompts/greet/labels/staging', { version: 1, split: [] })).status,
      400,
    );
  });

  it('reports per-version latency, cost and errors from request records', async () => {
    await api('PUT', '/api/prompts/greet/labels/staging', { version: 2 });
    const call = (label: string, variables: unknown) =>
      fetch(`${keel.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          model: `prompt:greet@${label}`,
          messages: [{ role: 'user', content: 'hi' }],
          variables,
        }),
      });
    for (let i = 0; i < 3; i++) assert.equal((await call('production', { name: 'A' })).status, 200);
    for (let i = 0; i < 2; i++) assert.equal((await call('staging', { name: 'B' })).status, 200);
    assert.equal((await call('staging', {})).status, 400);
    const stats = await eventually(async () => {
      const res = await api('GET', '/api/prompts/greet/stats?since=1h');
      const total = res.body.versions.reduce((n: number, v: { requests: number }) => n + v.requests, 0);
      return total === 6 ? res.body : undefined;
    });
    const [v1, v2] = stats.versions;
    assert.equal(v1.version, 1);
    assert.equal(v1.requests, 3);
    assert.equal(v1.errors, 0);
    assert.deepEqual(v1.labels, { production: 3 });
    assert.equal(v2.requests, 3);
    assert.equal(v2.errors, 1);
    assert.equal(v2.errorRate, 0.3333);
    assert.ok(v1.latencyMs.p50 > 0 && v1.latencyMs.p95 >= v1.latencyMs.p50);
    assert.ok(v1.costUsd.total >= 0);
    assert.deepEqual(v2.evalScores, { accuracy: 0.85 });
    assert.equal(v2.feedback, null);
    assert.equal((await api('GET', '/api/prompts/greet/stats?since=yesterday')).status, 400);
  });
});

describe('Langfuse-compatible prompt endpoint', () => {
  let keel: RunningKeel;
  let api: Api;
  let Client: typeof import('@langfuse/client').LangfuseClient;

  before(async () => {
    // The SDK reads its log level once, at import, and logs every failed fetch at ERROR; the
    // failures below are the point of the test.
    process.env.LANGFUSE_LOG_LEVEL = 'NONE';
    Client = (await import('@langfuse/client')).LangfuseClient;
    keel = await startTestKeel(
      {
        providers: { sim: { type: 'sim' } },
        models: { demo: { deployments: [{ provider: 'sim', model: 'sim-1' }] } },
        prompts: { langfuseKeys: [{ publicKey: 'pk-lf-test', secretKey: 'sk-lf-test' }] },
      },
      { modules: [promptsModule()] },
    );
    api = apiFor(keel);
    await api('POST', '/api/prompts', { name: 'sig', text: 'Cheers, {{team}}', labels: ['production'] });
    await api('POST', '/api/prompts', {
      name: 'support',
      ...GREET,
      messages: [{ role: 'system', content: 'Help {{name}}. {{> sig}}' }],
      labels: ['production'],
      tags: ['cs'],
      commitMessage: 'v1',
    });
    await api('POST', '/api/prompts/support/versions', {
      ...GREET,
      messages: [{ role: 'system', content: 'Kindly help {{name}}.' }],
      labels: ['staging'],
    });
  });
  after(() => keel.close());

  const langfuse = (secretKey = 'sk-lf-test') =>
    new Client({ publicKey: 'pk-lf-test', secretKey, baseUrl: keel.url });

  it('the real @langfuse/client fetches a chat prompt by label and compiles it', async () => {
    const prompt = await langfuse().prompt.get('support', {
      label: 'production',
      type: 'chat',
      cacheTtlSeconds: 0,
    });
    assert.equal(prompt.name, 'support');
    assert.equal(prompt.version, 1);
    assert.deepEqual(prompt.labels, ['production']);
    assert.deepEqual(prompt.tags, ['cs']);
    assert.equal((prompt.config as { model?: string }).model, 'demo');
    assert.deepEqual(prompt.compile({ name: 'Ada', team: 'Core' }), [
      { role: 'system', content: 'Help Ada. Cheers, Core' },
    ]);
    const staging = await langfuse().prompt.get('support', {
      label: 'staging',
      type: 'chat',
      cacheTtlSeconds: 0,
    });
    assert.equal(staging.version, 2);
    assert.deepEqual(staging.labels, ['latest', 'staging']);
    const byVersion = await langfuse().prompt.get('support', {
      version: 1,
      type: 'chat',
      cacheTtlSeconds: 0,
    });
    assert.equal(byVersion.version, 1);
  });

  it('fetches a text prompt; unknown prompts and bad keys fail', async () => {
    const sig = await langfuse().prompt.get('sig', { cacheTtlSeconds: 0 });
    assert.equal(sig.compile({ team: 'Ops' }), 'Cheers, Ops');
    await assert.rejects(langfuse().prompt.get('nope', { cacheTtlSeconds: 0, maxRetries: 0 }));
    await assert.rejects(langfuse('wrong').prompt.get('sig', { cacheTtlSeconds: 0, maxRetries: 0 }));
    const noAuth = await api('GET', '/api/public/v2/prompts/sig');
    assert.equal(noAuth.status, 401);
  });

  it('serves ETags (304 when unchanged) and a short max-age; a label move changes the ETag', async () => {
    const auth = { authorization: `Basic ${Buffer.from('pk-lf-test:sk-lf-test').toString('base64')}` };
    const first = await api('GET', '/api/public/v2/prompts/support?label=production', undefined, auth);
    assert.equal(first.status, 200);
    const etag = first.headers.get('etag') ?? '';
    assert.match(etag, /^"[0-9a-f]{32}"$/);
    assert.match(first.headers.get('cache-control') ?? '', /max-age=5/);
    const again = await fetch(`${keel.url}/api/public/v2/prompts/support?label=production`, {
      headers: { ...auth, 'if-none-match': etag },
    });
    assert.equal(again.status, 304);
    await api('PUT', '/api/prompts/support/labels/production', { version: 2 });
    const moved = await fetch(`${keel.url}/api/public/v2/prompts/support?label=production`, {
      headers: { ...auth, 'if-none-match': etag },
    });
    assert.equal(moved.status, 200);
    assert.equal(((await moved.json()) as { version: number }).version, 2);
    const list = await api('GET', '/api/public/v2/prompts?label=production', undefined, auth);
    assert.deepEqual(list.body.data.map((p: { name: string }) => p.name).sort(), ['sig', 'support']);
  });
});
