import { KeelError } from '../../errors/index.ts';
import type { Actor, Role } from '../types.ts';

/** Who is calling the admin API (or the CLI), as established by admin authentication. */
export interface AdminCaller {
  actor: Actor;
  role: Role;
  /** Undefined = instance-wide (the bootstrap token, the CLI): every organisation. */
  orgId?: string | undefined;
  /** Set for team-scoped users: they see their own team and nothing of other teams. */
  teamId?: string | undefined;
  /** The admin user, when the caller is one. */
  userId?: string | undefined;
  /** Extra audit context (ip, token id). */
  meta?: Record<string, unknown>;
}

export type Resource = 'org' | 'team' | 'project' | 'key' | 'user' | 'token' | 'policy' | 'credential';
export type Verb = 'read' | 'write';

/**
 * The role matrix. owner: everything in the org. admin: everything except organisations (and,
 * enforced where users are managed, owners). developer: manage keys of their team (key-level
 * policies and budgets count as the key), read their team. viewer: read their team.
 */
const MATRIX: Record<Role, Record<Verb, ReadonlySet<Resource>>> = {
  owner: {
    read: new Set(['org', 'team', 'project', 'key', 'user', 'token', 'policy', 'credential']),
    write: new Set(['org', 'team', 'project', 'key', 'user', 'token', 'policy', 'credential']),
  },
  admin: {
    read: new Set(['org', 'team', 'project', 'key', 'user', 'token', 'policy', 'credential']),
    write: new Set(['team', 'project', 'key', 'user', 'token', 'policy', 'credential']),
  },
  developer: {
    read: new Set(['org', 'team', 'project', 'key', 'user', 'policy']),
    write: new Set(['key']),
  },
  viewer: {
    read: new Set(['org', 'team', 'project', 'key', 'user', 'policy']),
    write: new Set(),
  },
};

export function roleAllows(role: Role, resource: Resource, verb: Verb): boolean {
  return MATRIX[role][verb].has(resource);
}

/** Where a resource lives. `teamId` null/undefined = organisation level. */
export interface ResourceScope {
  orgId: string;
  teamId?: string | null | undefined;
}

/** Org-level things a team-scoped user may still read: the organisation and its policies/budgets. */
const ORG_LEVEL_VISIBLE_TO_TEAMS: ReadonlySet<Resource> = new Set(['org', 'policy']);

/**
 * Whether the resource exists for this caller at all. Other organisations and other teams are
 * invisible: callers get 404, never 403, so existence does not leak.
 */
export function canSee(caller: AdminCaller, scope: ResourceScope, resource: Resource): boolean {
  if (caller.orgId !== undefined && scope.orgId !== caller.orgId) return false;
  if (caller.teamId === undefined) return true;
  if (scope.teamId === null || scope.teamId === undefined) return ORG_LEVEL_VISIBLE_TO_TEAMS.has(resource);
  return scope.teamId === caller.teamId;
}

/** `key` → `keys`, `policy` → `policies`: labels appear in messages people read. */
export function plural(label: string): string {
  return /[^aeiou]y$/.test(label) ? `${label.slice(0, -1)}ies` : `${label}s`;
}

export function notFound(what: string, id: string): KeelError {
  return new KeelError('not_found', `${what} '${id.slice(0, 100)}' not found`);
}

export function forbidden(message: string): KeelError {
  return new KeelError('forbidden', message);
}

/**
 * Checks one action on one resource: invisible → 404 (as if absent), visible but not allowed →
 * 403. Team-scoped callers never write organisation-level things.
 */
export function authorize(
  caller: AdminCaller,
  target: { resource: Resource; verb: Verb; scope: ResourceScope; label: string; id: string },
): void {
  if (!canSee(caller, target.scope, target.resource)) throw notFound(target.label, target.id);
  if (!roleAllows(caller.role, target.resource, target.verb)) {
    throw forbidden(
      `Role '${caller.role}' may not ${target.verb === 'read' ? 'read' : 'change'} ${plural(target.label)}`,
    );
  }
  const orgLevel = target.scope.teamId === null || target.scope.teamId === undefined;
  if (target.verb === 'write' && orgLevel && caller.teamId !== undefined) {
    throw forbidden(`A team-scoped ${caller.role} may not change organisation-level ${plural(target.label)}`);
  }
}

/**
 * For creates (and org-level actions) under a parent the caller was already shown (the parent's
 * loader returned 404 otherwise): the role check, and team-scoped callers may not act at
 * organisation level. Both are 403: the caller can see where they tried to write.
 */
export function authorizeIn(
  caller: AdminCaller,
  target: { resource: Resource; verb: Verb; orgLevel: boolean; label: string },
): void {
  requireRole(caller, target);
  if (target.verb === 'write' && target.orgLevel && caller.teamId !== undefined) {
    throw forbidden(`A team-scoped ${caller.role} may not change organisation-level ${plural(target.label)}`);
  }
}

/** For creating things or listing across a scope: the role check alone, with a clear 403. */
export function requireRole(
  caller: AdminCaller,
  target: { resource: Resource; verb: Verb; label: string },
): void {
  if (!roleAllows(caller.role, target.resource, target.verb)) {
    throw forbidden(
      `Role '${caller.role}' may not ${target.verb === 'read' ? 'read' : 'change'} ${plural(target.label)}`,
    );
  }
}

/**
 * For things that belong to the whole installation, not to one organisation (creating
 * organisations, provider credentials): only instance-wide callers — the bootstrap token
 * (KEEL_ADMIN_TOKEN) or the CLI — may act. An organisation's owners manage that organisation only.
 */
export function requireInstanceOwner(caller: AdminCaller, what: string): void {
  if (caller.orgId !== undefined || caller.role !== 'owner') {
    throw forbidden(`Only an instance owner (KEEL_ADMIN_TOKEN or the CLI) may ${what}`);
  }
}

/** Roles ranked; a caller may only grant roles at or below their own (owners only by owners). */
const RANK: Record<Role, number> = { owner: 3, admin: 2, developer: 1, viewer: 0 };

export function outranks(caller: AdminCaller, role: Role): boolean {
  if (caller.role === 'owner') return true;
  return role !== 'owner' && RANK[caller.role] >= RANK[role];
}
