import type { Logger } from '../../log/index.ts';
import type { SqlExecutor } from '../../spec/index.ts';
import { uuidv7 } from '../../store/index.ts';
import { Where } from '../query/filters.ts';
import { json } from '../query/rows.ts';
import { type AlertRule, alertRuleSchema } from './rule.ts';
import type { AlertEventKind, AlertState } from './transition.ts';

/** Alert state, history and API-defined rules (tables from migration 250_traces_query). */

/** Stored group key: '' stands for "no group" (rule without groupBy, or traces without a value). */
export const groupKey = (group: string | null): string => group ?? '';
export const groupOf = (key: string): string | null => (key === '' ? null : key);

const n = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export async function loadStates(sql: SqlExecutor, rule: string): Promise<Map<string | null, AlertState>> {
  const rows = await sql.query('SELECT * FROM trace_alert_state WHERE rule = ?', [rule]);
  return new Map(
    rows.map((r) => [
      groupOf(String(r.group_key)),
      {
        state: r.state as AlertState['state'],
        value: n(r.value),
        pendingMs: n(r.pending_ms),
        firingMs: n(r.firing_ms),
        notifiedMs: n(r.notified_ms),
        notified: Number(r.notified) === 1,
      },
    ]),
  );
}

export async function saveState(
  sql: SqlExecutor,
  o: { rule: string; group: string | null; state: AlertState; nowMs: number },
): Promise<void> {
  const s = o.state;
  await sql.execute(
    `INSERT INTO trace_alert_state (rule, group_key, state, value, pending_ms, firing_ms, notified_ms, notified, updated_ms)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (rule, group_key) DO UPDATE SET state = excluded.state, value = excluded.value,
       pending_ms = excluded.pending_ms, firing_ms = excluded.firing_ms, notified_ms = excluded.notified_ms,
       notified = excluded.notified, updated_ms = excluded.updated_ms`,
    [
      o.rule,
      groupKey(o.group),
      s.state,
      s.value,
      s.pendingMs,
      s.firingMs,
      s.notifiedMs,
      s.notified ? 1 : 0,
      o.nowMs,
    ],
  );
}

export async function deleteState(sql: SqlExecutor, rule: string, group: string | null): Promise<void> {
  await sql.execute('DELETE FROM trace_alert_state WHERE rule = ? AND group_key = ?', [
    rule,
    groupKey(group),
  ]);
}

export interface AlertEvent {
  id: string;
  rule: string;
  groupBy: string | null;
  group: string | null;
  kind: AlertEventKind;
  value: number | null;
  threshold: number | null;
  message: string;
  /** Tenants the rule covers (null: all) — decides who may read the event. */
  scope: string[] | null;
  delivered: boolean;
  error: string | null;
  at: string;
  atMs: number;
}

