import { KeelError } from '../../errors/index.ts';
import type { SqlExecutor } from '../../spec/index.ts';
import { uuidv7 } from '../../store/index.ts';
import type { AdminToken, AdminUser, CreatedToken } from '../principals/entities.ts';
import { newSecret } from '../principals/secrets.ts';
import * as repo from '../principals/user-repo.ts';
import {
  type AdminCaller,
  authorize,
  authorizeIn,
  canSee,
  forbidden,
  notFound,
  outranks,
  requireRole,
} from '../rbac/index.ts';
import type { Role } from '../types.ts';
import { futureMs, targetOrg, visibleTeam } from './resolve.ts';
import {
  tokenCreateSchema,
  tokenListQuery,
  userCreateSchema,
  userListQuery,
  userUpdateSchema,
} from './schemas.ts';
import { audit, type ServiceDeps } from './service-deps.ts';
import { parseInput } from './validate.ts';

/** Admin users and their API tokens. Nobody grants more than they hold; only owners manage owners. */

export interface Me {
  role: Role;
  orgId: string | null;
  teamId: string | null;
  user: AdminUser | null;
  actor: AdminCaller['actor'];
}

export async function me(deps: ServiceDeps, caller: AdminCaller): Promise<Me> {
  const user = caller.userId === undefined ? null : await repo.getUser(deps.sql, caller.userId);
  return {
    role: caller.role,
    orgId: caller.orgId ?? null,
    teamId: caller.teamId ?? null,
    user,
    actor: caller.actor,
  };
}

async function visibleUser(deps: ServiceDeps, caller: AdminCaller, id: string): Promise<AdminUser> {
  const user = await repo.getUser(deps.sql, id);
  if (!user || !canSee(caller, user, 'user')) throw notFound('user', id);
  return user;
}

function assertMayManage(caller: AdminCaller, role: Role): void {
  if (!outranks(caller, role)) {
    throw forbidden(
      role === 'owner'
        ? 'Only owners may manage owners'
        : `Role '${caller.role}' may not manage '${role}' users`,
    );
  }
}

function assertOwnerShape(role: Role, teamId: string | null): void {
  if (role === 'owner' && teamId !== null) {
    throw new KeelError('invalid_request', 'Owners are organisation-wide: leave teamId out', {
      param: 'teamId',
    });
  }
}

/**
 * Keeps at least one owner per organisation, so nobody locks the organisation out of itself. The
 * count and the change that may remove an owner run in one transaction that first locks the
 * organisation's row (`FOR UPDATE` on Postgres; SQLite's BEGIN IMMEDIATE already serialises
 * writers): two replicas each demoting a different one of two owners would otherwise both see
 * "two owners" and leave none.
 */
async function changeKeepingAnOwner(
  deps: ServiceDeps,
  user: AdminUser,
  change: { mayRemoveOwner: boolean; apply: (tx: SqlExecutor) => Promise<void> },
): Promise<void> {
  await deps.sql.transaction(async (tx) => {
    // The role is re-read under the lock: `user` was read before it and may be stale.
    if (change.mayRemoveOwner) {
      const lock = tx.dialect === 'postgres' ? ' FOR UPDATE' : '';
      await tx.query(`SELECT id FROM access_orgs WHERE id = ?${lock}`, [user.orgId]);
      const owners = (await repo.listUsers(tx, { orgId: user.orgId })).filter((u) => u.role === 'owner');
      if (owners.some((u) => u.id === user.id) && owners.length <= 1) {
        throw new KeelError('conflict', `'${user.email}' is the organisation's last owner`);
      }
    }
    await change.apply(tx);
  });
}

export async function listUsers(
  deps: ServiceDeps,
  caller: AdminCaller,
  query: unknown,
): Promise<AdminUser[]> {
  const q = parseInput(userListQuery, query, 'query');
  requireRole(caller, { resource: 'user', verb: 'read', label: 'user' });
  if (q.teamId !== undefined) await visibleTeam(deps, caller, q.teamId, 'user');
  const rows = await repo.listUsers(deps.sql, {
    orgId: q.orgId ?? caller.orgId,
    teamId: q.teamId ?? caller.teamId,
  });
  return rows.filter((u) => canSee(caller, u, 'user'));
}

export async function createUser(deps: ServiceDeps, caller: AdminCaller, input: unknown): Promise<AdminUser> {
  const body = parseInput(userCreateSchema, input);
  const teamId = body.teamId ?? null;
  const team = teamId === null ? undefined : await visibleTeam(deps, caller, teamId, 'user');
  // A team names its organisation; otherwise the caller's (or the only) one.
  const org = await targetOrg(deps, caller, body.orgId ?? team?.orgId);
  if (team && team.orgId !== org.id) throw notFound('team', team.id);
  authorizeIn(caller, { resource: 'user', verb: 'write', orgLevel: teamId === null, label: 'user' });
  assertMayManage(caller, body.role);
  assertOwnerShape(body.role, teamId);
  const user = await repo.insertUser(deps.sql, {
    id: uuidv7(),
    orgId: org.id,
    teamId,
    email: body.email.toLowerCase(),
    role: body.role,
    now: deps.now(),
  });
  await audit(deps, caller, {
    action: 'user.create',
    target: `user:${user.id}`,
    orgId: user.orgId,
    after: user,
  });
  return user;
}

