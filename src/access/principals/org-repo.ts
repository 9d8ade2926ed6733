import type { SqlExecutor, SqlRow, SqlValue } from '../../spec/index.ts';
import { isoTime, type Org, type Project, type Team } from './entities.ts';
import { whereEquals } from './sql-helpers.ts';

/** Organisations, teams and projects: plain SQL over the store's portable executor. */

const text = (value: unknown): string => String(value);
const ms = (value: unknown): number => Number(value);

function toOrg(row: SqlRow): Org {
  return {
    id: text(row.id),
    name: text(row.name),
    createdAt: isoTime(ms(row.created_at)),
    updatedAt: isoTime(ms(row.updated_at)),
  };
}

function toTeam(row: SqlRow): Team {
  return { ...toOrg(row), orgId: text(row.org_id) };
}

function toProject(row: SqlRow): Project {
  return { ...toTeam(row), teamId: text(row.team_id) };
}

export async function insertOrg(
  sql: SqlExecutor,
  org: { id: string; name: string; now: number },
): Promise<Org> {
  await sql.execute('INSERT INTO access_orgs (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)', [
    org.id,
    org.name,
    org.now,
    org.now,
  ]);
  return { id: org.id, name: org.name, createdAt: isoTime(org.now), updatedAt: isoTime(org.now) };
}

export async function getOrg(sql: SqlExecutor, id: string): Promise<Org | null> {
  const rows = await sql.query('SELECT * FROM access_orgs WHERE id = ?', [id]);
  return rows[0] ? toOrg(rows[0]) : null;
}

export async function listOrgs(sql: SqlExecutor, filter: { id?: string | undefined } = {}): Promise<Org[]> {
  const rows =
    filter.id === undefined
      ? await sql.query('SELECT * FROM access_orgs ORDER BY name')
      : await sql.query('SELECT * FROM access_orgs WHERE id = ? ORDER BY name', [filter.id]);
  return rows.map(toOrg);
}

/** Renames a team, project or org; returns false when the row does not exist. */
export async function rename(
  sql: SqlExecutor,
  target: { table: 'access_orgs' | 'access_teams' | 'access_projects'; id: string },
  change: { name: string; now: number },
): Promise<boolean> {
  const result = await sql.execute(`UPDATE ${target.table} SET name = ?, updated_at = ? WHERE id = ?`, [
    change.name,
    change.now,
    target.id,
  ]);
  return result.changes > 0;
}

export async function deleteRow(
  sql: SqlExecutor,
  target: { table: 'access_orgs' | 'access_teams' | 'access_projects'; id: string },
): Promise<void> {
  await sql.execute(`DELETE FROM ${target.table} WHERE id = ?`, [target.id]);
}

export async function insertTeam(
  sql: SqlExecutor,
  team: { id: string; orgId: string; name: string; now: number },
): Promise<Team> {
  await sql.execute(
    'INSERT INTO access_teams (id, org_id, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
    [team.id, team.orgId, team.name, team.now, team.now],
  );
  const at = isoTime(team.now);
  return { id: team.id, orgId: team.orgId, name: team.name, createdAt: at, updatedAt: at };
}

export async function getTeam(sql: SqlExecutor, id: string): Promise<Team | null> {
  const rows = await sql.query('SELECT * FROM access_teams WHERE id = ?', [id]);
  return rows[0] ? toTeam(rows[0]) : null;
}

export async function listTeams(
  sql: SqlExecutor,
  filter: { orgId?: string | undefined; teamId?: string | undefined },
): Promise<Team[]> {
  const { clause, params } = whereEquals([
    ['org_id', filter.orgId],
    ['id', filter.teamId],
  ]);
  const rows = await sql.query(`SELECT * FROM access_teams ${clause} ORDER BY name, id`, params);
  return rows.map(toTeam);
}

export async function insertProject(
  sql: SqlExecutor,
  project: { id: string; orgId: string; teamId: string; name: string; now: number },
): Promise<Project> {
  await sql.execute(
    'INSERT INTO access_projects (id, org_id, team_id, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
    [project.id, project.orgId, project.teamId, project.name, project.now, project.now],
  );
  const at = isoTime(project.now);
  const { now: _now, ...rest } = project;
  return { ...rest, createdAt: at, updatedAt: at };
}

export async function getProject(sql: SqlExecutor, id: string): Promise<Project | null> {
  const rows = await sql.query('SELECT * FROM access_projects WHERE id = ?', [id]);
  return rows[0] ? toProject(rows[0]) : null;
}

export async function findProjectByName(
  sql: SqlExecutor,
  where: { teamId: string; name: string },
): Promise<Project | null> {
  const rows = await sql.query('SELECT * FROM access_projects WHERE team_id = ? AND name = ?', [
    where.teamId,
    where.name,
  ]);
  return rows[0] ? toProject(rows[0]) : null;
}

export async function listProjects(
  sql: SqlExecutor,
  filter: { orgId?: string | undefined; teamId?: string | undefined },
): Promise<Project[]> {
  const { clause, params } = whereEquals([
    ['org_id', filter.orgId],
    ['team_id', filter.teamId],
  ]);
  const rows = await sql.query(`SELECT * FROM access_projects ${clause} ORDER BY name, id`, params);
  return rows.map(toProject);
}

/** How many rows of `table` point at a parent (delete guards). */
export async function countWhere(
  sql: SqlExecutor,
  query: { table: string; column: string; value: string; extra?: string; extraParams?: SqlValue[] },
): Promise<number> {
  const rows = await sql.query<{ n: number }>(
    `SELECT COUNT(*) AS n FROM ${query.table} WHERE ${query.column} = ? ${query.extra ?? ''}`,
    [query.value, ...(query.extraParams ?? [])],
  );
  return Number(rows[0]?.n ?? 0);
}
