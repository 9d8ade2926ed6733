/**
 * Bad input on every admin route → 400 with a message naming the problem: wrong types, unknown
 * fields (body and query), huge values, negative budgets, malformed ids, non-object and malformed
 * JSON bodies. Never a 500, never silently accepted.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ADMIN_ROUTES } from '../src/access/index.ts';
import type { RunningKeel } from '../src/gateway/start.ts';
import { type ApiResult, apiClient, BOOTSTRAP, startAccessKeel } from './access-admin-support.ts';

type Ids = Record<'orgId' | 'teamId' | 'projectId' | 'keyId' | 'userId' | 'tokenId' | 'budgetId', string>;

const HUGE = 'x'.repeat(100_000);

/** For each route with a body: a valid body and the bad variants (field → value) with the field the error must name. */
const BODIES: Record<
  string,
  { valid: (ids: Ids) => Record<string, unknown>; bad: Array<[string, unknown]> }
> = {
  createOrg: {
    valid: () => ({ name: 'neworg' }),
    bad: [
      ['name', 42],
      ['name', HUGE],
      ['name', '../etc'],
    ],
  },
  updateOrg: {
    valid: () => ({ name: 'renamed' }),
    bad: [
      ['name', null],
      ['name', HUGE],
    ],
  },
  createTeam: {
    valid: (ids) => ({ name: 't2', orgId: ids.orgId }),
    bad: [
      ['name', ['a']],
      ['orgId', HUGE],
      ['name', ''],
    ],
  },
  updateTeam: {
    valid: () => ({ name: 't3' }),
    bad: [
      ['name', true],
      ['name', HUGE],
    ],
  },
  createProject: {
    valid: (ids) => ({ name: 'p2', teamId: ids.teamId }),
    bad: [
      ['teamId', 7],
      ['name', HUGE],
    ],
  },
  updateProject: {
    valid: () => ({ name: 'p3' }),
    bad: [
      ['name', {}],
      ['name', HUGE],
    ],
  },
  createKey: {
    valid: (ids) => ({ teamId: ids.teamId }),
    bad: [
      ['teamId', 1],
      ['expiresAt', 'next tuesday'],
      ['expiresAt', '2001-01-01T00:00:00Z'],
      ['name', HUGE],
      ['policy', { rpm: -5 }],
      ['policy', { rpm: 1e18 }],
      ['policy', { allowedModels: Array.from({ length: 5000 }, (_, i) => `m${i}`) }],
      ['policy', { rpm: 5, bogus: true }],
      ['budgets', [{ amountUsd: -50, period: 'month' }]],
      ['budgets', [{ amountUsd: 50, period: 'fortnight' }]],
      ['budgets', 'lots'],
    ],
  },
  revokeKey: { valid: () => ({}), bad: [] },
  createUser: {
    valid: () => ({ email: 'new@x.test', role: 'viewer' }),
    bad: [
      ['email', 'not-an-email'],
      ['role', 'superuser'],
      ['email', `${HUGE}@x.test`],
      ['teamId', 5],
    ],
  },
  updateUser: {
    valid: () => ({ role: 'viewer' }),
    bad: [
      ['role', 'god'],
      ['teamId', 123],
    ],
  },
  createToken: {
    valid: (ids) => ({ userId: ids.userId }),
    bad: [
      ['userId', 9],
      ['expiresAt', 12345],
      ['name', HUGE],
    ],
  },
  revokeToken: { valid: () => ({}), bad: [] },
  putPolicy: {
    valid: () => ({ rpm: 10 }),
    bad: [
      ['rpm', 'ten'],
      ['rpm', 1.5],
      ['rpm', -1],
      ['tpm', 1e20],
      ['maxParallel', 0],
      ['allowedModels', 'gpt-4'],
      ['allowedRegions', [HUGE]],
    ],
  },
  createBudget: {
    valid: (ids) => ({ scope: 'team', scopeId: ids.teamId, amountUsd: 10, period: 'day' }),
    bad: [
      ['amountUsd', -10],
      ['amountUsd', 0],
      ['amountUsd', '10'],
      ['amountUsd', 1e15],
      ['period', 'hour'],
      ['scope', 'galaxy'],
      ['alertThresholds', [-0.5]],
      ['alertThresholds', Array.from({ length: 100 }, () => 0.5)],
      ['alertWebhook', 'ftp://example.com/hook'],
      ['alertWebhook', `https://example.com/${HUGE}`],
    ],
  },
  updateBudget: {
    valid: () => ({ amountUsd: 5 }),
    bad: [
      ['amountUsd', -1],
      ['period', 3],
      ['amountUsd', Number.MAX_VALUE],
    ],
  },
  putCredential: {
    valid: () => ({ value: 'sk-upstream' }),
    bad: [
      ['value', ''],
      ['value', 123],
      ['value', 'v'.repeat(20_000)],
    ],
  },
};

