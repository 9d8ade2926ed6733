import type { SqlExecutor } from '../../spec/index.ts';

/**
 * A lease on a named background job (alert evaluation, retention) so that in cluster mode one
 * replica runs it at a time: taken when free or expired, renewed by its holder on every run, and
 * taken over by another replica once its holder stops renewing (crash) for `ttlMs`.
 */
export async function acquireJobLock(
  sql: SqlExecutor,
  o: { name: string; holder: string; ttlMs: number; nowMs: number },
): Promise<boolean> {
  const { changes } = await sql.execute(
    `INSERT INTO trace_job_locks (name, holder, expires_ms) VALUES (?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_ms = excluded.expires_ms
     WHERE trace_job_locks.holder = excluded.holder OR trace_job_locks.expires_ms < ?`,
    [o.name, o.holder, o.nowMs + o.ttlMs, o.nowMs],
  );
  return changes > 0;
}

export async function releaseJobLock(sql: SqlExecutor, o: { name: string; holder: string }): Promise<void> {
  await sql.execute('DELETE FROM trace_job_locks WHERE name = ? AND holder = ?', [o.name, o.holder]);
}
