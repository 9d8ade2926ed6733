import { KeelError } from '../../errors/index.ts';
import type { Org, Project, Team } from '../principals/entities.ts';
import { getKey, type KeyRecord } from '../principals/key-repo.ts';
import { getOrg, getProject, getTeam, listOrgs } from '../principals/org-repo.ts';
import type { ScopeRef } from '../principals/policy-repo.ts';
import { type AdminCaller, canSee, notFound, type Resource } from '../rbac/index.ts';
import type { ScopeKind } from '../types.ts';
import type { ServiceDeps } from './service-deps.ts';

/**
 * Loads things by id for a caller. Absent and invisible look the same (404), so a caller learns
 * nothing about other organisations' or teams' existence.
 */

export async function visibleOrg(deps: ServiceDeps, caller: AdminCaller, id: string): Promise<Org> {
  const org = await getOrg(deps.sql, id);
  if (!org || !canSee(caller, { orgId: org.id }, 'org')) throw notFound('organisation', id);
  return org;
}

export async function visibleTeam(
  deps: ServiceDeps,
  caller: AdminCaller,
  id: string,
  resource: Resource = 'team',
): Promise<Team> {
  const team = await getTeam(deps.sql, id);
  if (!team || !canSee(caller, { orgId: team.orgId, teamId: team.id }, resource)) throw notFound('team', id);
  return team;
}

export async function visibleProject(deps: ServiceDeps, caller: AdminCaller, id: string): Promise<Project> {
  const project = await getProject(deps.sql, id);
  if (!project || !canSee(caller, { orgId: project.orgId, teamId: project.teamId }, 'project')) {
    throw notFound('project', id);
  }
  return project;
}

export async function visibleKey(deps: ServiceDeps, caller: AdminCaller, id: string): Promise<KeyRecord> {
  const key = await getKey(deps.sql, id);
  if (!key || !canSee(caller, { orgId: key.orgId, teamId: key.teamId }, 'key')) throw notFound('key', id);
  return key;
}

/**
 * The organisation a create applies to: the one named, else the caller's, else the only one.
 * Instance-wide callers with several organisations must name it.
 */
export async function targetOrg(
  deps: ServiceDeps,
  caller: AdminCaller,
  orgId: string | undefined,
): Promise<Org> {
  if (orgId !== undefined) return visibleOrg(deps, caller, orgId);
  if (caller.orgId !== undefined) return visibleOrg(deps, caller, caller.orgId);
  const orgs = await listOrgs(deps.sql);
  if (orgs.length === 1) return orgs[0] as Org;
  throw new KeelError(
    'invalid_request',
    orgs.length === 0
      ? 'There is no organisation yet: create one first (POST /api/orgs or keel admin create-token)'
      : `orgId is required: there are ${orgs.length} organisations`,
    { param: 'orgId' },
  );
}

/** Where a policy or budget at (scope, scopeId) lives, checked visible to the caller. */
export async function visibleScope(
  deps: ServiceDeps,
  caller: AdminCaller,
  ref: { scope: ScopeKind; scopeId: string },
): Promise<ScopeRef> {
  const base = { scope: ref.scope, scopeId: ref.scopeId };
  switch (ref.scope) {
    case 'org': {
      const org = await getOrg(deps.sql, ref.scopeId);
      if (!org || !canSee(caller, { orgId: org.id }, 'policy')) throw notFound('organisation', ref.scopeId);
      return { ...base, orgId: org.id, teamId: null };
    }
    case 'team': {
      const team = await visibleTeam(deps, caller, ref.scopeId);
      return { ...base, orgId: team.orgId, teamId: team.id };
    }
    case 'project': {
      const project = await visibleProject(deps, caller, ref.scopeId);
      return { ...base, orgId: project.orgId, teamId: project.teamId };
    }
    case 'key': {
      const key = await visibleKey(deps, caller, ref.scopeId);
      return { ...base, orgId: key.orgId, teamId: key.teamId };
    }
  }
}

/** Key-level policies and budgets are managed like the key (developers may); others as policies. */
export const scopeResource = (scope: ScopeKind): Resource => (scope === 'key' ? 'key' : 'policy');

/** Epoch ms of an ISO time that must lie in the future (expiry). */
export function futureMs(iso: string | undefined, now: number, param = 'expiresAt'): number | null {
  if (iso === undefined) return null;
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms) || ms <= now) {
    throw new KeelError('invalid_request', `Invalid value for '${param}': must be a time in the future`, {
      param,
    });
  }
  return ms;
}
