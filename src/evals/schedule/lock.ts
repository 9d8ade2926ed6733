import type { SqlExecutor } from '../../spec/index.ts';
import { num } from '../sql.ts';

/**
 * One row per schedule in eval_schedule_locks: when it is next due, and who holds it while it
 * runs. Claiming is a single conditional UPDATE, so of several replicas ticking at once exactly
 * one wins; a crashed holder's claim expires and the next tick takes over.
 */

export async function ensureSchedule(sql: SqlExecutor, o: { name: string; firstDue: number }): Promise<void> {
  await sql.execute(
    'INSERT INTO eval_schedule_locks (name, holder, expires_at, next_due) VALUES (?, NULL, 0, ?) ON CONFLICT (name) DO NOTHING',
    [o.name, o.firstDue],
  );
}

/** Claims a due schedule; true when this holder won it. */
export async function claimDue(
  sql: SqlExecutor,
  o: { name: string; holder: string; now: number; leaseMs: number },
): Promise<boolean> {
  const { changes } = await sql.execute(
    `UPDATE eval_schedule_locks SET holder = ?, expires_at = ?
     WHERE name = ? AND next_due <= ? AND (holder IS NULL OR expires_at < ?)`,
    [o.holder, o.now + o.leaseMs, o.name, o.now, o.now],
  );
  return changes === 1;
}

export async function renewClaim(
  sql: SqlExecutor,
  o: { name: string; holder: string; until: number },
): Promise<boolean> {
  const { changes } = await sql.execute(
    'UPDATE eval_schedule_locks SET expires_at = ? WHERE name = ? AND holder = ?',
    [o.until, o.name, o.holder],
  );
  return changes === 1;
}

/** Releases the claim and sets the next due time: one period after the previous due time, never in the past. */
export async function completeClaim(
  sql: SqlExecutor,
  o: { name: string; holder: string; everyMs: number; now: number },
): Promise<void> {
  const rows = await sql.query('SELECT next_due FROM eval_schedule_locks WHERE name = ?', [o.name]);
  const previous = num(rows[0]?.next_due ?? o.now);
  const next = Math.max(previous + o.everyMs, o.now + Math.min(o.everyMs, 60_000));
  await sql.execute(
    'UPDATE eval_schedule_locks SET holder = NULL, expires_at = 0, next_due = ? WHERE name = ? AND holder = ?',
    [next, o.name, o.holder],
  );
}

/** Makes a schedule due now (the API's "run now"). */
export async function makeDue(sql: SqlExecutor, o: { name: string; now: number }): Promise<void> {
  await sql.execute('UPDATE eval_schedule_locks SET next_due = ? WHERE name = ?', [o.now, o.name]);
}

export async function scheduleState(
  sql: SqlExecutor,
  name: string,
): Promise<{ holder: string | null; nextDue: number } | null> {
  const rows = await sql.query('SELECT holder, next_due FROM eval_schedule_locks WHERE name = ?', [name]);
  const row = rows[0];
  return row ? { holder: row.holder === null ? null : String(row.holder), nextDue: num(row.next_due) } : null;
}