export async function insertEvent(sql: SqlExecutor, e: Omit<AlertEvent, 'id' | 'at'>): Promise<string> {
  const id = uuidv7();
  await sql.execute(
    `INSERT INTO trace_alert_events (id, rule, group_by, group_key, kind, value, threshold, message, scope, delivered, error, at_ms)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      id,
      e.rule,
      e.groupBy,
      groupKey(e.group),
      e.kind,
      e.value,
      e.threshold,
      e.message,
      JSON.stringify(e.scope),
      e.delivered ? 1 : 0,
      e.error,
      e.atMs,
    ],
  );
  return id;
}

export async function markDelivered(sql: SqlExecutor, id: string, error: string | null): Promise<void> {
  await sql.execute('UPDATE trace_alert_events SET delivered = ?, error = ? WHERE id = ?', [
    error === null ? 1 : 0,
    error,
    id,
  ]);
}

function eventOf(r: Record<string, unknown>): AlertEvent {
  const scope = json(r.scope);
  const atMs = Number(r.at_ms);
  return {
    id: String(r.id),
    rule: String(r.rule),
    groupBy: r.group_by === null ? null : String(r.group_by),
    group: groupOf(String(r.group_key)),
    kind: r.kind as AlertEventKind,
    value: n(r.value),
    threshold: n(r.threshold),
    message: String(r.message),
    scope: Array.isArray(scope) ? scope.map(String) : null,
    delivered: Number(r.delivered) === 1,
    error: r.error === null ? null : String(r.error),
    at: new Date(atMs).toISOString(),
    atMs,
  };
}

export interface HistoryQuery {
  rule?: string;
  sinceMs?: number;
  untilMs?: number;
  /** Events strictly older than this event id (next page). */
  before?: { atMs: number; id: string };
  limit?: number;
}

/** Newest first. */
export async function listHistory(sql: SqlExecutor, q: HistoryQuery): Promise<AlertEvent[]> {
  const where = new Where();
  if (q.rule !== undefined) where.push('rule = ?', q.rule);
  if (q.sinceMs !== undefined) where.push('at_ms >= ?', q.sinceMs);
  if (q.untilMs !== undefined) where.push('at_ms < ?', q.untilMs);
  if (q.before)
    where.push('(at_ms < ? OR (at_ms = ? AND id < ?))', q.before.atMs, q.before.atMs, q.before.id);
  const rows = await sql.query(
    `SELECT * FROM trace_alert_events WHERE ${where.sql()} ORDER BY at_ms DESC, id DESC LIMIT ?`,
    [...where.params, q.limit ?? 100],
  );
  return rows.map(eventOf);
}

export async function deleteHistoryBefore(sql: SqlExecutor, atMs: number): Promise<number> {
  return (await sql.execute('DELETE FROM trace_alert_events WHERE at_ms < ?', [atMs])).changes;
}

// --- rules defined through the API ---

/**
 * A stored rule the current schema rejects (a row written before a validation was tightened).
 * It cannot be evaluated or listed, so it is logged rather than hidden: an operator with access to
 * every tenant can still replace or delete it by name.
 */
function parseStored(r: Record<string, unknown>, logger: Logger | undefined): AlertRule | null {
  const parsed = alertRuleSchema.safeParse(json(r.rule));
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  logger?.warn(
    { rule: String(r.name), path: issue?.path.join('.') ?? '', reason: issue?.message ?? 'invalid' },
    'stored alert rule is invalid and is skipped (replace or delete it)',
  );
  return null;
}

export async function listApiRules(sql: SqlExecutor, logger?: Logger): Promise<AlertRule[]> {
  const rows = await sql.query('SELECT name, rule FROM trace_alert_rules ORDER BY name');
  return rows.map((r) => parseStored(r, logger)).filter((rule) => rule !== null);
}

/** One API rule by name: the rule, 'invalid' for a row the schema rejects, or null when absent. */
export async function getApiRule(
  sql: SqlExecutor,
  name: string,
  logger?: Logger,
): Promise<AlertRule | 'invalid' | null> {
  const [row] = await sql.query('SELECT name, rule FROM trace_alert_rules WHERE name = ?', [name]);
  if (!row) return null;
  return parseStored(row, logger) ?? 'invalid';
}

export async function putApiRule(
  sql: SqlExecutor,
  o: { rule: AlertRule; nowMs: number; replace: boolean },
): Promise<void> {
  const text = JSON.stringify(o.rule);
  if (o.replace) {
    await sql.execute(
      `INSERT INTO trace_alert_rules (name, rule, created_ms, updated_ms) VALUES (?, ?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET rule = excluded.rule, updated_ms = excluded.updated_ms`,
      [o.rule.name, text, o.nowMs, o.nowMs],
    );
    return;
  }
  // A duplicate name is the store's 409 'conflict' (the route names the rule in the message).
  await sql.execute(
    'INSERT INTO trace_alert_rules (name, rule, created_ms, updated_ms) VALUES (?, ?, ?, ?)',
    [o.rule.name, text, o.nowMs, o.nowMs],
  );
}

export async function deleteApiRule(sql: SqlExecutor, name: string): Promise<boolean> {
  const { changes } = await sql.execute('DELETE FROM trace_alert_rules WHERE name = ?', [name]);
  await sql.execute('DELETE FROM trace_alert_state WHERE rule = ?', [name]);
  return changes > 0;
}
