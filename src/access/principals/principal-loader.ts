import type { SqlExecutor } from '../../spec/index.ts';
import type { AccessPrincipal } from '../types.ts';
import type { Budget, Policy } from './entities.ts';
import { type KeyRecord, toKeyRecord } from './key-repo.ts';
import { mergePolicy } from './merge-policy.ts';
import { toBudget, toPolicy } from './policy-repo.ts';
import { placeholders } from './sql-helpers.ts';

/** What the auth hook caches per key: the principal plus what decides whether it may be used. */
export interface LoadedKey {
  principal: AccessPrincipal;
  expiresAt: number | null;
  revokedAt: number | null;
}

/** Postgres caps bound parameters at 65k; stay far below with room for four ids per key. */
const CHUNK = 500;

export function toPrincipal(
  key: KeyRecord & { teamName?: string },
  found: { policies: readonly Policy[]; budgets: readonly Budget[] },
) {
  const principal: AccessPrincipal = {
    id: key.id,
    kind: 'virtual_key',
    tenant: key.projectId,
    keyId: key.id,
    keyName: key.name,
    ...(key.teamName !== undefined ? { teamName: key.teamName } : {}),
    orgId: key.orgId,
    teamId: key.teamId,
    projectId: key.projectId,
    policy: mergePolicy(
      { keyId: key.id, projectId: key.projectId, teamId: key.teamId, orgId: key.orgId },
      found,
    ),
  };
  return principal;
}

/**
 * Loads keys by hash with their merged policies and team names: three queries per chunk whatever
 * the number of keys, so the background refresh of every cached key stays cheap. Unknown hashes
 * are absent.
 */
export async function loadKeysByHash(
  sql: SqlExecutor,
  hashes: readonly string[],
): Promise<Map<string, LoadedKey>> {
  const out = new Map<string, LoadedKey>();
  for (let i = 0; i < hashes.length; i += CHUNK) {
    const chunk = hashes.slice(i, i + CHUNK);
    // The team's name comes in the same query (guard bindings match names): no read per request.
    const rows = await sql.query(
      `SELECT k.*, t.name AS team_name FROM access_keys k LEFT JOIN access_teams t ON t.id = k.team_id
       WHERE k.hash IN (${placeholders(chunk.length)})`,
      chunk,
    );
    if (rows.length === 0) continue;
    const keys = rows.map((row) => ({
      hash: String(row.hash),
      key: { ...toKeyRecord(row), ...(typeof row.team_name === 'string' ? { teamName: row.team_name } : {}) },
    }));
    const scopeIds = [...new Set(keys.flatMap(({ key }) => [key.id, key.projectId, key.teamId, key.orgId]))];
    const found = await loadScopes(sql, scopeIds);
    for (const { hash, key } of keys) {
      out.set(hash, {
        principal: toPrincipal(key, found),
        expiresAt: key.expiresAt,
        revokedAt: key.revokedAt,
      });
    }
  }
  return out;
}

/** Policies and budgets hanging on any of these scope ids. */
export async function loadScopes(
  sql: SqlExecutor,
  scopeIds: readonly string[],
): Promise<{ policies: Policy[]; budgets: Budget[] }> {
  const policies: Policy[] = [];
  const budgets: Budget[] = [];
  for (let i = 0; i < scopeIds.length; i += CHUNK * 4) {
    const chunk = scopeIds.slice(i, i + CHUNK * 4);
    const marks = placeholders(chunk.length);
    const [p, b] = await Promise.all([
      sql.query(`SELECT * FROM access_policies WHERE scope_id IN (${marks})`, chunk),
      sql.query(`SELECT * FROM access_budgets WHERE scope_id IN (${marks}) ORDER BY created_at, id`, chunk),
    ]);
    policies.push(...p.map(toPolicy));
    budgets.push(...b.map(toBudget));
  }
  return { policies, budgets };
}
