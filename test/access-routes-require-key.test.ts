/**
 * With `access.requireKey: true`, the model-facing routes outside the chat pipeline follow the same
 * virtual-key rules as chat: `GET /v1/models` (a key lists only its allowed models), the guard's
 * scan and quarantine endpoints, and OTLP ingest (a key's traces land in its project). Runs the
 * modules `keel serve` runs.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { simOptionsSchema } from '../src/config/index.ts';
import { type SimServer, startSimServer } from '../src/providers/sim/index.ts';
import { otlpBody, randomIds } from './access-routes-otlp.ts';
import { bearer, call, type RoutesKeel, startRoutesKeel } from './access-routes-support.ts';
import { eventually } from './harness.ts';

const EXTRACTED = JSON.stringify({ sender: 'Ada' });

describe('requireKey on: /v1/models, guard and trace ingest need a virtual key', () => {
  let sim: SimServer;
  let k: RoutesKeel;

  before(async () => {
    sim = await startSimServer({ port: 0, options: simOptionsSchema.parse({}) });
    k = await startRoutesKeel({
      access: { requireKey: true },
      providers: {
        sim: { type: 'sim', sim: { outputTokens: 5 } },
        scripted: {
          type: 'openai',
          baseUrl: `${sim.url}/v1`,
          apiKey: 'sk-sim',
          headers: { 'x-sim-reply': Buffer.from(EXTRACTED).toString('base64') },
        },
      },
      models: {
        demo: { deployments: [{ provider: 'sim', model: 'sim-1' }] },
        other: { deployments: [{ provider: 'sim', model: 'sim-2' }] },
        reader: { deployments: [{ provider: 'scripted', model: 'sim-1' }] },
      },
      guard: {
        defaultPolicy: 'std',
        policies: { std: { input: [{ scanner: 'secrets', action: 'block' }] } },
      },
    });
  });
  after(async () => {
    await k?.keel.close();
    await sim?.close();
  });

  const models = async (headers: Record<string, string> = {}) => {
    const res = await call(`${k.keel.url}/v1/models`, { headers });
    const data = res.body.data as Array<{ id: string; object: string }> | undefined;
    return { ...res, ids: data?.map((m) => m.id).sort() };
  };
  const errorOf = (body: Record<string, unknown>) => body.error as { code: string; message: string };

  it('GET /v1/models: 401 without a key, with an unknown key, and with an admin token', async () => {
    const none = await models();
    assert.equal(none.status, 401);
    assert.equal(errorOf(none.body).code, 'unauthorized');
    assert.match(errorOf(none.body).message, /Missing API key/);
    const bad = 'sk-keel-NoSuchKey000000000000000000000000000000';
    const unknown = await models(bearer(bad));
    assert.equal(unknown.status, 401);
    assert.ok(!JSON.stringify(unknown.body).includes(bad), 'the key is not echoed');
    assert.equal((await models(bearer('sk-keel-admin-whatever'))).status, 401);
  });

  it('GET /v1/models: an unrestricted key lists every model; a restricted key only its allowed ones', async () => {
    const open = await k.newKey();
    assert.deepEqual((await models(bearer(open.secret))).ids, ['demo', 'other', 'reader']);
    const restricted = await k.newKey({ policy: { allowedModels: ['demo', 'not-configured'] } });
    const listed = await models({ 'x-api-key': restricted.secret });
    assert.equal(listed.status, 200);
    assert.deepEqual(listed.ids, ['demo'], 'configured ∩ allowed: no hidden or unknown names');
  });

  it('GET /v1/models: a revoked key is 401 at once', async () => {
    const key = await k.newKey();
    assert.equal((await models(bearer(key.secret))).status, 200);
    assert.equal((await k.admin('POST', `/api/keys/${key.id}/revoke`)).status, 200);
    const revoked = await models(bearer(key.secret));
    assert.equal(revoked.status, 401);
    assert.match(errorOf(revoked.body).message, /revoked/);
  });

  it('POST /v1/guard/scan: 401 without a key, 200 with one', async () => {
    const body = { text: 'my token is ghp_aB3dE5gH7jK9mN1pQ3sT5vX7zA9cE1gI2kM4' };
    const none = await call(`${k.keel.url}/v1/guard/scan`, { body });
    assert.equal(none.status, 401);
    assert.equal(errorOf(none.body).code, 'unauthorized');
    const bad = await call(`${k.keel.url}/v1/guard/scan`, { body, headers: bearer('sk-keel-typo') });
    assert.equal(bad.status, 401);
    const { secret } = await k.newKey();
    const ok = await call(`${k.keel.url}/v1/guard/scan`, { body, headers: bearer(secret) });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.action, 'block');
    // Authentication comes first: an invalid body without a key is 401, not 400.
    assert.equal((await call(`${k.keel.url}/v1/guard/scan`, { body: { nope: 1 } })).status, 401);
  });

  it('POST /v1/guard/quarantine: 401 without a key before any model call; with a key it runs in the key’s tenant', async () => {
    const body = {
      model: 'reader',
      content: 'Hi, Ada here.',
      schema: { type: 'object', properties: { sender: { type: 'string' } }, required: ['sender'] },
    };
    sim.resetStats();
    const none = await call(`${k.keel.url}/v1/guard/quarantine`, { body });
    assert.equal(none.status, 401);
    assert.equal(sim.stats().byPath['/v1/chat/completions'] ?? 0, 0, 'no model was called');
    const { secret } = await k.newKey();
    const ok = await call(`${k.keel.url}/v1/guard/quarantine`, { body, headers: bearer(secret) });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.deepEqual(ok.body.variables, { sender: 'Ada' });
    await eventually(async () => {
      const rows = await k.keel.store.requests.list({ limit: 50 });
      return rows.some((r) => r.tenant === k.projectId && r.model === 'reader');
    });
  });

  it('OTLP ingest: a virtual key’s traces land in its project; without one, ingest keeps its own rules', async () => {
    const { secret } = await k.newKey();
    const keyed = randomIds();
    const res = await call(`${k.keel.url}/v1/traces`, { body: otlpBody(keyed), headers: bearer(secret) });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const anonymous = randomIds();
    // No traces.otlpTokens configured: ingest stays open (its current behaviour) into 'default'.
    assert.equal((await call(`${k.keel.url}/v1/traces`, { body: otlpBody(anonymous) })).status, 200);
    const bad = await call(`${k.keel.url}/v1/traces`, {
      body: otlpBody(randomIds()),
      headers: bearer('sk-keel-typo'),
    });
    assert.equal(bad.status, 401, 'a presented sk-keel key is always checked');
    const tenantOf = async (traceId: string) =>
      eventually(async () => {
        const rows = await k.keel.store.sql.query<{ tenant: string }>(
          'SELECT tenant FROM trace_spans WHERE trace_id = ?',
          [traceId],
        );
        return rows[0]?.tenant;
      });
    assert.equal(await tenantOf(keyed.traceId), k.projectId);
    assert.equal(await tenantOf(anonymous.traceId), 'default');
  });
});
