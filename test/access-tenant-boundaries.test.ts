/**
 * Boundaries between organisations and between a key and the instance, on a real Keel with the real
 * hash-chained audit log: an org admin reads only their organisation's audit events and cannot
 * verify the whole chain; provider credentials are the instance owner's alone; a key's model
 * allow-list holds through the router's fallbacks; budget webhooks cannot point inside the network;
 * body-less actions accept `content-type: application/json` with no body.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { accessModule } from '../src/access/index.ts';
import type { RunningKeel } from '../src/gateway/start.ts';
import { apiClient, BOOTSTRAP, MemoryCredentials } from './access-admin-support.ts';
import { startTestKeel } from './harness.ts';

interface Entry {
  action: string;
  target: string;
  actor: { id: string; orgId?: string };
}

describe('tenant boundaries', () => {
  let keel: RunningKeel;
  let call: ReturnType<typeof apiClient>;
  const credentials = new MemoryCredentials();
  const ids: Record<string, string> = {};
  let acmeAdmin = '';
  let acmeOwner = '';
  let acmeDev = '';

  async function ok<T>(token: string, method: string, path: string, body?: unknown): Promise<T> {
    const result = await call(token, method, path, body);
    assert.ok(result.status < 300, `${method} ${path} → ${result.status} ${JSON.stringify(result.body)}`);
    return result.body as T;
  }

  async function tokenFor(orgId: string, email: string, role: string, teamId?: string): Promise<string> {
    const user = await ok<{ id: string }>(BOOTSTRAP, 'POST', '/api/users', {
      orgId,
      email,
      role,
      ...(teamId ? { teamId } : {}),
    });
    return (await ok<{ secret: string }>(BOOTSTRAP, 'POST', '/api/tokens', { userId: user.id })).secret;
  }

  before(async () => {
    keel = await startTestKeel(
      {
        providers: {
          sim: { type: 'sim', sim: { outputTokens: 5 } },
          simbad: { type: 'sim', sim: { errorRate: 1, errorStatus: 503 } },
        },
        models: {
          other: { deployments: [{ provider: 'sim', model: 'sim-2' }] },
          flaky: {
            deployments: [{ provider: 'simbad', model: 'sim-bad' }],
            fallbacks: ['other'],
            retries: { maxRetries: 0 },
          },
        },
        access: { requireKey: true },
      },
      { modules: [accessModule({ bootstrapToken: BOOTSTRAP, credentials })] },
    );
    call = apiClient(keel.url);
    for (const name of ['acme', 'beta']) {
      ids[name] = (await ok<{ id: string }>(BOOTSTRAP, 'POST', '/api/orgs', { name })).id;
      ids[`${name}-team`] = (
        await ok<{ id: string }>(BOOTSTRAP, 'POST', '/api/teams', { orgId: ids[name], name: 'web' })
      ).id;
    }
    acmeOwner = await tokenFor(ids.acme as string, 'owner@acme.test', 'owner');
    acmeAdmin = await tokenFor(ids.acme as string, 'admin@acme.test', 'admin');
    acmeDev = await tokenFor(ids.acme as string, 'dev@acme.test', 'developer', ids['acme-team']);
    // beta's own owner acts in beta; the bootstrap token acted in both above.
    const betaOwner = await tokenFor(ids.beta as string, 'owner@beta.test', 'owner');
    await ok(betaOwner, 'POST', '/api/users', { email: 'secret-hire@beta.test', role: 'viewer' });
    await ok(BOOTSTRAP, 'PUT', '/api/credentials/openai-prod', { value: 'sk-upstream-secret-value' });
  });
  after(() => keel.close());

  it("an org admin's audit log holds only their organisation's events", async () => {
    const all = (await ok<{ data: Entry[] }>(acmeAdmin, 'GET', '/api/audit?limit=1000')).data;
    assert.ok(all.length > 0, 'acme sees its own events');
    assert.ok(
      all.some((e) => e.action === 'user.create' && e.actor.id === 'bootstrap'),
      "the bootstrap token's changes inside acme are acme's",
    );
    for (const entry of all) assert.equal(entry.actor.orgId, ids.acme, JSON.stringify(entry));
    const users = (await ok<{ data: Entry[] }>(acmeAdmin, 'GET', '/api/audit?action=user.*')).data;
    assert.ok(!JSON.stringify(users).includes('beta.test'), 'no beta user in acme’s audit log');
    const orgs = (await ok<{ data: Entry[] }>(acmeAdmin, 'GET', '/api/audit?action=org.create')).data;
    assert.deepEqual(
      orgs.map((e) => e.target),
      [`org:${ids.acme}`],
    );
    // Instance-level events (credentials) belong to no organisation.
    const creds = (await ok<{ data: Entry[] }>(acmeOwner, 'GET', '/api/audit?action=credential.*')).data;
    assert.deepEqual(creds, []);
    // The instance owner sees everything.
    const everything = (await ok<{ data: Entry[] }>(BOOTSTRAP, 'GET', '/api/audit?action=user.*')).data;
    assert.ok(JSON.stringify(everything).includes('secret-hire@beta.test'));
  });

  it('verifying the whole chain is for instance-wide callers only', async () => {
    assert.equal((await call(acmeOwner, 'GET', '/api/audit/verify')).status, 403);
    const verified = await ok<{ ok: boolean }>(BOOTSTRAP, 'GET', '/api/audit/verify');
    assert.equal(verified.ok, true);
  });

  it("provider credentials are the instance owner's: an org owner may not list, replace or delete them", async () => {
    for (const token of [acmeOwner, acmeAdmin]) {
      assert.equal((await call(token, 'GET', '/api/credentials')).status, 403);
      assert.equal(
        (await call(token, 'PUT', '/api/credentials/openai-prod', { value: 'sk-mine' })).status,
        403,
      );
      assert.equal((await call(token, 'DELETE', '/api/credentials/openai-prod')).status, 403);
    }
    assert.equal(credentials.values.get('openai-prod')?.value, 'sk-upstream-secret-value');
    const listed = await ok<{ data: Array<{ name: string }> }>(BOOTSTRAP, 'GET', '/api/credentials');
    assert.deepEqual(
      listed.data.map((c) => c.name),
      ['openai-prod'],
    );
  });

  it("a fallback never serves a model outside the key's allowedModels", async () => {
    const created = await ok<{ secret: string }>(acmeDev, 'POST', '/api/keys', {
      teamId: ids['acme-team'],
      policy: { allowedModels: ['flaky'] },
    });
    const chat = (model: string) =>
      fetch(`${keel.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${created.secret}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
      });
    const response = await chat('flaky');
    const text = await response.text();
    assert.notEqual(response.headers.get('x-keel-model'), 'other');
    assert.equal(response.status >= 500, true, `the original upstream error, not a fallback: ${text}`);
    // An unrestricted key still falls back.
    const open = await ok<{ secret: string }>(acmeDev, 'POST', '/api/keys', { teamId: ids['acme-team'] });
    const fallback = await fetch(`${keel.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${open.secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'flaky', messages: [{ role: 'user', content: 'hi' }] }),
    });
    await fallback.text();
    assert.equal(fallback.status, 200);
    assert.equal(fallback.headers.get('x-keel-model'), 'other');
  });

  it('budget webhooks may not point at loopback, link-local or private addresses', async () => {
    for (const hook of [
      'http://127.0.0.1:9911/x',
      'http://169.254.169.254/latest',
      'http://[::1]/',
      'http://10.0.0.5/',
    ]) {
      const viaKey = await call(acmeDev, 'POST', '/api/keys', {
        teamId: ids['acme-team'],
        budgets: [{ amountUsd: 1, period: 'day', alertWebhook: hook }],
      });
      assert.equal(viaKey.status, 400, hook);
      assert.match(JSON.stringify(viaKey.body), /budgets\.0\.alertWebhook/);
      const viaBudget = await call(acmeAdmin, 'POST', '/api/budgets', {
        scope: 'team',
        scopeId: ids['acme-team'],
        amountUsd: 1,
        period: 'day',
        alertWebhook: hook,
      });
      assert.equal(viaBudget.status, 400, hook);
    }
    const fine = await call(acmeAdmin, 'POST', '/api/budgets', {
      scope: 'team',
      scopeId: ids['acme-team'],
      amountUsd: 1,
      period: 'day',
      alertWebhook: 'https://hooks.example.com/keel',
    });
    assert.equal(fine.status, 201);
    const id = (fine.body as { id: string }).id;
    const patched = await call(acmeAdmin, 'PATCH', `/api/budgets/${id}`, {
      alertWebhook: 'http://127.0.0.1/',
    });
    assert.equal(patched.status, 400);
  });

  it('messages name policies properly', async () => {
    const result = await call(acmeDev, 'PUT', `/api/policies/org/${ids.acme}`, { rpm: 5 });
    assert.equal(result.status, 403);
    assert.doesNotMatch(JSON.stringify(result.body), /policys/);
  });

  it('actions without a body accept content-type: application/json with an empty body', async () => {
    const key = await ok<{ key: { id: string } }>(acmeAdmin, 'POST', '/api/keys', {
      teamId: ids['acme-team'],
    });
    const project = await ok<{ id: string }>(acmeAdmin, 'POST', '/api/projects', {
      teamId: ids['acme-team'],
      name: 'empty-body',
    });
    for (const [method, path, status] of [
      ['POST', `/api/keys/${key.key.id}/revoke`, 200],
      ['DELETE', `/api/projects/${project.id}`, 204],
    ] as const) {
      const response = await fetch(`${keel.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${acmeAdmin}`, 'content-type': 'application/json' },
      });
      assert.equal(response.status, status, `${method} ${path}: ${await response.text()}`);
    }
  });
});
