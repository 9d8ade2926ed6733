import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isKeelError } from '../../errors/index.ts';
import type { Store } from '../../spec/index.ts';
import { type AccessService, createAccessService } from './service.ts';
import {
  callerFor,
  INSTANCE_OWNER,
  type MemoryAudit,
  type MemoryNotifier,
  refusal,
  serviceBackends,
  serviceFixture,
} from './test-support.ts';

/**
 * The audit trail around refusals and no-ops (split from service.test.ts): a 403 is recorded as
 * `<action>.denied`, a 404 is not, and updates that change nothing record no event.
 */

const BACKENDS = await serviceBackends('keel_access_audit');

for (const backend of BACKENDS)
  describe(`access service audit (${backend.name})`, { skip: backend.skip }, () => {
    let store: Store;
    let audit: MemoryAudit;
    let notices: MemoryNotifier;
    let service: AccessService;
    let orgId: string;
    let teamA: string;
    let _teamB: string;

    before(async () => {
      ({ store, audit, notices, service } = await serviceFixture({ url: backend.url }));
      orgId = (await service.createOrg(INSTANCE_OWNER, { name: 'acme' })).id;
      teamA = (await service.createTeam(INSTANCE_OWNER, { name: 'team-a' })).id;
      _teamB = (await service.createTeam(INSTANCE_OWNER, { name: 'team-b' })).id;
    });
    after(() => store.close());

    it('a refused change is audited once as denied, with the reason, and changes nothing', async () => {
      const dev = await service.createUser(INSTANCE_OWNER, {
        email: 'denied@acme.test',
        role: 'developer',
        teamId: teamA,
      });
      const caller = callerFor(dev);
      const { key } = await service.createKey(INSTANCE_OWNER, {
        teamId: teamA,
        budgets: [{ amountUsd: 10, period: 'month' }],
        policy: { rpm: 60 },
      });
      const ref = { scope: 'key', scopeId: key.id };
      const [budget] = await service.listBudgets(INSTANCE_OWNER, ref);
      assert.ok(budget);

      const raise = await refusal(audit, () => service.updateBudget(caller, budget.id, { amountUsd: 1000 }));
      assert.equal(raise.status, 403);
      assert.equal(raise.events.length, 1);
      const [denied] = raise.events;
      assert.equal(denied?.action, 'budget.update.denied');
      assert.equal(denied?.target, `budget:${budget.id}`);
      assert.deepEqual(denied?.actor, { kind: 'user', id: dev.id, orgId });
      assert.equal(denied?.meta?.reason, raise.message);
      assert.match(raise.message, /may only lower a key's budget amount/);
      assert.equal(denied?.after, undefined, 'the refused body is not recorded');
      assert.equal((await service.getBudget(INSTANCE_OWNER, budget.id)).amountUsd, 10);

      const drop = await refusal(audit, () => service.deletePolicy(caller, ref));
      assert.equal(drop.status, 403);
      assert.deepEqual(
        drop.events.map((e) => [e.action, e.target, e.actor.orgId, e.meta?.reason]),
        [['policy.delete.denied', `policy:key:${key.id}`, orgId, drop.message]],
      );
      assert.match(drop.message, /may not delete a key's policy/);
      assert.equal((await service.getPolicy(INSTANCE_OWNER, ref)).rpm, 60);

      // Refused reads are not audited; neither are failures other than 403.
      assert.deepEqual((await refusal(audit, () => service.listCredentials(caller))).events, []);
      const invalid = await refusal(audit, () => service.updateBudget(caller, budget.id, { amountUsd: -1 }));
      assert.deepEqual([invalid.status, invalid.events], [400, []]);
    });

    it('a failing audit sink does not change the 403 the caller gets', async () => {
      const dev = await service.createUser(INSTANCE_OWNER, {
        email: 'unlogged@acme.test',
        role: 'developer',
        teamId: teamA,
      });
      const { key } = await service.createKey(INSTANCE_OWNER, {
        teamId: teamA,
        budgets: [{ amountUsd: 10, period: 'month' }],
      });
      const [budget] = await service.listBudgets(INSTANCE_OWNER, { scope: 'key', scopeId: key.id });
      assert.ok(budget);
      const broken = createAccessService({
        sql: store.sql,
        audit: {
          record: async () => {
            throw new Error('audit store down');
          },
        },
      });
      await assert.rejects(broken.updateBudget(callerFor(dev), budget.id, { amountUsd: 1000 }), (error) => {
        assert.ok(isKeelError(error));
        assert.equal(error.status, 403);
        assert.match(error.message, /may only lower/);
        return true;
      });
    });

    it('updates that change nothing record no event and publish no notice; real ones do', async () => {
      const team = await service.createTeam(INSTANCE_OWNER, { name: 'steady', orgId });
      const budget = await service.createBudget(INSTANCE_OWNER, {
        scope: 'team',
        scopeId: team.id,
        amountUsd: 5,
        period: 'day',
      });
      const policyRef = { scope: 'team', scopeId: team.id };
      await service.putPolicy(INSTANCE_OWNER, policyRef, { rpm: 10, allowedModels: ['a', 'b'] });
      const user = await service.createUser(INSTANCE_OWNER, {
        email: 'same@acme.test',
        role: 'viewer',
        orgId,
      });
      const start = { events: audit.events.length, notices: notices.topics.length };
      const again = {
        team: await service.updateTeam(INSTANCE_OWNER, team.id, { name: 'steady' }),
        budget: await service.updateBudget(INSTANCE_OWNER, budget.id, { amountUsd: 5, period: 'day' }),
        policy: await service.putPolicy(INSTANCE_OWNER, policyRef, {
          allowedModels: ['a', 'b', 'a'],
          rpm: 10,
        }),
        user: await service.updateUser(INSTANCE_OWNER, user.id, { role: 'viewer' }),
      };
      assert.deepEqual(audit.events.slice(start.events), [], 'no-op updates are not audited');
      assert.deepEqual(notices.topics.slice(start.notices), [], 'nor announced');
      // The calls still answer with the resource, as before.
      assert.deepEqual(
        [
          again.team.name,
          again.budget.amountUsd,
          again.policy.rpm,
          again.policy.allowedModels,
          again.user.role,
        ],
        ['steady', 5, 10, ['a', 'b'], 'viewer'],
      );
      await service.updateTeam(INSTANCE_OWNER, team.id, { name: 'moved' });
      await service.updateBudget(INSTANCE_OWNER, budget.id, { amountUsd: 6 });
      await service.putPolicy(INSTANCE_OWNER, policyRef, { rpm: 11, allowedModels: ['a', 'b'] });
      await service.updateUser(INSTANCE_OWNER, user.id, { role: 'developer' });
      assert.deepEqual(audit.actions().slice(start.events), [
        'team.update',
        'budget.update',
        'policy.update',
        'user.update',
      ]);
      assert.equal(notices.topics.length - start.notices, 3, 'team, budget and policy changes are announced');
    });

    it('a 404 for another organisation’s key or budget is not audited', async () => {
      const other = await service.createOrg(INSTANCE_OWNER, { name: 'elsewhere' });
      const otherTeam = await service.createTeam(INSTANCE_OWNER, { name: 'their-team', orgId: other.id });
      const { key } = await service.createKey(INSTANCE_OWNER, {
        teamId: otherTeam.id,
        budgets: [{ amountUsd: 10, period: 'month' }],
        policy: { rpm: 60 },
      });
      const [budget] = await service.listBudgets(INSTANCE_OWNER, { scope: 'key', scopeId: key.id });
      assert.ok(budget);
      const admin = callerFor(
        await service.createUser(INSTANCE_OWNER, { email: 'nosy@acme.test', role: 'admin', orgId }),
      );
      const dev = callerFor(
        await service.createUser(INSTANCE_OWNER, {
          email: 'nosy-dev@acme.test',
          role: 'developer',
          teamId: teamA,
        }),
      );
      const ref = { scope: 'key', scopeId: key.id };
      for (const caller of [admin, dev]) {
        const attempts: Record<string, () => Promise<unknown>> = {
          revokeKey: () => service.revokeKey(caller, key.id),
          updateBudget: () => service.updateBudget(caller, budget.id, { amountUsd: 1000 }),
          deleteBudget: () => service.deleteBudget(caller, budget.id),
          deletePolicy: () => service.deletePolicy(caller, ref),
          putPolicy: () => service.putPolicy(caller, ref, { rpm: 1000 }),
        };
        for (const [name, run] of Object.entries(attempts)) {
          const outcome = await refusal(audit, run);
          assert.deepEqual([outcome.status, outcome.events], [404, []], `${caller.role} ${name}`);
        }
      }
      assert.equal((await service.getKey(INSTANCE_OWNER, key.id)).status, 'active');
      assert.equal((await service.getBudget(INSTANCE_OWNER, budget.id)).amountUsd, 10);
    });
  });