export async function getUser(deps: ServiceDeps, caller: AdminCaller, id: string): Promise<AdminUser> {
  const user = await visibleUser(deps, caller, id);
  authorize(caller, { resource: 'user', verb: 'read', scope: user, label: 'user', id });
  return user;
}

export async function updateUser(
  deps: ServiceDeps,
  caller: AdminCaller,
  request: { id: string; body: unknown },
): Promise<AdminUser> {
  const body = parseInput(userUpdateSchema, request.body);
  const before = await visibleUser(deps, caller, request.id);
  authorize(caller, { resource: 'user', verb: 'write', scope: before, label: 'user', id: request.id });
  assertMayManage(caller, before.role);
  const role = body.role ?? before.role;
  const teamId = body.teamId === undefined ? before.teamId : body.teamId;
  assertMayManage(caller, role);
  assertOwnerShape(role, teamId);
  if (teamId !== null && teamId !== before.teamId) {
    const team = await visibleTeam(deps, caller, teamId, 'user');
    if (team.orgId !== before.orgId) throw notFound('team', teamId);
  }
  authorizeIn(caller, { resource: 'user', verb: 'write', orgLevel: teamId === null, label: 'user' });
  await changeKeepingAnOwner(deps, before, {
    mayRemoveOwner: role !== 'owner',
    apply: (tx) => repo.updateUser(tx, { id: before.id, role, teamId, now: deps.now() }),
  });
  const after = (await repo.getUser(deps.sql, before.id)) as AdminUser;
  await audit(deps, caller, {
    action: 'user.update',
    target: `user:${before.id}`,
    orgId: before.orgId,
    before,
    after,
  });
  return after;
}

export async function deleteUser(deps: ServiceDeps, caller: AdminCaller, id: string): Promise<void> {
  const before = await visibleUser(deps, caller, id);
  authorize(caller, { resource: 'user', verb: 'write', scope: before, label: 'user', id });
  assertMayManage(caller, before.role);
  await changeKeepingAnOwner(deps, before, {
    mayRemoveOwner: true,
    apply: (tx) => repo.deleteUser(tx, id),
  });
  await audit(deps, caller, { action: 'user.delete', target: `user:${id}`, orgId: before.orgId, before });
}

export async function listTokens(
  deps: ServiceDeps,
  caller: AdminCaller,
  query: unknown,
): Promise<AdminToken[]> {
  const q = parseInput(tokenListQuery, query, 'query');
  requireRole(caller, { resource: 'token', verb: 'read', label: 'token' });
  const users =
    q.userId !== undefined
      ? [await visibleUser(deps, caller, q.userId)]
      : (await repo.listUsers(deps.sql, { orgId: caller.orgId, teamId: caller.teamId })).filter((u) =>
          canSee(caller, u, 'user'),
        );
  const now = deps.now();
  const rows = await repo.listTokens(deps.sql, { userIds: users.map((u) => u.id) });
  return rows.map((t) => repo.toAdminToken(t, now));
}

export async function createToken(
  deps: ServiceDeps,
  caller: AdminCaller,
  input: unknown,
): Promise<CreatedToken> {
  const body = parseInput(tokenCreateSchema, input);
  const userId = body.userId ?? caller.userId;
  if (userId === undefined) {
    throw new KeelError('invalid_request', 'userId is required (the caller is not a user)', {
      param: 'userId',
    });
  }
  const user = await visibleUser(deps, caller, userId);
  authorize(caller, { resource: 'token', verb: 'write', scope: user, label: 'token', id: userId });
  assertMayManage(caller, user.role);
  const now = deps.now();
  const secret = newSecret('admin');
  const record: repo.TokenRecord = {
    id: uuidv7(),
    userId: user.id,
    name: body.name,
    prefix: secret.prefix,
    createdAt: now,
    expiresAt: futureMs(body.expiresAt, now),
    revokedAt: null,
  };
  await repo.insertToken(deps.sql, { ...record, hash: secret.hash });
  const token = repo.toAdminToken(record, now);
  await audit(deps, caller, {
    action: 'token.create',
    target: `token:${token.id}`,
    orgId: user.orgId,
    after: token,
  });
  return { token, secret: secret.secret };
}

export async function revokeToken(deps: ServiceDeps, caller: AdminCaller, id: string): Promise<AdminToken> {
  const token = await repo.getToken(deps.sql, id);
  const user = token ? await repo.getUser(deps.sql, token.userId) : null;
  if (!token || !user || !canSee(caller, user, 'user')) throw notFound('token', id);
  authorize(caller, { resource: 'token', verb: 'write', scope: user, label: 'token', id });
  assertMayManage(caller, user.role);
  const now = deps.now();
  const changed = await repo.revokeToken(deps.sql, { id, now });
  const after = repo.toAdminToken((await repo.getToken(deps.sql, id)) as repo.TokenRecord, now);
  if (changed) {
    await audit(deps, caller, {
      action: 'token.revoke',
      target: `token:${id}`,
      orgId: user.orgId,
      before: repo.toAdminToken(token, now),
      after,
    });
  }
  return after;
}
