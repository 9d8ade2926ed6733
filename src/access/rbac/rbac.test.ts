import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isKeelError } from '../../errors/index.ts';
import type { Role } from '../types.ts';
import { type AdminCaller, authorize, canSee, outranks, roleAllows } from './rbac.ts';

const caller = (role: Role, scope: { orgId?: string; teamId?: string } = { orgId: 'o1' }): AdminCaller => ({
  actor: { kind: 'user', id: 'u' },
  role,
  ...scope,
});

function outcome(fn: () => void): 'ok' | number {
  try {
    fn();
    return 'ok';
  } catch (error) {
    assert.ok(isKeelError(error));
    return error.status;
  }
}

describe('rbac', () => {
  it('the role matrix', () => {
    assert.ok(roleAllows('owner', 'org', 'write'));
    assert.ok(!roleAllows('admin', 'org', 'write'));
    assert.ok(roleAllows('admin', 'credential', 'write'));
    assert.ok(roleAllows('developer', 'key', 'write'));
    assert.ok(!roleAllows('developer', 'project', 'write'));
    assert.ok(!roleAllows('developer', 'credential', 'read'));
    assert.ok(!roleAllows('viewer', 'key', 'write'));
    assert.ok(roleAllows('viewer', 'key', 'read'));
  });

  it('other organisations and other teams are invisible; org-level policies are visible to teams', () => {
    const dev = caller('developer', { orgId: 'o1', teamId: 't1' });
    assert.ok(canSee(dev, { orgId: 'o1', teamId: 't1' }, 'key'));
    assert.ok(!canSee(dev, { orgId: 'o1', teamId: 't2' }, 'key'));
    assert.ok(!canSee(dev, { orgId: 'o2', teamId: 't1' }, 'key'));
    assert.ok(canSee(dev, { orgId: 'o1', teamId: null }, 'policy'));
    assert.ok(!canSee(dev, { orgId: 'o1', teamId: null }, 'user'));
    assert.ok(canSee(caller('owner', {}), { orgId: 'anything' }, 'org'), 'instance owners see every org');
  });

  it('invisible → 404 before role → 403; team-scoped callers never write org-level things', () => {
    const target = (teamId: string | null, verb: 'read' | 'write' = 'read') => ({
      resource: 'key' as const,
      verb,
      scope: { orgId: 'o1', teamId },
      label: 'key',
      id: 'k',
    });
    const viewer = caller('viewer', { orgId: 'o1', teamId: 't1' });
    assert.equal(
      outcome(() => authorize(viewer, target('t2', 'write'))),
      404,
    );
    assert.equal(
      outcome(() => authorize(viewer, target('t1', 'write'))),
      403,
    );
    assert.equal(
      outcome(() => authorize(viewer, target('t1'))),
      'ok',
    );
    const teamAdmin = caller('admin', { orgId: 'o1', teamId: 't1' });
    const orgPolicy = {
      resource: 'policy' as const,
      verb: 'write' as const,
      scope: { orgId: 'o1' },
      label: 'policy',
      id: 'o1',
    };
    assert.equal(
      outcome(() => authorize(teamAdmin, orgPolicy)),
      403,
    );
    assert.equal(
      outcome(() => authorize(caller('admin'), orgPolicy)),
      'ok',
    );
  });

  it('nobody grants more than they hold; only owners manage owners', () => {
    assert.ok(outranks(caller('owner'), 'owner'));
    assert.ok(!outranks(caller('admin'), 'owner'));
    assert.ok(outranks(caller('admin'), 'admin'));
    assert.ok(!outranks(caller('developer'), 'admin'));
  });
});
