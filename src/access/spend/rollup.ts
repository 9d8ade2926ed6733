import type { Logger } from '../../log/index.ts';
import type { SqlExecutor, SqlValue } from '../../spec/index.ts';

/**
 * Folds raw spend rows into daily aggregates. Each pass takes up to `batchSize` rows not rolled up
 * yet, adds them to the daily tables (UPSERT … + excluded) and marks them rolled — in one
 * transaction, so every row is counted exactly once even if the process dies mid-way. On Postgres
 * an advisory lock lets one replica roll up at a time (the others skip the round).
 */

interface RawRow {
  id: string;
  day: string;
  org_id: string;
  team_id: string;
  project_id: string;
  key_id: string;
  model: string;
  end_user: string;
  feature: string;
  tags: string;
  status: number;
  cost_usd: number;
  prompt_tokens: number;
  completion_tokens: number;
}

interface Totals {
  dims: string[];
  requests: number;
  errors: number;
  cost: number;
  prompt: number;
  completion: number;
}

const DAILY_DIMS = ['day', 'org_id', 'team_id', 'project_id', 'key_id', 'model', 'end_user', 'feature'];
const TAG_DIMS = ['day', 'tag', 'org_id', 'team_id', 'project_id', 'key_id', 'model'];
const MEASURES = ['requests', 'errors', 'cost_usd', 'prompt_tokens', 'completion_tokens'];
/** Rows per multi-row UPSERT / UPDATE (well under both backends' parameter limits). */
const CHUNK = 400;

function add(into: Map<string, Totals>, dims: string[], row: RawRow): void {
  const key = dims.join('\u0000');
  let totals = into.get(key);
  if (!totals) {
    totals = { dims, requests: 0, errors: 0, cost: 0, prompt: 0, completion: 0 };
    into.set(key, totals);
  }
  totals.requests++;
  if (Number(row.status) >= 400) totals.errors++;
  totals.cost += Number(row.cost_usd);
  totals.prompt += Number(row.prompt_tokens);
  totals.completion += Number(row.completion_tokens);
}

function parseTags(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}

async function upsert(tx: SqlExecutor, table: string, dims: string[], groups: Totals[]): Promise<void> {
  const columns = [...dims, ...MEASURES];
  const placeholders = `(${columns.map(() => '?').join(', ')})`;
  const updates = MEASURES.map((m) => `${m} = ${table}.${m} + excluded.${m}`).join(', ');
  for (let i = 0; i < groups.length; i += CHUNK) {
    const chunk = groups.slice(i, i + CHUNK);
    const params: SqlValue[] = [];
    for (const g of chunk) params.push(...g.dims, g.requests, g.errors, g.cost, g.prompt, g.completion);
    await tx.execute(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${chunk.map(() => placeholders).join(', ')}
       ON CONFLICT (${dims.join(', ')}) DO UPDATE SET ${updates}`,
      params,
    );
  }
}

async function lockRollup(tx: SqlExecutor): Promise<boolean> {
  if (tx.dialect !== 'postgres') return true;
  const rows = await tx.query<{ locked: boolean }>(
    "SELECT pg_try_advisory_xact_lock(hashtext(current_schema() || '.keel.access.spend_rollup')) AS locked",
  );
  return rows[0]?.locked === true;
}

/** One pass: rolls up to `batchSize` rows; returns how many it rolled (0 when idle or locked out). */
export async function rollupOnce(sql: SqlExecutor, batchSize = 5000): Promise<number> {
  return sql.transaction(async (tx) => {
    if (!(await lockRollup(tx))) return 0;
    const rows = await tx.query<RawRow & Record<string, unknown>>(
      `SELECT id, day, org_id, team_id, project_id, key_id, model, end_user, feature, tags, status,
              cost_usd, prompt_tokens, completion_tokens
         FROM access_spend WHERE rolled = 0 ORDER BY inserted_at LIMIT ?`,
      [batchSize],
    );
    if (rows.length === 0) return 0;
    const daily = new Map<string, Totals>();
    const tagged = new Map<string, Totals>();
    for (const row of rows) {
      add(
        daily,
        [row.day, row.org_id, row.team_id, row.project_id, row.key_id, row.model, row.end_user, row.feature],
        row,
      );
      for (const tag of parseTags(row.tags)) {
        add(tagged, [row.day, tag, row.org_id, row.team_id, row.project_id, row.key_id, row.model], row);
      }
    }
    await upsert(tx, 'access_spend_daily', DAILY_DIMS, [...daily.values()]);
    await upsert(tx, 'access_spend_daily_tags', TAG_DIMS, [...tagged.values()]);
    for (let i = 0; i < rows.length; i += CHUNK) {
      const ids = rows.slice(i, i + CHUNK).map((r) => r.id);
      await tx.execute(
        `UPDATE access_spend SET rolled = 1 WHERE id IN (${ids.map(() => '?').join(', ')})`,
        ids,
      );
    }
    return rows.length;
  });
}

/** Rolls up until nothing is left (or `maxPasses` passes ran). Returns the rows rolled. */
export async function rollupAll(
  sql: SqlExecutor,
  options: { batchSize?: number; maxPasses?: number } = {},
): Promise<number> {
  const batchSize = options.batchSize ?? 5000;
  let total = 0;
  for (let pass = 0; pass < (options.maxPasses ?? 1000); pass++) {
    const rolled = await rollupOnce(sql, batchSize);
    total += rolled;
    if (rolled < batchSize) break;
  }
  return total;
}

/** Runs rollupAll every `intervalMs` in the background (unref'd timer; overlapping runs are skipped). */
export function startRollupJob(
  sql: SqlExecutor,
  options: { intervalMs: number; logger: Logger },
): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = rollupAll(sql)
      .then(
        () => undefined,
        (error: unknown) =>
          options.logger.warn(
            { err: error instanceof Error ? error.message : String(error) },
            'spend rollup failed',
          ),
      )
      .finally(() => {
        running = null;
      });
  };
  const timer = options.intervalMs > 0 ? setInterval(tick, options.intervalMs) : null;
  timer?.unref();
  return {
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      if (running) await running;
    },
  };
}
