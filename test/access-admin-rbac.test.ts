/**
 * RBAC, route by route: every admin API route × every role → allowed or denied (table-driven; the
 * test fails if a route in the table has no row here). Plus cross-team reads → 404, and virtual
 * keys or no token → 401 on every route.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ADMIN_ROUTES } from '../src/access/index.ts';
import type { RunningKeel } from '../src/gateway/start.ts';
import { apiClient, BOOTSTRAP, startAccessKeel } from './access-admin-support.ts';

type Who = 'instance' | 'owner' | 'admin' | 'developer' | 'viewer';
const WHO: Who[] = ['instance', 'owner', 'admin', 'developer', 'viewer'];
const ADMINS: Who[] = ['instance', 'owner', 'admin'];
const KEY_WRITERS: Who[] = [...ADMINS, 'developer'];

interface World {
  orgId: string;
  teamA: string;
  teamB: string;
  projectA: string;
  projectB: string;
  keyA: string;
  keyB: string;
  budgetA: string;
  budgetB: string;
  viewerId: string;
  userB: string;
  tokens: Record<Who, string>;
}

type Req = { method: string; path: string; body?: unknown };
type Call = (
  token: string,
  method: string,
  path: string,
  body?: unknown,
) => Promise<{ status: number; body: unknown }>;
interface Case {
  allow: Who[];
  /** The request; `allowed` says whether this role should pass, so destructive cases can aim
   *  denied roles at something they can see (their own team) and allowed roles at a throwaway. */
  request(w: World, fresh: Fresh, allowed: boolean, who: Who): Promise<Req>;
  /** Expected status when allowed (default: the route's success status). */
  allowedStatus?: (who: Who) => number;
}

let n = 0;
const unique = (prefix: string) => `${prefix}-${++n}`;

/** Makes throwaway resources as the instance owner. */
class Fresh {
  readonly call: Call;
  readonly w: () => World;
  constructor(call: Call, w: () => World) {
    this.call = call;
    this.w = w;
  }
  async post(path: string, body: unknown): Promise<Record<string, unknown>> {
    const r = await this.call(BOOTSTRAP, 'POST', path, body);
    assert.ok(r.status < 300, `${path}: ${JSON.stringify(r.body)}`);
    return r.body as Record<string, unknown>;
  }
  team = async () =>
    (await this.post('/api/teams', { name: unique('t'), orgId: this.w().orgId })).id as string;
  project = async () =>
    (await this.post('/api/projects', { teamId: this.w().teamA, name: unique('p') })).id as string;
  key = async () => ((await this.post('/api/keys', { teamId: this.w().teamA })).key as { id: string }).id;
  user = async () =>
    (
      await this.post('/api/users', {
        email: `${unique('u')}@x.test`,
        role: 'viewer',
        teamId: this.w().teamA,
      })
    ).id as string;
  budget = async () =>
    (await this.post('/api/budgets', { scope: 'team', scopeId: this.w().teamA, amountUsd: 1, period: 'day' }))
      .id as string;
  token = async () =>
    ((await this.post('/api/tokens', { userId: await this.user() })).token as { id: string }).id;
}