describe('admin API bad input', () => {
  let keel: RunningKeel;
  let call: (method: string, path: string, body?: unknown) => Promise<ApiResult>;
  let ids: Ids;

  const pathFor = (path: string) =>
    path.replace(/:([A-Za-z]+)/g, (_m, name: string) =>
      name === 'scope'
        ? 'team'
        : name === 'scopeId'
          ? ids.teamId
          : name === 'name'
            ? 'openai'
            : ids[name as keyof Ids],
    );

  const assert400 = (res: ApiResult, what: string, field?: string) => {
    assert.equal(res.status, 400, `${what} → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
    const error = (res.body as { error: { message: string; code: string } }).error;
    assert.ok(['invalid_request', 'invalid_json'].includes(error.code), what);
    assert.ok(error.message.length < 500, `${what}: the message stays short (${error.message.length} chars)`);
    if (field) assert.ok(error.message.includes(field), `${what}: '${error.message}' should name '${field}'`);
  };

  before(async () => {
    ({ keel } = await startAccessKeel());
    const api = apiClient(keel.url);
    call = (method, path, body) => api(BOOTSTRAP, method, path, body);
    const post = async (path: string, body: unknown) =>
      (await call('POST', path, body)).body as Record<string, unknown>;
    const orgId = (await post('/api/orgs', { name: 'acme' })).id as string;
    const teamId = (await post('/api/teams', { name: 'team' })).id as string;
    const projectId = (await post('/api/projects', { teamId, name: 'proj' })).id as string;
    const keyId = ((await post('/api/keys', { teamId })).key as { id: string }).id;
    const userId = (await post('/api/users', { email: 'u@x.test', role: 'viewer', teamId })).id as string;
    const tokenId = ((await post('/api/tokens', { userId })).token as { id: string }).id;
    const budgetId = (
      await post('/api/budgets', { scope: 'team', scopeId: teamId, amountUsd: 1, period: 'day' })
    ).id as string;
    ids = { orgId, teamId, projectId, keyId, userId, tokenId, budgetId };
  });
  after(() => keel.close());

  it('every route with a body has bad-body cases', () => {
    const withBody = ADMIN_ROUTES.filter((r) => r.body).map((r) => r.operationId);
    assert.deepEqual(
      withBody.filter((id) => !(id in BODIES)),
      [],
    );
  });

  for (const route of ADMIN_ROUTES) {
    const cases = BODIES[route.operationId];
    it(`${route.method} ${route.path}: unknown query and malformed ids are 400`, async () => {
      assert400(
        await call(route.method, `${pathFor(route.path)}?bogus=1`, cases?.valid(ids)),
        'unknown query field',
        'bogus',
      );
      if (route.params) {
        // Ids are at most 64 characters (credential names 128); Fastify itself answers 414 past 100.
        const bads = ['bad%20id', 'x%2Fy', ...(route.path.includes(':name') ? [] : ['a'.repeat(90)])];
        for (const bad of bads) {
          const path = route.path.replace(/:[A-Za-z]+/, bad);
          assert400(await call(route.method, pathFor(path), cases?.valid(ids)), `path ${bad.slice(0, 10)}`);
        }
      }
    });
    if (!cases) continue;
    it(`${route.method} ${route.path}: wrong types, unknown fields, huge and negative values are 400`, async () => {
      const path = pathFor(route.path);
      assert400(
        await call(route.method, path, { ...cases.valid(ids), bogusField: 1 }),
        'unknown body field',
        'bogusField',
      );
      assert400(await call(route.method, path, [cases.valid(ids)]), 'array body');
      assert400(await call(route.method, path, '"just a string"'), 'string body');
      assert400(await call(route.method, path, '{"name": '), 'malformed JSON');
      for (const [field, value] of cases.bad) {
        const res = await call(route.method, path, { ...cases.valid(ids), [field]: value });
        assert400(res, `${field}=${JSON.stringify(value).slice(0, 40)}`, field);
      }
    });
  }

  it('a negative budget says so plainly', async () => {
    const res = await call('POST', '/api/budgets', {
      scope: 'team',
      scopeId: ids.teamId,
      amountUsd: -5,
      period: 'month',
    });
    assert.equal(res.status, 400);
    assert.equal(
      (res.body as { error: { message: string } }).error.message,
      "Invalid value for 'amountUsd': must be greater than 0",
    );
  });

  it('nothing bad was stored', async () => {
    const budgets = (await call('GET', '/api/budgets')).body as { data: Array<{ amountUsd: number }> };
    assert.deepEqual(
      budgets.data.map((b) => b.amountUsd),
      [1],
    );
  });
});
