import type { SqlExecutor, SqlRow } from '../../spec/index.ts';
import { isoOrNull, isoTime, secretStatus, type VirtualKey } from './entities.ts';
import { numOrNull, whereEquals } from './sql-helpers.ts';

/** A virtual key as stored (times in epoch ms). The hash never leaves this file except for lookups. */
export interface KeyRecord {
  id: string;
  orgId: string;
  teamId: string;
  projectId: string;
  name: string;
  prefix: string;
  createdBy: string | null;
  createdAt: number;
  expiresAt: number | null;
  revokedAt: number | null;
}

const COLUMNS =
  'id, org_id, team_id, project_id, name, prefix, created_by, created_at, expires_at, revoked_at';

export function toKeyRecord(row: SqlRow): KeyRecord {
  return {
    id: String(row.id),
    orgId: String(row.org_id),
    teamId: String(row.team_id),
    projectId: String(row.project_id),
    name: String(row.name),
    prefix: String(row.prefix),
    createdBy: row.created_by === null || row.created_by === undefined ? null : String(row.created_by),
    createdAt: Number(row.created_at),
    expiresAt: numOrNull(row.expires_at),
    revokedAt: numOrNull(row.revoked_at),
  };
}

export function toVirtualKey(record: KeyRecord, now: number): VirtualKey {
  return {
    ...record,
    status: secretStatus(record, now),
    createdAt: isoTime(record.createdAt),
    expiresAt: isoOrNull(record.expiresAt),
    revokedAt: isoOrNull(record.revokedAt),
  };
}

export async function insertKey(sql: SqlExecutor, key: KeyRecord & { hash: string }): Promise<void> {
  await sql.execute(`INSERT INTO access_keys (${COLUMNS}, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
    key.id,
    key.orgId,
    key.teamId,
    key.projectId,
    key.name,
    key.prefix,
    key.createdBy,
    key.createdAt,
    key.expiresAt,
    key.revokedAt,
    key.hash,
  ]);
}

export async function getKey(sql: SqlExecutor, id: string): Promise<KeyRecord | null> {
  const rows = await sql.query(`SELECT ${COLUMNS} FROM access_keys WHERE id = ?`, [id]);
  return rows[0] ? toKeyRecord(rows[0]) : null;
}

export async function listKeys(
  sql: SqlExecutor,
  filter: { orgId?: string | undefined; teamId?: string | undefined; projectId?: string | undefined },
): Promise<KeyRecord[]> {
  const { clause, params } = whereEquals([
    ['org_id', filter.orgId],
    ['team_id', filter.teamId],
    ['project_id', filter.projectId],
  ]);
  const rows = await sql.query(
    `SELECT ${COLUMNS} FROM access_keys ${clause} ORDER BY created_at, id`,
    params,
  );
  return rows.map(toKeyRecord);
}

/** Marks a key revoked; false when it was already revoked (revocation is not undone or re-dated). */
export async function revokeKey(sql: SqlExecutor, key: { id: string; now: number }): Promise<boolean> {
  const result = await sql.execute(
    'UPDATE access_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL',
    [key.now, key.id],
  );
  return result.changes > 0;
}