const CASES: Record<string, Case> = {
  me: { allow: WHO, request: async () => ({ method: 'GET', path: '/api/me' }) },
  listOrgs: { allow: WHO, request: async () => ({ method: 'GET', path: '/api/orgs' }) },
  createOrg: {
    allow: ['instance'],
    request: async () => ({ method: 'POST', path: '/api/orgs', body: { name: unique('org') } }),
  },
  getOrg: { allow: WHO, request: async (w) => ({ method: 'GET', path: `/api/orgs/${w.orgId}` }) },
  updateOrg: {
    allow: ['instance', 'owner'],
    request: async (w) => ({ method: 'PATCH', path: `/api/orgs/${w.orgId}`, body: { name: unique('acme') } }),
  },
  deleteOrg: {
    allow: ['instance', 'owner'],
    // The org owner can only see their own organisation, which is not empty: RBAC passes, the guard answers 409.
    allowedStatus: (who) => (who === 'owner' ? 409 : 204),
    request: async (w, f, _allowed, who) => ({
      method: 'DELETE',
      path: `/api/orgs/${who === 'instance' ? (await f.post('/api/orgs', { name: unique('empty') })).id : w.orgId}`,
    }),
  },
  listTeams: { allow: WHO, request: async () => ({ method: 'GET', path: '/api/teams' }) },
  createTeam: {
    allow: ADMINS,
    request: async (w) => ({
      method: 'POST',
      path: '/api/teams',
      body: { name: unique('team'), orgId: w.orgId },
    }),
  },
  getTeam: { allow: WHO, request: async (w) => ({ method: 'GET', path: `/api/teams/${w.teamA}` }) },
  updateTeam: {
    allow: ADMINS,
    request: async (w, f, allowed) => ({
      method: 'PATCH',
      path: `/api/teams/${allowed ? await f.team() : w.teamA}`,
      body: { name: unique('tn') },
    }),
  },
  deleteTeam: {
    allow: ADMINS,
    request: async (w, f, allowed) => ({
      method: 'DELETE',
      path: `/api/teams/${allowed ? await f.team() : w.teamA}`,
    }),
  },
  listProjects: { allow: WHO, request: async () => ({ method: 'GET', path: '/api/projects' }) },
  createProject: {
    allow: ADMINS,
    request: async (w) => ({
      method: 'POST',
      path: '/api/projects',
      body: { teamId: w.teamA, name: unique('proj') },
    }),
  },
  getProject: { allow: WHO, request: async (w) => ({ method: 'GET', path: `/api/projects/${w.projectA}` }) },
  updateProject: {
    allow: ADMINS,
    request: async (_w, f) => ({
      method: 'PATCH',
      path: `/api/projects/${await f.project()}`,
      body: { name: unique('pn') },
    }),
  },
  deleteProject: {
    allow: ADMINS,
    request: async (_w, f) => ({ method: 'DELETE', path: `/api/projects/${await f.project()}` }),
  },
  listKeys: { allow: WHO, request: async () => ({ method: 'GET', path: '/api/keys' }) },
  createKey: {
    allow: KEY_WRITERS,
    request: async (w) => ({ method: 'POST', path: '/api/keys', body: { teamId: w.teamA } }),
  },
  getKey: { allow: WHO, request: async (w) => ({ method: 'GET', path: `/api/keys/${w.keyA}` }) },
  revokeKey: {
    allow: KEY_WRITERS,
    request: async (_w, f) => ({ method: 'POST', path: `/api/keys/${await f.key()}/revoke` }),
  },
  getEffectivePolicy: {
    allow: WHO,
    request: async (w) => ({ method: 'GET', path: `/api/keys/${w.keyA}/policy` }),
  },
  listUsers: { allow: WHO, request: async () => ({ method: 'GET', path: '/api/users' }) },
  createUser: {
    allow: ADMINS,
    request: async (w) => ({
      method: 'POST',
      path: '/api/users',
      body: { email: `${unique('new')}@x.test`, role: 'developer', teamId: w.teamA, orgId: w.orgId },
    }),
  },
  getUser: { allow: WHO, request: async (w) => ({ method: 'GET', path: `/api/users/${w.viewerId}` }) },
  updateUser: {
    allow: ADMINS,
    request: async (_w, f) => ({
      method: 'PATCH',
      path: `/api/users/${await f.user()}`,
      body: { role: 'developer' },
    }),
  },
  deleteUser: {
    allow: ADMINS,
    request: async (_w, f) => ({ method: 'DELETE', path: `/api/users/${await f.user()}` }),
  },
  listTokens: { allow: ADMINS, request: async () => ({ method: 'GET', path: '/api/tokens' }) },
  createToken: {
    allow: ADMINS,
    request: async (_w, f) => ({ method: 'POST', path: '/api/tokens', body: { userId: await f.user() } }),
  },
  revokeToken: {
    allow: ADMINS,
    request: async (_w, f) => ({ method: 'POST', path: `/api/tokens/${await f.token()}/revoke` }),
  },
  getPolicy: { allow: WHO, request: async (w) => ({ method: 'GET', path: `/api/policies/team/${w.teamA}` }) },
  putPolicy: {
    allow: ADMINS,
    request: async (w) => ({ method: 'PUT', path: `/api/policies/team/${w.teamA}`, body: { rpm: 1000 } }),
  },
  'putPolicy (key scope)': {
    allow: KEY_WRITERS,
    request: async (w) => ({ method: 'PUT', path: `/api/policies/key/${w.keyA}`, body: { rpm: 100 } }),
  },
  deletePolicy: {
    allow: ADMINS,
    request: async (w) => ({ method: 'DELETE', path: `/api/policies/project/${w.projectA}` }),
  },
  listBudgets: { allow: WHO, request: async () => ({ method: 'GET', path: '/api/budgets' }) },
  createBudget: {
    allow: ADMINS,
    request: async (w) => ({
      method: 'POST',
      path: '/api/budgets',
      body: { scope: 'team', scopeId: w.teamA, amountUsd: 10, period: 'week' },
    }),
  },
  'createBudget (key scope)': {
    allow: KEY_WRITERS,
    request: async (w) => ({
      method: 'POST',
      path: '/api/budgets',
      body: { scope: 'key', scopeId: w.keyA, amountUsd: 1, period: 'total' },
    }),
  },
  getBudget: { allow: WHO, request: async (w) => ({ method: 'GET', path: `/api/budgets/${w.budgetA}` }) },
  updateBudget: {
    allow: ADMINS,
    request: async (w) => ({ method: 'PATCH', path: `/api/budgets/${w.budgetA}`, body: { amountUsd: 20 } }),
  },
  deleteBudget: {
    allow: ADMINS,
    request: async (_w, f) => ({ method: 'DELETE', path: `/api/budgets/${await f.budget()}` }),
  },
  // Credentials serve every organisation: an organisation's owners and admins may not touch them.
  listCredentials: {
    allow: ['instance'],
    request: async () => ({ method: 'GET', path: '/api/credentials' }),
  },
  putCredential: {
    allow: ['instance'],
    request: async () => ({
      method: 'PUT',
      path: `/api/credentials/${unique('openai')}`,
      body: { value: 'sk-upstream-secret' },
    }),
  },
  deleteCredential: {
    allow: ['instance'],
    request: async () => ({ method: 'DELETE', path: '/api/credentials/to-delete' }),
  },
};

