import { z } from 'zod';
import { KeelError } from '../../errors/index.ts';
import type { SqlExecutor, SqlValue } from '../../spec/index.ts';
import { AUDIT_COLUMNS, type AuditRow, toEntry } from './audit-rows.ts';
import type { AuditEntry, AuditQuery } from './audit-types.ts';

export const DEFAULT_AUDIT_LIMIT = 100;
export const MAX_AUDIT_LIMIT = 1000;

const epochMs = z.number().int().min(0).max(8_640_000_000_000_000);

export const auditQuerySchema = z.strictObject({
  since: epochMs.optional(),
  until: epochMs.optional(),
  actor: z.string().min(1).max(256).optional(),
  action: z.string().min(1).max(128).optional(),
  target: z.string().min(1).max(512).optional(),
  orgId: z.string().min(1).max(256).optional(),
  beforeSeq: z.number().int().min(1).optional(),
  limit: z.number().int().min(1).max(MAX_AUDIT_LIMIT).optional(),
});

/**
 * Newest first. `action` and `target` take `*` globs (`key.*`); everything else is exact. `orgId`
 * is how org-scoped callers are confined to their organisation's events.
 */
export async function listAudit(sql: SqlExecutor, input: AuditQuery): Promise<AuditEntry[]> {
  const parsed = auditQuerySchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new KeelError(
      'invalid_request',
      `audit query: ${issue?.path.join('.') || 'query'}: ${issue?.message}`,
    );
  }
  const query = parsed.data;
  const where: string[] = [];
  const params: SqlValue[] = [];
  const add = (clause: string, value: SqlValue) => {
    where.push(clause);
    params.push(value);
  };
  if (query.since !== undefined) add('at >= ?', query.since);
  if (query.until !== undefined) add('at < ?', query.until);
  if (query.actor !== undefined) add('actor_id = ?', query.actor);
  if (query.action !== undefined) addMatch(add, 'action', query.action);
  if (query.target !== undefined) addMatch(add, 'target', query.target);
  if (query.orgId !== undefined) add('actor_org = ?', query.orgId);
  if (query.beforeSeq !== undefined) add('seq < ?', query.beforeSeq);
  params.push(query.limit ?? DEFAULT_AUDIT_LIMIT);
  const filter = where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`;
  const rows = await sql.query<AuditRow>(
    `SELECT ${AUDIT_COLUMNS} FROM access_audit_log ${filter} ORDER BY seq DESC LIMIT ?`,
    params,
  );
  return rows.map(toEntry);
}

function addMatch(add: (clause: string, value: SqlValue) => void, column: string, pattern: string): void {
  if (!pattern.includes('*')) {
    add(`${column} = ?`, pattern);
    return;
  }
  // LIKE's own wildcards in the pattern are literal; `*` is the only wildcard people type.
  const like = pattern.replace(/[\\%_]/g, (c) => `\\${c}`).replace(/\*/g, '%');
  add(`${column} LIKE ? ESCAPE '\\'`, like);
}
