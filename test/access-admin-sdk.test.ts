/**
 * Virtual keys with the real SDKs: the `openai` SDK (Authorization: Bearer) and the Anthropic SDK
 * (x-api-key) work with a valid key and get their SDK's AuthenticationError for a bad one; expiry,
 * revocation, model allow-lists, requireKey (hot-reloaded) and tenant isolation in records.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import type { MemoryAudit } from '../src/access/admin/test-support.ts';
import type { RunningKeel } from '../src/gateway/start.ts';
import { type ApiResult, apiClient, BOOTSTRAP, startAccessKeel } from './access-admin-support.ts';
import { eventually } from './harness.ts';

describe('virtual keys with the real SDKs', () => {
  let keel: RunningKeel;
  let audit: MemoryAudit;
  let admin: (method: string, path: string, body?: unknown) => Promise<ApiResult>;
  let teamId: string;
  let projectId: string;

  const newKey = async (body: Record<string, unknown> = {}) => {
    const res = await admin('POST', '/api/keys', { teamId, projectId, ...body });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body as { key: { id: string }; secret: string };
  };
  const openai = (apiKey: string) => new OpenAI({ baseURL: `${keel.url}/v1`, apiKey, maxRetries: 0 });
  const chat = (client: OpenAI, model = 'demo') =>
    client.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }], max_tokens: 4 });

  before(async () => {
    ({ keel, audit } = await startAccessKeel());
    const api = apiClient(keel.url);
    admin = (method, path, body) => api(BOOTSTRAP, method, path, body);
    await admin('POST', '/api/orgs', { name: 'acme' });
    teamId = ((await admin('POST', '/api/teams', { name: 'ml' })).body as { id: string }).id;
    projectId = ((await admin('POST', '/api/projects', { teamId, name: 'chatbot' })).body as { id: string })
      .id;
  });
  after(() => keel.close());

  it('openai SDK: a virtual key works; its requests are recorded under the key’s project', async () => {
    const { secret } = await newKey();
    const completion = await chat(openai(secret));
    assert.equal(completion.object, 'chat.completion');
    const records = await eventually(async () => {
      const rows = await keel.store.requests.list({ limit: 50 });
      return rows.some((r) => r.tenant === projectId) ? rows : undefined;
    });
    assert.ok(records.some((r) => r.tenant === projectId && r.status === 200));
  });

  it('openai SDK: a bad key is an AuthenticationError (401) that does not echo the key', async () => {
    const bad = 'sk-keel-ThisKeyDoesNotExist0000000000000000000';
    await assert.rejects(chat(openai(bad)), (error: unknown) => {
      assert.ok(error instanceof OpenAI.AuthenticationError, String(error));
      assert.equal(error.status, 401);
      assert.ok(!JSON.stringify(error.error).includes(bad));
      return true;
    });
  });

  it('openai SDK: a model outside the key’s allow-list is PermissionDenied (403) naming the model', async () => {
    const { secret } = await newKey({ policy: { allowedModels: ['demo'] } });
    await chat(openai(secret), 'demo');
    await assert.rejects(chat(openai(secret), 'other'), (error: unknown) => {
      assert.ok(error instanceof OpenAI.PermissionDeniedError, String(error));
      assert.match(error.message, /'other' is not allowed/);
      return true;
    });
  });

  it('anthropic SDK: x-api-key with a virtual key works; a bad one is an AuthenticationError', async () => {
    const { secret } = await newKey();
    const client = new Anthropic({ baseURL: keel.url, apiKey: secret, maxRetries: 0 });
    const message = await client.messages.create({
      model: 'demo',
      max_tokens: 4,
      messages: [{ role: 'user', content: 'hi' }],
    });
    assert.equal(message.type, 'message');
    const bad = new Anthropic({ baseURL: keel.url, apiKey: 'sk-keel-nope', maxRetries: 0 });
    await assert.rejects(
      bad.messages.create({ model: 'demo', max_tokens: 4, messages: [{ role: 'user', content: 'hi' }] }),
      (error: unknown) => error instanceof Anthropic.AuthenticationError && error.status === 401,
    );
  });

  it('revocation takes effect on the next request', async () => {
    const { key, secret } = await newKey();
    const client = openai(secret);
    await chat(client);
    const res = await admin('POST', `/api/keys/${key.id}/revoke`);
    assert.equal(res.status, 200);
    assert.equal((res.body as { status: string }).status, 'revoked');
    await assert.rejects(
      chat(client),
      (error: unknown) => error instanceof OpenAI.AuthenticationError && /revoked/.test(error.message),
    );
  });

  it('an expired key is refused', async () => {
    const { key, secret } = await newKey({ expiresAt: new Date(Date.now() + 2000).toISOString() });
    const client = openai(secret);
    await chat(client);
    await eventually(async () => {
      try {
        await chat(client);
        return false;
      } catch (error) {
        return error instanceof OpenAI.AuthenticationError && /expired/.test(error.message);
      }
    }, 15_000);
    const listed = (await admin('GET', `/api/keys/${key.id}`)).body as { status: string };
    assert.equal(listed.status, 'expired');
  });

  it('requireKey: off lets keyless requests run as tenant default; turning it on (hot reload) refuses them', async () => {
    const anonymous = openai('unused-for-now');
    await chat(anonymous);
    const rows = await eventually(async () =>
      (await keel.store.requests.list({ limit: 100 })).filter((r) => r.tenant === 'default'),
    );
    assert.ok(rows.length > 0);
    const config = keel.deps.runtime().config;
    await keel.reload({ ...config, access: { ...config.access, requireKey: true } });
    try {
      await assert.rejects(chat(anonymous), (error: unknown) => error instanceof OpenAI.AuthenticationError);
      const { secret } = await newKey();
      await chat(openai(secret));
    } finally {
      await keel.reload({ ...config, access: { ...config.access, requireKey: false } });
    }
  });

  it('the key’s policy reaches enforcement (auth runs first, then limits): rpm 2 → the third request is 429', async () => {
    const { secret } = await newKey({ policy: { rpm: 2 } });
    const client = openai(secret);
    await chat(client);
    await chat(client);
    await assert.rejects(chat(client), (error: unknown) => error instanceof OpenAI.RateLimitError);
  });

  it('a burst of bad keys from one address is an audit event, once', async () => {
    const client = openai('sk-keel-guess');
    for (let i = 0; i < 25; i++) await chat(client).catch(() => undefined);
    const bursts = audit.events.filter((e) => e.action === 'auth.failure_burst');
    assert.equal(bursts.length, 1);
    assert.equal(bursts[0]?.target, 'ip:127.0.0.1');
    assert.equal(bursts[0]?.meta?.failures, 20);
    assert.ok(!JSON.stringify(bursts).includes('sk-keel-guess'));
  });
});
