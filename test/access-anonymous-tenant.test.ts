import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiClient } from './access-admin-support.ts';
import { call, type RoutesKeel, startRoutesKeel } from './access-routes-support.ts';
import { eventually } from './harness.ts';

/**
 * Keyless traffic lands in tenant `default`, which belongs to no project. An org owner's erasure
 * once answered 200 and deleted nothing there; the anonymous tenant now belongs to the only org
 * of a single-org instance (or to `access.anonymousTenantOrg`), and to nobody else.
 */

const USER = 'dave-anon-3';

async function anonymousRequest(k: RoutesKeel): Promise<void> {
  const res = await call(`${k.keel.url}/v1/chat/completions`, {
    headers: { 'x-keel-user': USER },
    body: { model: 'demo', messages: [{ role: 'user', content: 'hello' }] },
  });
  assert.equal(res.status, 200);
  await eventually(async () => {
    const rows = await k.keel.store.sql.query('SELECT 1 FROM traces WHERE tenant = ? AND user_id = ?', [
      'default',
      USER,
    ]);
    return rows.length > 0;
  });
}

async function orgToken(k: RoutesKeel, role: 'owner' | 'viewer', email: string, extra = {}): Promise<string> {
  const user = await k.admin('POST', '/api/users', { email, role, ...extra });
  assert.equal(user.status, 201, JSON.stringify(user.body));
  const token = await k.admin('POST', '/api/tokens', { userId: (user.body as { id: string }).id });
  return (token.body as { secret: string }).secret;
}

async function orgId(k: RoutesKeel, name: string): Promise<string> {
  const orgs = await k.admin('GET', '/api/orgs');
  const org = (orgs.body as { data: Array<{ id: string; name: string }> }).data.find((o) => o.name === name);
  assert.ok(org, `org ${name}`);
  return org.id;
}

const CONFIG = {
  providers: { sim: { type: 'sim' as const, sim: { outputTokens: 3 } } },
  models: { demo: { deployments: [{ provider: 'sim', model: 'sim-1' }] } },
};

describe('the anonymous tenant on a single-org instance', () => {
  let k: RoutesKeel;
  before(async () => {
    k = await startRoutesKeel(CONFIG);
  });
  after(() => k?.keel.close());

  it('an org-wide owner reads and erases keyless traffic; a team-scoped user does not see it', async () => {
    await anonymousRequest(k);
    const owner = await orgToken(k, 'owner', 'owner@acme.test');
    const teams = await k.admin('GET', '/api/teams');
    const teamId = ((teams.body as { data: Array<{ id: string }> }).data[0] as { id: string }).id;
    const viewer = await orgToken(k, 'viewer', 'viewer@acme.test', { teamId });
    const api = apiClient(k.keel.url);

    const seen = await api(owner, 'GET', `/api/traces?user=${USER}`);
    assert.equal(seen.status, 200);
    assert.equal((seen.body as { data: unknown[] }).data.length, 1);
    const hidden = await api(viewer, 'GET', `/api/traces?user=${USER}`);
    assert.deepEqual((hidden.body as { data: unknown[] }).data, []);

    const erased = await api(owner, 'DELETE', `/api/users/${USER}/data`);
    assert.equal(erased.status, 200);
    const body = erased.body as { tenants: string[]; deleted: { traces: number; requests: number } };
    assert.ok(body.tenants.includes('default'));
    assert.equal(body.deleted.traces, 1);
    assert.equal(body.deleted.requests, 1);
    const left = await k.keel.store.sql.query('SELECT 1 FROM traces WHERE user_id = ?', [USER]);
    assert.deepEqual(left, []);
  });

  it('with a second org and no setting, neither org sees it', async () => {
    await anonymousRequest(k);
    const beta = await k.admin('POST', '/api/orgs', { name: 'beta' });
    assert.equal(beta.status, 201);
    const owner = await orgToken(k, 'owner', 'owner2@acme.test', { orgId: await orgId(k, 'acme') });
    const betaOwner = await orgToken(k, 'owner', 'owner@beta.test', {
      orgId: (beta.body as { id: string }).id,
    });
    const api = apiClient(k.keel.url);
    for (const token of [owner, betaOwner]) {
      const res = await api(token, 'GET', `/api/traces?user=${USER}`);
      assert.deepEqual((res.body as { data: unknown[] }).data, []);
    }
    const erased = await api(owner, 'DELETE', `/api/users/${USER}/data?tenant=default`);
    assert.equal(erased.status, 404);
  });
});

describe('access.anonymousTenantOrg names the owner among several orgs', () => {
  let k: RoutesKeel;
  before(async () => {
    k = await startRoutesKeel({ ...CONFIG, access: { anonymousTenantOrg: 'beta' } });
  });
  after(() => k?.keel.close());

  it('only the named org sees keyless traffic', async () => {
    await anonymousRequest(k);
    const beta = await k.admin('POST', '/api/orgs', { name: 'beta' });
    const acmeOwner = await orgToken(k, 'owner', 'owner@acme.test', { orgId: await orgId(k, 'acme') });
    const betaOwner = await orgToken(k, 'owner', 'owner@beta.test', {
      orgId: (beta.body as { id: string }).id,
    });
    const api = apiClient(k.keel.url);
    const acme = await api(acmeOwner, 'GET', `/api/traces?user=${USER}`);
    assert.deepEqual((acme.body as { data: unknown[] }).data, []);
    const betaSees = await api(betaOwner, 'GET', `/api/traces?user=${USER}`);
    assert.equal((betaSees.body as { data: unknown[] }).data.length, 1);
  });
});
