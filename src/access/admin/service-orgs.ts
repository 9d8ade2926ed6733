import { KeelError } from '../../errors/index.ts';
import { uuidv7 } from '../../store/index.ts';
import type { Org, Project, Team } from '../principals/entities.ts';
import * as repo from '../principals/org-repo.ts';
import { deleteScopes } from '../principals/policy-repo.ts';
import {
  type AdminCaller,
  authorize,
  authorizeIn,
  canSee,
  requireInstanceOwner,
  requireRole,
} from '../rbac/index.ts';
import { targetOrg, visibleOrg, visibleProject, visibleTeam } from './resolve.ts';
import {
  orgCreateSchema,
  projectCreateSchema,
  projectListQuery,
  renameSchema,
  teamCreateSchema,
  teamListQuery,
} from './schemas.ts';
import { audit, notify, SCOPE_TOPIC, type ServiceDeps, unchanged } from './service-deps.ts';
import { parseInput } from './validate.ts';

/** Organisations, teams and projects: validation, RBAC and audit around the repositories. */

export async function listOrgs(deps: ServiceDeps, caller: AdminCaller): Promise<Org[]> {
  requireRole(caller, { resource: 'org', verb: 'read', label: 'organisation' });
  return repo.listOrgs(deps.sql, { id: caller.orgId });
}

export async function createOrg(deps: ServiceDeps, caller: AdminCaller, input: unknown): Promise<Org> {
  const body = parseInput(orgCreateSchema, input);
  requireRole(caller, { resource: 'org', verb: 'write', label: 'organisation' });
  requireInstanceOwner(caller, 'create organisations');
  const org = await repo.insertOrg(deps.sql, { id: uuidv7(), name: body.name, now: deps.now() });
  await audit(deps, caller, { action: 'org.create', target: `org:${org.id}`, orgId: org.id, after: org });
  return org;
}

export async function getOrg(deps: ServiceDeps, caller: AdminCaller, id: string): Promise<Org> {
  const org = await visibleOrg(deps, caller, id);
  authorize(caller, { resource: 'org', verb: 'read', scope: { orgId: org.id }, label: 'organisation', id });
  return org;
}

export async function updateOrg(
  deps: ServiceDeps,
  caller: AdminCaller,
  id: string,
  input: unknown,
): Promise<Org> {
  const body = parseInput(renameSchema, input);
  const before = await visibleOrg(deps, caller, id);
  authorize(caller, { resource: 'org', verb: 'write', scope: { orgId: id }, label: 'organisation', id });
  await repo.rename(deps.sql, { table: 'access_orgs', id }, { name: body.name, now: deps.now() });
  const after = (await repo.getOrg(deps.sql, id)) as Org;
  await audit(deps, caller, { action: 'org.update', target: `org:${id}`, orgId: id, before, after });
  return after;
}

export async function deleteOrg(deps: ServiceDeps, caller: AdminCaller, id: string): Promise<void> {
  const before = await visibleOrg(deps, caller, id);
  authorize(caller, { resource: 'org', verb: 'write', scope: { orgId: id }, label: 'organisation', id });
  const teams = await repo.countWhere(deps.sql, { table: 'access_teams', column: 'org_id', value: id });
  const users = await repo.countWhere(deps.sql, { table: 'access_users', column: 'org_id', value: id });
  if (teams + users > 0) {
    throw new KeelError(
      'conflict',
      `Organisation '${before.name}' still has ${teams} team(s) and ${users} user(s); delete them first`,
    );
  }
  await deps.sql.transaction(async (tx) => {
    await deleteScopes(tx, [id]);
    await repo.deleteRow(tx, { table: 'access_orgs', id });
  });
  await audit(deps, caller, { action: 'org.delete', target: `org:${id}`, orgId: id, before });
}

export async function listTeams(deps: ServiceDeps, caller: AdminCaller, query: unknown): Promise<Team[]> {
  const q = parseInput(teamListQuery, query, 'query');
  requireRole(caller, { resource: 'team', verb: 'read', label: 'team' });
  if (q.orgId !== undefined) await visibleOrg(deps, caller, q.orgId);
  return repo.listTeams(deps.sql, { orgId: q.orgId ?? caller.orgId, teamId: caller.teamId });
}

export async function createTeam(deps: ServiceDeps, caller: AdminCaller, input: unknown): Promise<Team> {
  const body = parseInput(teamCreateSchema, input);
  const org = await targetOrg(deps, caller, body.orgId);
  authorizeIn(caller, { resource: 'team', verb: 'write', orgLevel: true, label: 'team' });
  const team = await repo.insertTeam(deps.sql, {
    id: uuidv7(),
    orgId: org.id,
    name: body.name,
    now: deps.now(),
  });
  await audit(deps, caller, {
    action: 'team.create',
    target: `team:${team.id}`,
    orgId: team.orgId,
    after: team,
  });
  return team;
}

export async function getTeam(deps: ServiceDeps, caller: AdminCaller, id: string): Promise<Team> {
  const team = await visibleTeam(deps, caller, id);
  authorize(caller, {
    resource: 'team',
    verb: 'read',
    scope: { orgId: team.orgId, teamId: id },
    label: 'team',
    id,
  });
  return team;
}

