import type { SqlExecutor, SqlRow } from '../../spec/index.ts';
import type { Role } from '../types.ts';
import { type AdminToken, type AdminUser, isoOrNull, isoTime, secretStatus } from './entities.ts';
import { numOrNull, whereEquals } from './sql-helpers.ts';

/** Admin users (people who use the admin API and CLI) and their API tokens. */

function toUser(row: SqlRow): AdminUser {
  return {
    id: String(row.id),
    orgId: String(row.org_id),
    teamId: row.team_id === null || row.team_id === undefined ? null : String(row.team_id),
    email: String(row.email),
    role: String(row.role) as Role,
    createdAt: isoTime(Number(row.created_at)),
    updatedAt: isoTime(Number(row.updated_at)),
  };
}

export async function insertUser(
  sql: SqlExecutor,
  user: { id: string; orgId: string; teamId: string | null; email: string; role: Role; now: number },
): Promise<AdminUser> {
  await sql.execute(
    'INSERT INTO access_users (id, org_id, team_id, email, role, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    [user.id, user.orgId, user.teamId, user.email, user.role, user.now, user.now],
  );
  const { now, ...rest } = user;
  return { ...rest, createdAt: isoTime(now), updatedAt: isoTime(now) };
}

export async function getUser(sql: SqlExecutor, id: string): Promise<AdminUser | null> {
  const rows = await sql.query('SELECT * FROM access_users WHERE id = ?', [id]);
  return rows[0] ? toUser(rows[0]) : null;
}

export async function listUsers(
  sql: SqlExecutor,
  filter: { orgId?: string | undefined; teamId?: string | undefined },
): Promise<AdminUser[]> {
  const { clause, params } = whereEquals([
    ['org_id', filter.orgId],
    ['team_id', filter.teamId],
  ]);
  const rows = await sql.query(`SELECT * FROM access_users ${clause} ORDER BY email`, params);
  return rows.map(toUser);
}

export async function updateUser(
  sql: SqlExecutor,
  user: { id: string; role: Role; teamId: string | null; now: number },
): Promise<void> {
  await sql.execute('UPDATE access_users SET role = ?, team_id = ?, updated_at = ? WHERE id = ?', [
    user.role,
    user.teamId,
    user.now,
    user.id,
  ]);
}

/** Removes a user and their tokens (tokens first: they reference the user). */
export async function deleteUser(sql: SqlExecutor, id: string): Promise<void> {
  await sql.execute('DELETE FROM access_admin_tokens WHERE user_id = ?', [id]);
  await sql.execute('DELETE FROM access_users WHERE id = ?', [id]);
}

export interface TokenRecord {
  id: string;
  userId: string;
  name: string;
  prefix: string;
  createdAt: number;
  expiresAt: number | null;
  revokedAt: number | null;
}

function toTokenRecord(row: SqlRow): TokenRecord {
  return {
    id: String(row.id),
    userId: String(row.user_id),
    name: String(row.name),
    prefix: String(row.prefix),
    createdAt: Number(row.created_at),
    expiresAt: numOrNull(row.expires_at),
    revokedAt: numOrNull(row.revoked_at),
  };
}

export function toAdminToken(record: TokenRecord, now: number): AdminToken {
  return {
    ...record,
    status: secretStatus(record, now),
    createdAt: isoTime(record.createdAt),
    expiresAt: isoOrNull(record.expiresAt),
    revokedAt: isoOrNull(record.revokedAt),
  };
}

const TOKEN_COLUMNS = 'id, user_id, name, prefix, created_at, expires_at, revoked_at';

export async function insertToken(sql: SqlExecutor, token: TokenRecord & { hash: string }): Promise<void> {
  await sql.execute(
    `INSERT INTO access_admin_tokens (${TOKEN_COLUMNS}, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      token.id,
      token.userId,
      token.name,
      token.prefix,
      token.createdAt,
      token.expiresAt,
      token.revokedAt,
      token.hash,
    ],
  );
}

export async function getToken(sql: SqlExecutor, id: string): Promise<TokenRecord | null> {
  const rows = await sql.query(`SELECT ${TOKEN_COLUMNS} FROM access_admin_tokens WHERE id = ?`, [id]);
  return rows[0] ? toTokenRecord(rows[0]) : null;
}

export async function listTokens(
  sql: SqlExecutor,
  filter: { userIds: readonly string[] },
): Promise<TokenRecord[]> {
  if (filter.userIds.length === 0) return [];
  const marks = filter.userIds.map(() => '?').join(', ');
  const rows = await sql.query(
    `SELECT ${TOKEN_COLUMNS} FROM access_admin_tokens WHERE user_id IN (${marks}) ORDER BY created_at, id`,
    filter.userIds,
  );
  return rows.map(toTokenRecord);
}

export async function revokeToken(sql: SqlExecutor, token: { id: string; now: number }): Promise<boolean> {
  const result = await sql.execute(
    'UPDATE access_admin_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL',
    [token.now, token.id],
  );
  return result.changes > 0;
}

/** The token and its user, by the token's hash: how an admin API call is authenticated. */
export async function findTokenByHash(
  sql: SqlExecutor,
  hash: string,
): Promise<{ token: TokenRecord; user: AdminUser } | null> {
  const rows = await sql.query(
    `SELECT t.id AS t_id, t.user_id, t.name AS t_name, t.prefix, t.created_at AS t_created_at, t.expires_at,
            t.revoked_at, u.*
       FROM access_admin_tokens t JOIN access_users u ON u.id = t.user_id
      WHERE t.hash = ?`,
    [hash],
  );
  const row = rows[0];
  if (!row) return null;
  const token = toTokenRecord({ ...row, id: row.t_id, name: row.t_name, created_at: row.t_created_at });
  return { token, user: toUser(row) };
}
