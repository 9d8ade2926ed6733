import type { SettledSpendSource, SqlExecutor, SqlValue } from '../../spec/index.ts';
import type { ScopeKind } from '../types.ts';
import { dayOf, SCOPE_COLUMN, type SpendRow } from './spend-row.ts';

const COLUMNS = [
  'id',
  'ts',
  'day',
  'inserted_at',
  'org_id',
  'team_id',
  'project_id',
  'key_id',
  'model',
  'end_user',
  'feature',
  'tags',
  'status',
  'cost_usd',
  'prompt_tokens',
  'completion_tokens',
] as const;
const ROW_PLACEHOLDERS = `(${COLUMNS.map(() => '?').join(', ')})`;

/** Inserts a batch in one statement; rows already present (a retried batch) are skipped. */
export async function insertSpendRows(
  sql: SqlExecutor,
  rows: readonly SpendRow[],
  now = Date.now(),
): Promise<number> {
  if (rows.length === 0) return 0;
  const params: SqlValue[] = [];
  for (const r of rows) {
    params.push(
      r.id,
      r.ts,
      dayOf(r.ts),
      now,
      r.orgId,
      r.teamId,
      r.projectId,
      r.keyId,
      r.model,
      r.user,
      r.feature,
    );
    params.push(JSON.stringify(r.tags), r.status, r.costUsd, r.promptTokens, r.completionTokens);
  }
  const values = rows.map(() => ROW_PLACEHOLDERS).join(', ');
  const { changes } = await sql.execute(
    `INSERT INTO access_spend (${COLUMNS.join(', ')}) VALUES ${values} ON CONFLICT (id) DO NOTHING`,
    params,
  );
  return changes;
}

const FAR_FUTURE = 8_640_000_000_000_000; // the largest Date

/**
 * Settled spend of one scope in one period, for counters a store has not seen: rolled-up days
 * plus rows not rolled up yet. Periods start and end at UTC midnight, so day bounds and time
 * bounds cut the same rows. One statement, so a rollup committing meanwhile cannot make a row
 * count twice or not at all.
 */
export function settledSpendSource(sql: SqlExecutor): SettledSpendSource {
  return async (counter) => {
    const column = SCOPE_COLUMN[counter.scope as ScopeKind];
    if (!column) return 0;
    const from = counter.periodStart ?? 0;
    const until = counter.resetsAt ?? FAR_FUTURE;
    const fromDay = counter.periodStart === null ? '0000-00-00' : dayOf(from);
    const untilDay = counter.resetsAt === null ? '9999-99-99' : dayOf(until);
    const rows = await sql.query<{ total: number | null }>(
      `SELECT
         (SELECT COALESCE(SUM(cost_usd), 0) FROM access_spend_daily WHERE ${column} = ? AND day >= ? AND day < ?)
       + (SELECT COALESCE(SUM(cost_usd), 0) FROM access_spend WHERE rolled = 0 AND ${column} = ? AND ts >= ? AND ts < ?)
         AS total`,
      [counter.scopeId, fromDay, untilDay, counter.scopeId, from, until],
    );
    return Number(rows[0]?.total ?? 0);
  };
}
