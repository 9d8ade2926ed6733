import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Store } from '../../spec/index.ts';
import { createAdminAuthenticator } from './admin-auth.ts';
import type { AccessService } from './service.ts';
import {
  callerFor,
  INSTANCE_OWNER,
  type MemoryAudit,
  serviceBackends,
  serviceFixture,
  status,
} from './test-support.ts';

const BACKENDS = await serviceBackends('keel_access_svc');

for (const backend of BACKENDS)
  describe(`access service (${backend.name})`, { skip: backend.skip }, () => {
    let store: Store;
    let audit: MemoryAudit;
    let service: AccessService;
    let orgId: string;
    let teamA: string;
    let teamB: string;

    before(async () => {
      ({ store, audit, service } = await serviceFixture({ url: backend.url }));
      orgId = (await service.createOrg(INSTANCE_OWNER, { name: 'acme' })).id;
      teamA = (await service.createTeam(INSTANCE_OWNER, { name: 'team-a' })).id;
      teamB = (await service.createTeam(INSTANCE_OWNER, { name: 'team-b' })).id;
    });
    after(() => store.close());

    it('a key secret is returned once and stored only as its SHA-256', async () => {
      const { key, secret } = await service.createKey(INSTANCE_OWNER, { teamId: teamA, name: 'ci' });
      assert.match(secret, /^sk-keel-/);
      const rows = await store.sql.query('SELECT * FROM access_keys WHERE id = ?', [key.id]);
      assert.equal(rows.length, 1);
      const row = rows[0] as Record<string, unknown>;
      assert.equal(row.hash, createHash('sha256').update(secret).digest('hex'));
      for (const value of Object.values(row))
        assert.ok(!String(value).includes(secret.slice(8)), 'no column holds the secret');
      assert.equal(row.prefix, `${secret.slice(0, 14)}…`);
      const listed = JSON.stringify([
        await service.listKeys(INSTANCE_OWNER),
        await service.getKey(INSTANCE_OWNER, key.id),
      ]);
      assert.ok(!listed.includes(secret.slice(8)));
      assert.ok(!listed.includes(String(row.hash)));
      assert.ok(
        !JSON.stringify(audit.events).includes(secret.slice(8)),
        'the audit log never sees the secret',
      );
    });

    it('a key without a project goes in the team’s default project, created once', async () => {
      const a = await service.createKey(INSTANCE_OWNER, { teamId: teamA });
      const b = await service.createKey(INSTANCE_OWNER, { teamId: teamA });
      assert.equal(a.key.projectId, b.key.projectId);
      const projects = await service.listProjects(INSTANCE_OWNER, { teamId: teamA });
      assert.deepEqual(
        projects.map((p) => p.name),
        ['default'],
      );
    });

    it('key-level policy and budgets are created with the key and merged into its effective policy', async () => {
      await service.putPolicy(
        INSTANCE_OWNER,
        { scope: 'team', scopeId: teamA },
        { allowedModels: ['a', 'b'], rpm: 100 },
      );
      const { key } = await service.createKey(INSTANCE_OWNER, {
        teamId: teamA,
        policy: { allowedModels: ['b', 'c'], rpm: 5 },
        budgets: [{ amountUsd: 50, period: 'month', alertThresholds: [1, 0.5, 0.5] }],
      });
      const effective = await service.effectivePolicy(INSTANCE_OWNER, key.id);
      assert.deepEqual(effective.allowedModels, ['b']);
      assert.deepEqual(
        effective.limits.map((l) => [l.scope, l.rpm]),
        [
          ['key', 5],
          ['team', 100],
        ],
      );
      assert.deepEqual(effective.budgets[0]?.alertThresholds, [0.5, 1]);
      await service.deletePolicy(INSTANCE_OWNER, { scope: 'team', scopeId: teamA });
    });

    it('every write is audited with the caller as actor', async () => {
      const start = audit.events.length;
      const team = await service.createTeam(INSTANCE_OWNER, { name: 'audited' });
      const project = await service.createProject(INSTANCE_OWNER, { teamId: team.id, name: 'p1' });
      const { key } = await service.createKey(INSTANCE_OWNER, { teamId: team.id, projectId: project.id });
      await service.revokeKey(INSTANCE_OWNER, key.id);
      await service.revokeKey(INSTANCE_OWNER, key.id);
      const budget = await service.createBudget(INSTANCE_OWNER, {
        scope: 'project',
        scopeId: project.id,
        amountUsd: 1,
        period: 'day',
      });
      await service.updateBudget(INSTANCE_OWNER, budget.id, { amountUsd: 2 });
      await service.deleteBudget(INSTANCE_OWNER, budget.id);
      await service.deleteProject(INSTANCE_OWNER, project.id);
      await service.updateTeam(INSTANCE_OWNER, team.id, { name: 'renamed' });
      await service.deleteTeam(INSTANCE_OWNER, team.id);
      const events = audit.events.slice(start);
      assert.deepEqual(
        events.map((e) => e.action),
        [
          'team.create',
          'project.create',
          'key.create',
          'key.revoke',
          'budget.create',
          'budget.update',
          'budget.delete',
          'project.delete',
          'team.update',
          'team.delete',
        ],
      );
      assert.ok(events.every((e) => e.actor.kind === 'cli' && e.actor.id === 'test'));
      const revoke = events.find((e) => e.action === 'key.revoke');
      assert.ok(revoke);
      assert.equal((revoke.before as { status: string }).status, 'active');
      assert.equal((revoke.after as { status: string }).status, 'revoked');
    });

    it('deletes refuse things still in use (409)', async () => {
      const team = await service.createTeam(INSTANCE_OWNER, { name: 'busy' });
      const { key } = await service.createKey(INSTANCE_OWNER, { teamId: team.id });
      assert.equal(await status(() => service.deleteTeam(INSTANCE_OWNER, team.id)), 409);
      assert.equal(await status(() => service.deleteProject(INSTANCE_OWNER, key.projectId)), 409);
      assert.equal(await status(() => service.deleteOrg(INSTANCE_OWNER, orgId)), 409);
    });

    it('expiry must lie in the future; duplicate names conflict', async () => {
      assert.equal(
        await status(() =>
          service.createKey(INSTANCE_OWNER, { teamId: teamA, expiresAt: '2001-01-01T00:00:00Z' }),
        ),
        400,
      );
      assert.equal(await status(() => service.createTeam(INSTANCE_OWNER, { name: 'team-a' })), 409);
    });

    it('developers manage their own team’s keys (and key-level budgets) but nothing above', async () => {
      const dev = await service.createUser(INSTANCE_OWNER, {
        email: 'Dev@Example.com',
        role: 'developer',
        teamId: teamA,
      });
      assert.equal(dev.email, 'dev@example.com');
      const caller = callerFor(dev);
      const { key } = await service.createKey(caller, {
        teamId: teamA,
        budgets: [{ amountUsd: 3, period: 'day' }],
      });
      assert.equal(
        await status(() => service.putPolicy(caller, { scope: 'key', scopeId: key.id }, { rpm: 3 })),
        'ok',
      );
      assert.equal(
        await status(() => service.putPolicy(caller, { scope: 'team', scopeId: teamA }, { rpm: 3 })),
        403,
      );
      assert.equal(
        await status(() => service.createKey(caller, { teamId: teamB })),
        404,
        'other team: invisible',
      );
      const keys = await service.listKeys(caller);
      assert.ok(keys.length > 0 && keys.every((k) => k.teamId === teamA));
      assert.equal(await status(() => service.listKeys(caller, { teamId: teamB })), 404);
    });

    it('developers may tighten a key’s limits but not loosen or delete them; admins may', async () => {
      const dev = await service.createUser(INSTANCE_OWNER, {
        email: 'tightener@example.com',
        role: 'developer',
        teamId: teamA,
      });
      const caller = callerFor(dev);
      const admin = await service.createUser(INSTANCE_OWNER, { email: 'boss@example.com', role: 'admin' });
      const adminCaller = callerFor(admin);
      // An admin hands the developer a key with a $10 budget, 60 rpm and two models.
      const { key } = await service.createKey(adminCaller, {
        teamId: teamA,
        budgets: [{ amountUsd: 10, period: 'month', alertThresholds: [0.8] }],
        policy: { rpm: 60, allowedModels: ['sim-fast', 'sim-smart'] },
      });
      const ref = { scope: 'key', scopeId: key.id };
      const [budget] = await service.listBudgets(caller, ref);
      assert.ok(budget);
      // Loosening: higher amount, another period, new alert settings, a higher rpm, a wider or
      // dropped allow-list, deleting. All 403, and nothing changes.
      for (const change of [
        { amountUsd: 1000 },
        { period: 'day' },
        { alertWebhook: 'https://hooks.example.com/x' },
        { alertThresholds: [0.99] },
      ]) {
        assert.equal(
          await status(() => service.updateBudget(caller, budget.id, change)),
          403,
          JSON.stringify(change),
        );
      }
      assert.equal(await status(() => service.deleteBudget(caller, budget.id)), 403);
      // The refusal names what was refused.
      await assert.rejects(service.updateBudget(caller, budget.id, { period: 'day' }), /not change period/);
      for (const policy of [
        { rpm: 600, allowedModels: ['sim-fast'] },
        { rpm: 60, allowedModels: ['sim-fast', 'sim-smart', 'gpt-4o'] },
        { rpm: 60 },
        { allowedModels: ['sim-fast'] },
      ]) {
        assert.equal(await status(() => service.putPolicy(caller, ref, policy)), 403, JSON.stringify(policy));
      }
      assert.equal(await status(() => service.deletePolicy(caller, ref)), 403);
      assert.equal((await service.getBudget(caller, budget.id)).amountUsd, 10);
      assert.equal((await service.getPolicy(caller, ref)).rpm, 60);
      // Tightening is the developer's to do: a lower amount (same thresholds), a lower rpm, fewer models, a new limit.
      assert.equal(
        (await service.updateBudget(caller, budget.id, { amountUsd: 5, alertThresholds: [0.8] })).amountUsd,
        5,
      );
      const tighter = await service.putPolicy(caller, ref, {
        rpm: 30,
        tpm: 1000,
        allowedModels: ['sim-fast'],
      });
      assert.deepEqual([tighter.rpm, tighter.tpm, tighter.allowedModels], [30, 1000, ['sim-fast']]);
      // An admin may loosen and delete.
      assert.equal((await service.updateBudget(adminCaller, budget.id, { amountUsd: 50 })).amountUsd, 50);
      assert.equal(await status(() => service.deletePolicy(adminCaller, ref)), 'ok');
      assert.equal(await status(() => service.deleteBudget(adminCaller, budget.id)), 'ok');
    });

    it('admin tokens authenticate as their user (role and team scope) until revoked', async () => {
      const viewer = await service.createUser(INSTANCE_OWNER, {
        email: 'viewer@acme.test',
        role: 'viewer',
        teamId: teamA,
      });
      const { token, secret } = await service.createToken(INSTANCE_OWNER, {
        userId: viewer.id,
        name: 'laptop',
      });
      const authenticate = createAdminAuthenticator({ sql: store.sql });
      const caller = await authenticate({ authorization: `Bearer ${secret}` });
      assert.deepEqual(
        [caller.role, caller.orgId, caller.teamId, caller.userId],
        ['viewer', orgId, teamA, viewer.id],
      );
      assert.equal(
        (await service.listTokens(INSTANCE_OWNER, { userId: viewer.id }))[0]?.prefix,
        `${secret.slice(0, 20)}…`,
      );
      await service.revokeToken(INSTANCE_OWNER, token.id);
      assert.equal(await status(() => authenticate({ authorization: `Bearer ${secret}` })), 401);
    });

    it('admins cannot create owners; the last owner cannot be removed or demoted', async () => {
      const org = await service.createOrg(INSTANCE_OWNER, { name: 'solo' });
      const owner = await service.createUser(INSTANCE_OWNER, {
        email: 'owner@solo.test',
        role: 'owner',
        orgId: org.id,
      });
      const admin = await service.createUser(callerFor(owner), { email: 'admin@solo.test', role: 'admin' });
      assert.equal(
        await status(() => service.createUser(callerFor(admin), { email: 'x@solo.test', role: 'owner' })),
        403,
      );
      assert.equal(await status(() => service.deleteUser(callerFor(owner), owner.id)), 409);
      assert.equal(
        await status(() => service.updateUser(callerFor(owner), owner.id, { role: 'admin' })),
        409,
      );
      assert.equal(
        await status(() =>
          service.createUser(callerFor(owner), { email: 'o2@solo.test', role: 'owner', teamId: teamA }),
        ),
        404,
      );
    });
  });
