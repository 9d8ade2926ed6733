import { Counter, type Registry } from 'prom-client';
import { KeelError } from '../../errors/index.ts';
import type { Logger } from '../../log/index.ts';
import type { SqlExecutor, Store } from '../../spec/index.ts';
import { uuidv7 } from '../../store/index.ts';
import type { AuditEvent } from '../types.ts';
import { rowHash } from './audit-hash.ts';
import { listAudit } from './audit-query.ts';
import { type PreparedEvent, prepareEvent } from './audit-rows.ts';
import type { AuditEntry, AuditLog } from './audit-types.ts';
import { readHead, verifyChain } from './audit-verify.ts';

export interface AuditLogOptions {
  logger: Logger;
  /** Clock for row times (tests). */
  now?: () => number;
  /** Registers `keel_audit_events_total{result}` so failed audit writes are visible. */
  metrics?: Registry;
}

/**
 * The hash-chained audit log over the store's `access_audit_log` table. `record` awaits the write
 * but never throws: a failed write is logged and counted (admin actions must not fail because the
 * audit write did, and request-path callers may fire and forget).
 */
export function createAuditLog(store: Pick<Store, 'sql'>, options: AuditLogOptions): AuditLog {
  const { logger } = options;
  const now = options.now ?? Date.now;
  const counter = options.metrics ? auditCounter(options.metrics) : undefined;
  const stats = { recorded: 0, failed: 0 };
  return {
    async record(event: AuditEvent): Promise<void> {
      try {
        await appendEvent(store.sql, prepareEvent(event, { id: uuidv7(), time: now() }));
        stats.recorded += 1;
        counter?.inc({ result: 'ok' });
      } catch (error) {
        stats.failed += 1;
        counter?.inc({ result: 'failed' });
        // Only the action and target: the snapshots may hold data we must not spread to logs.
        logger.error(
          {
            err: error instanceof Error ? error.message : String(error),
            action: safe(event, 'action'),
            target: safe(event, 'target'),
          },
          'audit event could not be recorded',
        );
      }
    },
    list: (query = {}) => listAudit(store.sql, query),
    verify: () => verifyChain(store.sql),
    async head() {
      const head = await readHead(store.sql);
      if (head === undefined) throw new KeelError('internal_error', 'the audit chain head row is missing');
      return head;
    },
    stats: () => ({ ...stats }),
  };
}

/**
 * Appends one row after the current head, in one transaction that locks the head row, so replicas
 * writing at the same time queue up instead of forking the chain. (On SQLite the executor's
 * BEGIN IMMEDIATE already serialises writers, across processes too.) seq is the primary key as a
 * second line of defence: a fork would be a duplicate key, never two rows claiming one parent.
 */
export async function appendEvent(sql: SqlExecutor, event: PreparedEvent): Promise<AuditEntry['seq']> {
  return sql.transaction(async (tx) => {
    const lock = tx.dialect === 'postgres' ? ' FOR UPDATE' : '';
    const [head] = await tx.query<{ seq: number; hash: string }>(
      `SELECT seq, hash FROM access_audit_head WHERE id = 1${lock}`,
    );
    if (head === undefined) throw new KeelError('internal_error', 'the audit chain head row is missing');
    const seq = Number(head.seq) + 1;
    const hash = rowHash({ ...event, seq, prevHash: head.hash });
    await tx.execute(
      `INSERT INTO access_audit_log (seq, id, at, actor_kind, actor_id, actor_org, action, target,
         before_json, after_json, meta_json, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        seq,
        event.id,
        event.time,
        event.actorKind,
        event.actorId,
        event.actorOrg,
        event.action,
        event.target,
        event.beforeJson,
        event.afterJson,
        event.metaJson,
        head.hash,
        hash,
      ],
    );
    await tx.execute('UPDATE access_audit_head SET seq = ?, hash = ? WHERE id = 1', [seq, hash]);
    return seq;
  });
}

function auditCounter(registry: Registry): Counter<'result'> {
  const name = 'keel_audit_events_total';
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as Counter<'result'>;
  return new Counter({
    name,
    help: 'Audit events recorded (result=ok) or lost (result=failed; see the error log)',
    labelNames: ['result'],
    registers: [registry],
  });
}

function safe(event: unknown, field: 'action' | 'target'): string | undefined {
  const value =
    typeof event === 'object' && event !== null ? (event as Record<string, unknown>)[field] : undefined;
  return typeof value === 'string' ? value.slice(0, 200) : undefined;
}
