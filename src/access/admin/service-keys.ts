import { KeelError } from '../../errors/index.ts';
import type { SqlExecutor } from '../../spec/index.ts';
import { uuidv7 } from '../../store/index.ts';
import type { Budget, CreatedKey, Policy, Project, Team, VirtualKey } from '../principals/entities.ts';
import * as keys from '../principals/key-repo.ts';
import { mergePolicy } from '../principals/merge-policy.ts';
import { findProjectByName, insertProject } from '../principals/org-repo.ts';
import { insertBudget, upsertPolicy } from '../principals/policy-repo.ts';
import { loadScopes } from '../principals/principal-loader.ts';
import { newSecret } from '../principals/secrets.ts';
import { type AdminCaller, authorize, canSee, requireRole } from '../rbac/index.ts';
import type { EffectivePolicy } from '../types.ts';
import { futureMs, visibleKey, visibleProject, visibleTeam } from './resolve.ts';
import { type KeyCreateInput, keyCreateSchema, keyListQuery } from './schemas.ts';
import { audit, KEY_TOPIC_PREFIX, notify, type ServiceDeps } from './service-deps.ts';
import { checkWebhook, policyValues, thresholds } from './service-policies.ts';
import { parseInput } from './validate.ts';

/** Virtual keys: created with their secret shown once, listed without it, revoked everywhere within seconds. */

const DEFAULT_PROJECT = 'default';

export async function listKeys(
  deps: ServiceDeps,
  caller: AdminCaller,
  query: unknown,
): Promise<VirtualKey[]> {
  const q = parseInput(keyListQuery, query, 'query');
  requireRole(caller, { resource: 'key', verb: 'read', label: 'key' });
  if (q.teamId !== undefined) await visibleTeam(deps, caller, q.teamId);
  if (q.projectId !== undefined) await visibleProject(deps, caller, q.projectId);
  const rows = await keys.listKeys(deps.sql, {
    orgId: caller.orgId,
    teamId: q.teamId ?? caller.teamId,
    projectId: q.projectId,
  });
  const now = deps.now();
  return rows
    .filter((k) => canSee(caller, { orgId: k.orgId, teamId: k.teamId }, 'key'))
    .map((k) => keys.toVirtualKey(k, now))
    .filter((k) => q.status === undefined || k.status === q.status);
}

export async function getKey(deps: ServiceDeps, caller: AdminCaller, id: string): Promise<VirtualKey> {
  const key = await visibleKey(deps, caller, id);
  authorize(caller, { resource: 'key', verb: 'read', scope: key, label: 'key', id });
  return keys.toVirtualKey(key, deps.now());
}

/** The project a new key goes in: the one named, which must be in the key's team. */
async function namedProject(
  deps: ServiceDeps,
  caller: AdminCaller,
  where: { team: Team; projectId: string },
): Promise<Project> {
  const project = await visibleProject(deps, caller, where.projectId);
  if (project.teamId !== where.team.id) {
    throw new KeelError('invalid_request', `Project '${where.projectId}' is not in team '${where.team.id}'`, {
      param: 'projectId',
    });
  }
  return project;
}

/** The team's `default` project, created on first use (inside the key's transaction). */
async function defaultProject(
  tx: SqlExecutor,
  where: { team: Team; now: number },
): Promise<{ project: Project; created: boolean }> {
  const existing = await findProjectByName(tx, { teamId: where.team.id, name: DEFAULT_PROJECT });
  if (existing) return { project: existing, created: false };
  const project = await insertProject(tx, {
    id: uuidv7(),
    orgId: where.team.orgId,
    teamId: where.team.id,
    name: DEFAULT_PROJECT,
    now: where.now,
  });
  return { project, created: true };
}

