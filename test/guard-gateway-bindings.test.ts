/**
 * Guard policy bindings with the real access module: `keys` and `teams` match the principal's ids
 * and also its key and team names (the team name is loaded with the key, no query per request),
 * and a renamed team stops matching its old name at once.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { accessModule } from '../src/access/index.ts';
import type { RunningKeel } from '../src/gateway/start.ts';
import { guardModule } from '../src/guard/index.ts';
import { type ApiResult, apiClient, BOOTSTRAP, SIM_CONFIG } from './access-admin-support.ts';
import { eventually, startTestKeel } from './harness.ts';

const screen = { input: [{ scanner: 'secrets', action: 'block' as const }] };

describe('guard module: bindings by key and team name (real access module)', () => {
  let keel: RunningKeel;
  let call: (token: string | undefined, method: string, path: string, body?: unknown) => Promise<ApiResult>;
  const keys: Record<string, string> = {};
  let financeTeam = '';

  before(async () => {
    keel = await startTestKeel(
      {
        ...SIM_CONFIG,
        guard: {
          defaultPolicy: 'standard',
          // Same steps everywhere: the record's guardPolicy says which one was chosen.
          policies: { standard: screen, strict: screen, open: screen },
          bindings: [
            { policy: 'open', keys: ['ci-runner'] },
            { policy: 'strict', teams: ['finance'] },
          ],
        },
      },
      { modules: [accessModule({ bootstrapToken: BOOTSTRAP }), guardModule()] },
    );
    call = apiClient(keel.url);
    await call(BOOTSTRAP, 'POST', '/api/orgs', { name: 'acme' });
    const team = async (name: string) =>
      ((await call(BOOTSTRAP, 'POST', '/api/teams', { name })).body as { id: string }).id;
    const key = async (teamId: string, name: string) =>
      ((await call(BOOTSTRAP, 'POST', '/api/keys', { teamId, name })).body as { secret: string }).secret;
    financeTeam = await team('finance');
    const eng = await team('eng');
    keys.finance = await key(financeTeam, 'reports');
    keys.ci = await key(eng, 'ci-runner');
    keys.eng = await key(eng, 'laptop');
  });
  after(async () => {
    await keel.close();
  });

  const policyOf = async (key: string | undefined): Promise<unknown> => {
    const res = await fetch(`${keel.url}/v1/chat/completions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(key ? { authorization: `Bearer ${key}` } : {}),
      },
      body: JSON.stringify({ model: 'demo', messages: [{ role: 'user', content: 'hi' }] }),
    });
    assert.equal(res.status, 200, await res.clone().text());
    const id = res.headers.get('x-keel-request-id') ?? '';
    const record = await eventually(() => keel.store.requests.get(id));
    return record.metadata.guardPolicy;
  };

  it('a team binding by name applies to the team’s keys; a key binding by name to that key', async () => {
    assert.equal(await policyOf(keys.finance), 'strict');
    assert.equal(await policyOf(keys.ci), 'open');
    assert.equal(await policyOf(keys.eng), 'standard');
    assert.equal(await policyOf(undefined), 'standard');
  });

  it('a renamed team stops matching its old name without waiting for the key cache', async () => {
    assert.equal(await policyOf(keys.finance), 'strict');
    const renamed = await call(BOOTSTRAP, 'PATCH', `/api/teams/${financeTeam}`, { name: 'treasury' });
    assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
    // Well within the key cache's 5 s TTL: the rename's change notice refreshes cached keys.
    await eventually(async () => (await policyOf(keys.finance)) === 'standard', 500);
  });
});
