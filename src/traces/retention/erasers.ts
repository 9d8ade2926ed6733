import type { SqlExecutor } from '../../spec/index.ts';
import { marks } from '../query/filters.ts';

/** What an eraser gets: the user, the tenants in scope, and the ids already found for them. */
export interface EraseContext {
  sql: SqlExecutor;
  userId: string;
  /** Tenants erased (undefined = every tenant). */
  tenants: readonly string[] | undefined;
  traceIds: readonly string[];
  requestIds: readonly string[];
}

/** Erases a module's own rows about an end user; returns rows deleted (or anonymised). */
export interface UserEraser {
  name: string;
  erase(ctx: EraseContext): Promise<number>;
}

const registry = new Map<string, UserEraser>();

/**
 * Lets another module add its tables to `DELETE /api/users/:id/data` and `keel erase`
 * (process-wide, like alert metric sources). Returns a function that removes it.
 */
export function registerUserEraser(eraser: UserEraser): () => void {
  if (registry.has(eraser.name)) throw new Error(`user eraser '${eraser.name}' is already registered`);
  registry.set(eraser.name, eraser);
  return () => {
    if (registry.get(eraser.name) === eraser) registry.delete(eraser.name);
  };
}

export function userErasers(): UserEraser[] {
  return [...registry.values()];
}

/** Whether a table (and column) exists in this store: other modules' tables are optional. */
export async function hasColumn(sql: SqlExecutor, table: string, column: string): Promise<boolean> {
  const rows =
    sql.dialect === 'sqlite'
      ? await sql.query('SELECT 1 AS x FROM pragma_table_info(?) WHERE name = ?', [table, column])
      : await sql.query(
          `SELECT 1 AS x FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = ? AND column_name = ?`,
          [table, column],
        );
  return rows.length > 0;
}

const CHUNK = 500;

/** DELETE … WHERE column IN (ids), chunked; 0 when the table or column does not exist. */
export async function deleteWhereIn(
  sql: SqlExecutor,
  o: { table: string; column: string; ids: readonly string[] },
): Promise<number> {
  if (o.ids.length === 0 || !(await hasColumn(sql, o.table, o.column))) return 0;
  let deleted = 0;
  for (let i = 0; i < o.ids.length; i += CHUNK) {
    const ids = o.ids.slice(i, i + CHUNK);
    deleted += (await sql.execute(`DELETE FROM ${o.table} WHERE ${o.column} IN (${marks(ids.length)})`, ids))
      .changes;
  }
  return deleted;
}

const SPEND_DIMS = ['day', 'org_id', 'team_id', 'project_id', 'key_id', 'model', 'end_user', 'feature'];
const SPEND_MEASURES = ['requests', 'errors', 'cost_usd', 'prompt_tokens', 'completion_tokens'];

/**
 * Spend rows are billing records: they are kept, with the end user blanked (''), so budgets and
 * chargeback totals stay right. Daily rollups of the user are folded into the '' rows.
 */
export async function anonymiseSpend(ctx: EraseContext): Promise<number> {
  const { sql } = ctx;
  if (!(await hasColumn(sql, 'access_spend', 'end_user'))) return 0;
  const scope = ctx.tenants ? ` AND project_id IN (${marks(ctx.tenants.length)})` : '';
  const params = [ctx.userId, ...(ctx.tenants ?? [])];
  return sql.transaction(async (tx) => {
    let changed = (
      await tx.execute(`UPDATE access_spend SET end_user = '' WHERE end_user = ?${scope}`, params)
    ).changes;
    if (await hasColumn(tx, 'access_spend_daily', 'end_user')) {
      const dims = SPEND_DIMS.map((d) => (d === 'end_user' ? "''" : d)).join(', ');
      const add = SPEND_MEASURES.map((m) => `${m} = access_spend_daily.${m} + excluded.${m}`).join(', ');
      await tx.execute(
        `INSERT INTO access_spend_daily (${[...SPEND_DIMS, ...SPEND_MEASURES].join(', ')})
         SELECT ${dims}, ${SPEND_MEASURES.join(', ')} FROM access_spend_daily WHERE end_user = ?${scope}
         ON CONFLICT (${SPEND_DIMS.join(', ')}) DO UPDATE SET ${add}`,
        params,
      );
      changed += (await tx.execute(`DELETE FROM access_spend_daily WHERE end_user = ?${scope}`, params))
        .changes;
    }
    return changed;
  });
}

/**
 * Evaluation rows that hold a sampled production request or trace of the user (online scores and
 * samples by request id; review tasks whose source is one of the user's requests or traces).
 */
export async function eraseEvalRows(ctx: EraseContext): Promise<number> {
  const hexRequests = ctx.requestIds.map((id) => id.replaceAll('-', '').toLowerCase());
  const sources = [...new Set([...ctx.requestIds, ...hexRequests, ...ctx.traceIds])];
  let deleted = 0;
  deleted += await deleteWhereIn(ctx.sql, {
    table: 'eval_online_scores',
    column: 'request_id',
    ids: ctx.requestIds,
  });
  deleted += await deleteWhereIn(ctx.sql, {
    table: 'eval_online_samples',
    column: 'request_id',
    ids: ctx.requestIds,
  });
  deleted += await deleteWhereIn(ctx.sql, { table: 'eval_review_tasks', column: 'source_id', ids: sources });
  return deleted;
}

/** Alert state and history grouped by user name the user in their group key. */
export async function eraseAlertRows(ctx: EraseContext): Promise<number> {
  const events = await ctx.sql.execute(
    "DELETE FROM trace_alert_events WHERE group_by = 'user' AND group_key = ?",
    [ctx.userId],
  );
  const states = await ctx.sql.execute('DELETE FROM trace_alert_state WHERE group_key = ?', [ctx.userId]);
  return events.changes + states.changes;
}