/** Creates a key (and its key-level policy and budgets, in one transaction); the secret is returned once. */
export async function createKey(deps: ServiceDeps, caller: AdminCaller, input: unknown): Promise<CreatedKey> {
  const body: KeyCreateInput = parseInput(keyCreateSchema, input);
  body.budgets?.forEach((b, i) => {
    checkWebhook(deps, b.alertWebhook, `budgets.${i}.alertWebhook`);
  });
  const team = await visibleTeam(deps, caller, body.teamId);
  const scope = { orgId: team.orgId, teamId: team.id };
  authorize(caller, { resource: 'key', verb: 'write', scope, label: 'key', id: body.name ?? 'new' });
  const now = deps.now();
  const expiresAt = futureMs(body.expiresAt, now);
  const secret = newSecret('key');
  const id = uuidv7();
  const named =
    body.projectId === undefined
      ? undefined
      : await namedProject(deps, caller, { team, projectId: body.projectId });
  const created = await deps.sql.transaction(async (tx) => {
    const { project, created: newProject } = named
      ? { project: named, created: false }
      : await defaultProject(tx, { team, now });
    const record: keys.KeyRecord = {
      id,
      ...scope,
      projectId: project.id,
      name: body.name ?? `key-${id.slice(-8)}`,
      prefix: secret.prefix,
      createdBy: caller.actor.id,
      createdAt: now,
      expiresAt,
      revokedAt: null,
    };
    await keys.insertKey(tx, { ...record, hash: secret.hash });
    const ref = { scope: 'key' as const, scopeId: id, ...scope };
    const policy: Policy | undefined = body.policy
      ? await upsertPolicy(tx, { ...ref, ...policyValues(body.policy), now })
      : undefined;
    const budgets: Budget[] = [];
    for (const b of body.budgets ?? []) {
      const values = {
        ...b,
        alertThresholds: thresholds(b.alertThresholds),
        alertWebhook: b.alertWebhook ?? null,
      };
      budgets.push(await insertBudget(tx, { ...ref, ...values, id: uuidv7(), now }));
    }
    return { record, project: newProject ? project : undefined, policy, budgets };
  });
  const key = keys.toVirtualKey(created.record, now);
  if (created.project) {
    await audit(deps, caller, {
      action: 'project.create',
      target: `project:${created.project.id}`,
      orgId: created.project.orgId,
      after: created.project,
    });
  }
  const after = { ...key, policy: created.policy, budgets: created.budgets };
  await audit(deps, caller, { action: 'key.create', target: `key:${id}`, orgId: key.orgId, after });
  return { key, secret: secret.secret };
}

/** Revokes a key; idempotent. Every replica drops it at once (notice) or within the cache TTL. */
export async function revokeKey(deps: ServiceDeps, caller: AdminCaller, id: string): Promise<VirtualKey> {
  const before = await visibleKey(deps, caller, id);
  authorize(caller, { resource: 'key', verb: 'write', scope: before, label: 'key', id });
  const now = deps.now();
  const changed = await keys.revokeKey(deps.sql, { id, now });
  await notify(deps, `${KEY_TOPIC_PREFIX}${id}`);
  const after = (await keys.getKey(deps.sql, id)) as keys.KeyRecord;
  if (changed) {
    await audit(deps, caller, {
      action: 'key.revoke',
      target: `key:${id}`,
      orgId: before.orgId,
      before: keys.toVirtualKey(before, now),
      after: keys.toVirtualKey(after, now),
    });
  }
  return keys.toVirtualKey(after, now);
}

/** What the auth hook would enforce for this key right now. */
export async function effectivePolicy(
  deps: ServiceDeps,
  caller: AdminCaller,
  id: string,
): Promise<EffectivePolicy> {
  const key = await visibleKey(deps, caller, id);
  authorize(caller, { resource: 'key', verb: 'read', scope: key, label: 'key', id });
  const found = await loadScopes(deps.sql, [key.id, key.projectId, key.teamId, key.orgId]);
  return mergePolicy(
    { keyId: key.id, projectId: key.projectId, teamId: key.teamId, orgId: key.orgId },
    found,
  );
}