describe('admin API RBAC', () => {
  let keel: RunningKeel;
  let call: Call;
  let world: World;
  let fresh: Fresh;
  let virtualKey: string;

  before(async () => {
    const started = await startAccessKeel();
    keel = started.keel;
    await started.credentials.put('to-delete', 'x', { kind: 'system', id: 'test' });
    const api = apiClient(keel.url);
    call = (token, method, path, body) => api(token, method, path, body);
    fresh = new Fresh(call, () => world);
    const post = (path: string, body: unknown) => fresh.post(path, body);
    const orgId = (await post('/api/orgs', { name: 'acme' })).id as string;
    const teamA = (await post('/api/teams', { name: 'team-a' })).id as string;
    const teamB = (await post('/api/teams', { name: 'team-b' })).id as string;
    const projectA = (await post('/api/projects', { teamId: teamA, name: 'pa' })).id as string;
    const projectB = (await post('/api/projects', { teamId: teamB, name: 'pb' })).id as string;
    const keyA = await post('/api/keys', { teamId: teamA, projectId: projectA });
    const keyB = await post('/api/keys', { teamId: teamB, projectId: projectB });
    virtualKey = keyA.secret as string;
    const budgetA = (
      await post('/api/budgets', { scope: 'team', scopeId: teamA, amountUsd: 5, period: 'month' })
    ).id as string;
    const budgetB = (
      await post('/api/budgets', { scope: 'team', scopeId: teamB, amountUsd: 5, period: 'month' })
    ).id as string;
    const tokens = { instance: BOOTSTRAP } as Record<Who, string>;
    const ids: Record<string, string> = {};
    for (const [role, teamId] of [
      ['owner', null],
      ['admin', null],
      ['developer', teamA],
      ['viewer', teamA],
    ] as const) {
      const user = await post('/api/users', { email: `${role}@acme.test`, role, teamId });
      ids[role] = user.id as string;
      tokens[role] = (await post('/api/tokens', { userId: user.id })).secret as string;
    }
    const userB = (await post('/api/users', { email: 'b@acme.test', role: 'viewer', teamId: teamB }))
      .id as string;
    world = {
      orgId,
      teamA,
      teamB,
      projectA,
      projectB,
      keyA: (keyA.key as { id: string }).id,
      keyB: (keyB.key as { id: string }).id,
      budgetA,
      budgetB,
      viewerId: ids.viewer as string,
      userB,
      tokens,
    };
  });
  after(() => keel.close());

  it('every route in the route table has a row in the RBAC table', () => {
    const covered = new Set(Object.keys(CASES).map((name) => name.split(' ')[0]));
    const missing = ADMIN_ROUTES.map((r) => r.operationId).filter((id) => !covered.has(id));
    assert.deepEqual(missing, []);
  });

  for (const [name, c] of Object.entries(CASES)) {
    it(`${name}: ${c.allow.join(', ')} allowed; others 403`, async () => {
      const operationId = name.split(' ')[0];
      const route = ADMIN_ROUTES.find((r) => r.operationId === operationId);
      assert.ok(route, operationId);
      // Denied first: the allowed calls may delete what the denied ones aim at.
      const order = [...WHO].sort((a, b) => Number(c.allow.includes(a)) - Number(c.allow.includes(b)));
      for (const who of order) {
        const allowed = c.allow.includes(who);
        const req = await c.request(world, fresh, allowed, who);
        const res = await call(world.tokens[who], req.method, req.path, req.body);
        const expected: number = allowed ? (c.allowedStatus?.(who) ?? route.status) : 403;
        assert.equal(res.status, expected, `${who} ${req.method} ${req.path} → ${JSON.stringify(res.body)}`);
      }
    });
  }

  it('team-scoped users never see other teams: cross-team reads are 404, lists hold only their team', async () => {
    for (const who of ['developer', 'viewer'] as const) {
      const token = world.tokens[who];
      for (const path of [
        `/api/teams/${world.teamB}`,
        `/api/projects/${world.projectB}`,
        `/api/keys/${world.keyB}`,
        `/api/keys/${world.keyB}/policy`,
        `/api/policies/team/${world.teamB}`,
        `/api/policies/key/${world.keyB}`,
        `/api/budgets/${world.budgetB}`,
        `/api/users/${world.userB}`,
        `/api/keys?teamId=${world.teamB}`,
        `/api/projects?teamId=${world.teamB}`,
        `/api/users?teamId=${world.teamB}`,
        `/api/budgets?scope=team&scopeId=${world.teamB}`,
      ]) {
        const res = await call(token, 'GET', path);
        assert.equal(res.status, 404, `${who} GET ${path}`);
        assert.ok(!JSON.stringify(res.body).includes('team-b'), 'a 404 does not describe the resource');
      }
      // Writes aimed at another team are 404 as well (not 403, which would confirm it exists).
      assert.equal((await call(token, 'POST', `/api/keys/${world.keyB}/revoke`)).status, 404);
      assert.equal((await call(token, 'POST', '/api/keys', { teamId: world.teamB })).status, 404);
      const teams = (await call(token, 'GET', '/api/teams')).body as { data: Array<{ id: string }> };
      assert.deepEqual(
        teams.data.map((t) => t.id),
        [world.teamA],
      );
      for (const path of ['/api/projects', '/api/keys', '/api/users', '/api/budgets']) {
        const rows = ((await call(token, 'GET', path)).body as { data: Array<{ teamId: string | null }> })
          .data;
        assert.ok(rows.length > 0, path);
        // Budgets may also be organisation-level (teamId null): those apply to every team.
        for (const row of rows)
          assert.ok(
            row.teamId === world.teamA || (path === '/api/budgets' && row.teamId === null),
            `${who} ${path}: ${JSON.stringify(row)}`,
          );
      }
    }
  });

  it('a virtual key, no token or a bad token is 401 on every route', async () => {
    for (const route of ADMIN_ROUTES) {
      const path = route.path.replace(/:[A-Za-z]+/g, (m) => (m === ':scope' ? 'team' : world.teamA));
      for (const token of [virtualKey, undefined, 'sk-keel-admin-not-a-real-token']) {
        const res = await call(
          token as string,
          route.method,
          path,
          route.method === 'GET' || route.method === 'DELETE' ? undefined : {},
        );
        assert.equal(res.status, 401, `${route.method} ${path} with ${token?.slice(0, 14) ?? 'no token'}`);
        const text = JSON.stringify(res.body);
        if (token) assert.ok(!text.includes(token), 'the token is never echoed');
      }
    }
    const me = await call(virtualKey, 'GET', '/api/me');
    assert.match(
      (me.body as { error: { message: string } }).error.message,
      /Virtual keys cannot call the admin API/,
    );
  });

  it('a revoked admin token stops working at once', async () => {
    const created = await fresh.post('/api/tokens', { userId: world.viewerId });
    const secret = created.secret as string;
    assert.equal((await call(secret, 'GET', '/api/me')).status, 200);
    await fresh.post(`/api/tokens/${(created.token as { id: string }).id}/revoke`, undefined);
    assert.equal((await call(secret, 'GET', '/api/me')).status, 401);
  });
});