export async function updateTeam(
  deps: ServiceDeps,
  caller: AdminCaller,
  id: string,
  input: unknown,
): Promise<Team> {
  const body = parseInput(renameSchema, input);
  const before = await visibleTeam(deps, caller, id);
  authorize(caller, {
    resource: 'team',
    verb: 'write',
    scope: { orgId: before.orgId, teamId: id },
    label: 'team',
    id,
  });
  await repo.rename(deps.sql, { table: 'access_teams', id }, { name: body.name, now: deps.now() });
  const after = (await repo.getTeam(deps.sql, id)) as Team;
  // Cached principals carry the team name (guard bindings match it): refresh them now.
  if (!unchanged(before, after)) await notify(deps, SCOPE_TOPIC);
  await audit(deps, caller, {
    action: 'team.update',
    target: `team:${id}`,
    orgId: before.orgId,
    before,
    after,
  });
  return after;
}

/** Teams are deleted at organisation level (not by their own team-scoped admins), and only empty. */
export async function deleteTeam(deps: ServiceDeps, caller: AdminCaller, id: string): Promise<void> {
  const before = await visibleTeam(deps, caller, id);
  authorizeIn(caller, { resource: 'team', verb: 'write', orgLevel: true, label: 'team' });
  const projects = await repo.countWhere(deps.sql, {
    table: 'access_projects',
    column: 'team_id',
    value: id,
  });
  const users = await repo.countWhere(deps.sql, { table: 'access_users', column: 'team_id', value: id });
  if (projects + users > 0) {
    throw new KeelError(
      'conflict',
      `Team '${before.name}' still has ${projects} project(s) and ${users} user(s); delete them first`,
    );
  }
  await deps.sql.transaction(async (tx) => {
    await deleteScopes(tx, [id]);
    await repo.deleteRow(tx, { table: 'access_teams', id });
  });
  await audit(deps, caller, { action: 'team.delete', target: `team:${id}`, orgId: before.orgId, before });
}

export async function listProjects(
  deps: ServiceDeps,
  caller: AdminCaller,
  query: unknown,
): Promise<Project[]> {
  const q = parseInput(projectListQuery, query, 'query');
  requireRole(caller, { resource: 'project', verb: 'read', label: 'project' });
  if (q.orgId !== undefined) await visibleOrg(deps, caller, q.orgId);
  if (q.teamId !== undefined) await visibleTeam(deps, caller, q.teamId);
  const rows = await repo.listProjects(deps.sql, {
    orgId: q.orgId ?? caller.orgId,
    teamId: q.teamId ?? caller.teamId,
  });
  return rows.filter((p) => canSee(caller, { orgId: p.orgId, teamId: p.teamId }, 'project'));
}

export async function createProject(
  deps: ServiceDeps,
  caller: AdminCaller,
  input: unknown,
): Promise<Project> {
  const body = parseInput(projectCreateSchema, input);
  const team = await visibleTeam(deps, caller, body.teamId);
  const scope = { orgId: team.orgId, teamId: team.id };
  authorize(caller, { resource: 'project', verb: 'write', scope, label: 'project', id: body.name });
  const project = await repo.insertProject(deps.sql, {
    id: uuidv7(),
    ...scope,
    name: body.name,
    now: deps.now(),
  });
  await audit(deps, caller, {
    action: 'project.create',
    target: `project:${project.id}`,
    orgId: project.orgId,
    after: project,
  });
  return project;
}

export async function getProject(deps: ServiceDeps, caller: AdminCaller, id: string): Promise<Project> {
  const project = await visibleProject(deps, caller, id);
  const scope = { orgId: project.orgId, teamId: project.teamId };
  authorize(caller, { resource: 'project', verb: 'read', scope, label: 'project', id });
  return project;
}

export async function updateProject(
  deps: ServiceDeps,
  caller: AdminCaller,
  id: string,
  input: unknown,
): Promise<Project> {
  const body = parseInput(renameSchema, input);
  const before = await visibleProject(deps, caller, id);
  const scope = { orgId: before.orgId, teamId: before.teamId };
  authorize(caller, { resource: 'project', verb: 'write', scope, label: 'project', id });
  await repo.rename(deps.sql, { table: 'access_projects', id }, { name: body.name, now: deps.now() });
  const after = (await repo.getProject(deps.sql, id)) as Project;
  await audit(deps, caller, {
    action: 'project.update',
    target: `project:${id}`,
    orgId: before.orgId,
    before,
    after,
  });
  return after;
}

/**
 * A project is deleted only when none of its keys can still authenticate; its revoked and expired
 * keys (and everything hanging on them) go with it. The audit log keeps their history.
 */
export async function deleteProject(deps: ServiceDeps, caller: AdminCaller, id: string): Promise<void> {
  const before = await visibleProject(deps, caller, id);
  const scope = { orgId: before.orgId, teamId: before.teamId };
  authorize(caller, { resource: 'project', verb: 'write', scope, label: 'project', id });
  const now = deps.now();
  await deps.sql.transaction(async (tx) => {
    const live = await repo.countWhere(tx, {
      table: 'access_keys',
      column: 'project_id',
      value: id,
      extra: 'AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)',
      extraParams: [now],
    });
    if (live > 0) {
      throw new KeelError(
        'conflict',
        `Project '${before.name}' still has ${live} active key(s); revoke them first`,
      );
    }
    const dead = await tx.query<{ id: string }>('SELECT id FROM access_keys WHERE project_id = ?', [id]);
    await deleteScopes(tx, [id, ...dead.map((row) => String(row.id))]);
    await tx.execute('DELETE FROM access_keys WHERE project_id = ?', [id]);
    await repo.deleteRow(tx, { table: 'access_projects', id });
  });
  await notify(deps, SCOPE_TOPIC);
  await audit(deps, caller, {
    action: 'project.delete',
    target: `project:${id}`,
    orgId: before.orgId,
    before,
  });
}
