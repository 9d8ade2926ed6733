/**
 * The access module as `keel serve` would run it: the real hash-chained audit log (admin changes
 * and auth failure bursts land in it, readable at /api/audit by owners and admins only), the real
 * encrypted credential store behind /api/credentials, the OpenAPI document, and metrics.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { accessModule } from '../src/access/index.ts';
import type { RunningKeel } from '../src/gateway/start.ts';
import { type ApiResult, apiClient, BOOTSTRAP, SIM_CONFIG } from './access-admin-support.ts';
import { eventually, startTestKeel } from './harness.ts';

describe('access module wiring', () => {
  let keel: RunningKeel;
  let call: (token: string | undefined, method: string, path: string, body?: unknown) => Promise<ApiResult>;
  let viewerToken: string;

  before(async () => {
    process.env.KEEL_MASTER_KEY = randomBytes(32).toString('base64');
    keel = await startTestKeel(SIM_CONFIG, { modules: [accessModule({ bootstrapToken: BOOTSTRAP })] });
    call = apiClient(keel.url);
    await call(BOOTSTRAP, 'POST', '/api/orgs', { name: 'acme' });
    const team = (await call(BOOTSTRAP, 'POST', '/api/teams', { name: 'ml' })).body as { id: string };
    const user = (
      await call(BOOTSTRAP, 'POST', '/api/users', { email: 'v@acme.test', role: 'viewer', teamId: team.id })
    ).body as { id: string };
    viewerToken = (
      (await call(BOOTSTRAP, 'POST', '/api/tokens', { userId: user.id })).body as { secret: string }
    ).secret;
    await call(BOOTSTRAP, 'POST', '/api/keys', { teamId: team.id });
  });
  after(async () => {
    await keel.close();
    delete process.env.KEEL_MASTER_KEY;
  });

  it('admin changes are in the hash-chained audit log, with the actor, and the chain verifies', async () => {
    const audit = await call(BOOTSTRAP, 'GET', '/api/audit?limit=100');
    assert.equal(audit.status, 200);
    const actions = (audit.body as { data: Array<{ action: string; actor: { id: string } }> }).data.map(
      (e) => e.action,
    );
    for (const action of [
      'org.create',
      'team.create',
      'user.create',
      'token.create',
      'project.create',
      'key.create',
    ]) {
      assert.ok(actions.includes(action), `${action} in ${actions.join(', ')}`);
    }
    assert.ok(!JSON.stringify(audit.body).includes('sk-keel-'), 'no secret in the audit log');
    const verify = await call(BOOTSTRAP, 'GET', '/api/audit/verify');
    assert.equal((verify.body as { ok: boolean }).ok, true);
  });

  it('the audit log is for owners and admins: a viewer gets 403, a virtual key 401', async () => {
    assert.equal((await call(viewerToken, 'GET', '/api/audit')).status, 403);
    assert.equal((await call('sk-keel-whatever', 'GET', '/api/audit')).status, 401);
  });

  it('provider credentials go to the encrypted store and never come back', async () => {
    const put = await call(BOOTSTRAP, 'PUT', '/api/credentials/openai', {
      value: 'sk-upstream-PLAINTEXT-123',
    });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    const list = await call(BOOTSTRAP, 'GET', '/api/credentials');
    assert.deepEqual(
      (list.body as { data: Array<{ name: string }> }).data.map((c) => c.name),
      ['openai'],
    );
    assert.ok(!JSON.stringify(list.body).includes('PLAINTEXT'));
    const rows = await keel.store.sql.query('SELECT * FROM access_credentials');
    assert.ok(!JSON.stringify(rows).includes('PLAINTEXT'), 'stored encrypted');
    assert.equal((await call(BOOTSTRAP, 'DELETE', '/api/credentials/openai')).status, 204);
    assert.equal((await call(BOOTSTRAP, 'DELETE', '/api/credentials/openai')).status, 404);
  });

  it('serves the OpenAPI document, the same as docs/openapi.json, without a token', async () => {
    const served = await call(undefined, 'GET', '/api/openapi.json');
    assert.equal(served.status, 200);
    const file = JSON.parse(readFileSync(new URL('../docs/openapi.json', import.meta.url), 'utf8'));
    assert.deepEqual(served.body, file);
  });

  it('auth failures are counted in /metrics and a burst lands in the audit log', async () => {
    for (let i = 0; i < 20; i++) {
      await fetch(`${keel.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer sk-keel-guess' },
        body: JSON.stringify({ model: 'demo', messages: [{ role: 'user', content: 'x' }] }),
      });
    }
    const metrics = await (await fetch(`${keel.url}/metrics`)).text();
    assert.match(metrics, /keel_auth_failures_total\{surface="model",reason="invalid"\} 20/);
    const burst = await eventually(async () => {
      const audit = await call(BOOTSTRAP, 'GET', '/api/audit?action=auth.failure_burst');
      return (audit.body as { data: unknown[] }).data[0];
    });
    assert.equal((burst as { target: string }).target, 'ip:127.0.0.1');
  });
});
