import { KeelError } from '../../errors/index.ts';
import type { SqlExecutor, SqlRow } from '../../spec/index.ts';
import { bit, boolOrNull, json, jsonOrNull, num, numOrNull, placeholders, strOrNull } from '../sql.ts';
import type {
  Experiment,
  ExperimentStatus,
  ExperimentSummary,
  ItemResult,
  ScoreEntry,
  Target,
} from './types.ts';

/** SQL for eval_experiments and eval_results. */

function experimentOf(row: SqlRow): Experiment {
  return {
    id: String(row.id),
    name: String(row.name),
    datasetId: String(row.dataset_id),
    datasetVersion: num(row.dataset_version),
    config: json(row.config),
    configHash: String(row.config_hash),
    targets: json<Target[]>(row.targets),
    status: String(row.status) as ExperimentStatus,
    source: String(row.source),
    total: num(row.total),
    costUsd: num(row.cost_usd),
    summary: jsonOrNull<ExperimentSummary>(row.summary),
    error: strOrNull(row.error),
    createdAt: num(row.created_at),
    updatedAt: num(row.updated_at),
    finishedAt: numOrNull(row.finished_at),
  };
}

export function resultOf(row: SqlRow): ItemResult {
  return {
    experimentId: String(row.experiment_id),
    itemId: String(row.item_id),
    model: String(row.model),
    seq: num(row.seq),
    output: strOrNull(row.output),
    error: strOrNull(row.error),
    latencyMs: num(row.latency_ms),
    promptTokens: num(row.prompt_tokens),
    completionTokens: num(row.completion_tokens),
    costUsd: num(row.cost_usd),
    scores: json<Record<string, ScoreEntry>>(row.scores),
    score: numOrNull(row.score),
    pass: boolOrNull(row.pass),
    requestId: strOrNull(row.request_id),
    servedModel: strOrNull(row.served_model),
    fingerprint: strOrNull(row.fingerprint),
    createdAt: num(row.created_at),
  };
}

const RESULT_COLUMNS =
  'experiment_id, item_id, model, seq, output, error, latency_ms, prompt_tokens, completion_tokens, cost_usd, scores, score, pass, request_id, served_model, fingerprint, created_at';

export class ResultsRepo {
  readonly sql: SqlExecutor;

  constructor(sql: SqlExecutor) {
    this.sql = sql;
  }

  async create(
    e: Omit<Experiment, 'summary' | 'error' | 'finishedAt' | 'costUsd' | 'updatedAt'>,
    lease: { holder: string; until: number },
  ) {
    await this.sql.execute(
      `INSERT INTO eval_experiments (id, name, dataset_id, dataset_version, config, config_hash, targets, status, source, total,
         lease_holder, lease_until, cost_usd, summary, error, created_at, updated_at, finished_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, NULL, NULL, ?, ?, NULL)`,
      [
        e.id,
        e.name,
        e.datasetId,
        e.datasetVersion,
        JSON.stringify(e.config),
        e.configHash,
        JSON.stringify(e.targets),
        e.status,
        e.source,
        e.total,
        lease.holder,
        lease.until,
        e.createdAt,
        e.createdAt,
      ],
    );
  }

  async get(id: string): Promise<Experiment | null> {
    const rows = await this.sql.query('SELECT * FROM eval_experiments WHERE id = ?', [id]);
    return rows[0] ? experimentOf(rows[0]) : null;
  }

  async require(id: string): Promise<Experiment> {
    const found = await this.get(id);
    if (!found)
      throw new KeelError('not_found', `No experiment '${id.slice(0, 80)}'`, { param: 'experiment' });
    return found;
  }

  async list(
    query: { name?: string; status?: ExperimentStatus; limit?: number } = {},
  ): Promise<Experiment[]> {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (query.name !== undefined) {
      where.push('name = ?');
      params.push(query.name);
    }
    if (query.status !== undefined) {
      where.push('status = ?');
      params.push(query.status);
    }
    params.push(query.limit ?? 50);
    const rows = await this.sql.query(
      `SELECT * FROM eval_experiments ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id DESC LIMIT ?`,
      params,
    );
    return rows.map(experimentOf);
  }

  /** The newest finished experiment of `name` other than `exclude` (for `--baseline latest`). */
  async latestCompleted(name: string, exclude?: string): Promise<Experiment | null> {
    const rows = await this.sql.query(
      `SELECT * FROM eval_experiments WHERE name = ? AND status = 'completed' AND id <> ? ORDER BY created_at DESC, id DESC LIMIT 1`,
      [name, exclude ?? ''],
    );
    return rows[0] ? experimentOf(rows[0]) : null;
  }

  /** An unfinished experiment (by plan hash, or by id), to resume. */
  async unfinished(
    where: { configHash: string } | { id: string },
  ): Promise<(Experiment & { leaseHolder: string | null; leaseUntil: number | null }) | null> {
    const [column, value] = 'id' in where ? ['id', where.id] : ['config_hash', where.configHash];
    const rows = await this.sql.query(
      `SELECT * FROM eval_experiments WHERE ${column} = ? AND status = 'running' ORDER BY created_at DESC LIMIT 1`,
      [value],
    );
    const row = rows[0];
    return row
      ? {
          ...experimentOf(row),
          leaseHolder: strOrNull(row.lease_holder),
          leaseUntil: numOrNull(row.lease_until),
        }
      : null;
  }

  /** Takes the lease when free (expired, or `canSteal` says its holder is gone). */
  async takeLease(
    id: string,
    o: { holder: string; until: number; now: number; expectedHolder: string | null },
  ): Promise<boolean> {
    const { changes } = await this.sql.execute(
      `UPDATE eval_experiments SET lease_holder = ?, lease_until = ?, updated_at = ?
       WHERE id = ? AND status = 'running' AND (lease_holder IS NULL OR lease_until < ? OR lease_holder = ?)`,
      [o.holder, o.until, o.now, id, o.now, o.expectedHolder ?? ''],
    );
    return changes === 1;
  }

  async heartbeat(
    id: string,
    o: { holder: string; until: number; now: number; costUsd: number },
  ): Promise<boolean> {
    const { changes } = await this.sql.execute(
      'UPDATE eval_experiments SET lease_until = ?, updated_at = ?, cost_usd = ? WHERE id = ? AND lease_holder = ?',
      [o.until, o.now, o.costUsd, id, o.holder],
    );
    return changes === 1;
  }

  async finish(
    id: string,
    o: { status: ExperimentStatus; summary: ExperimentSummary; error?: string; now: number },
  ) {
    await this.sql.execute(
      `UPDATE eval_experiments SET status = ?, summary = ?, cost_usd = ?, error = ?, finished_at = ?, updated_at = ?,
         lease_holder = NULL, lease_until = NULL WHERE id = ?`,
      [o.status, JSON.stringify(o.summary), o.summary.costUsd, o.error ?? null, o.now, o.now, id],
    );
  }

  /** `item\u0000model` keys already done (errored results are retried on resume). */
  async completed(experimentId: string, itemIds: readonly string[]): Promise<Set<string>> {
    const done = new Set<string>();
    if (itemIds.length === 0) return done;
    const rows = await this.sql.query(
      `SELECT item_id, model FROM eval_results WHERE experiment_id = ? AND error IS NULL AND item_id IN (${placeholders(itemIds.length)})`,
      [experimentId, ...itemIds],
    );
    for (const r of rows) done.add(`${String(r.item_id)}\u0000${String(r.model)}`);
    return done;
  }

  async count(experimentId: string): Promise<{ done: number; errors: number; costUsd: number }> {
    const rows = await this.sql.query(
      `SELECT COUNT(*) AS n, SUM(CASE WHEN error IS NULL THEN 0 ELSE 1 END) AS e, SUM(cost_usd) AS c FROM eval_results WHERE experiment_id = ?`,
      [experimentId],
    );
    return { done: num(rows[0]?.n ?? 0), errors: num(rows[0]?.e ?? 0), costUsd: num(rows[0]?.c ?? 0) };
  }

  /**
   * Writes one item's result. The key is unique: a successful result is never overwritten (so a
   * racing duplicate cannot double-count); an errored one is replaced when the retry succeeds.
   */
  async write(r: ItemResult): Promise<void> {
    const values = [
      r.experimentId,
      r.itemId,
      r.model,
      r.seq,
      r.output,
      r.error,
      r.latencyMs,
      r.promptTokens,
      r.completionTokens,
      r.costUsd,
      JSON.stringify(r.scores),
      r.score,
      r.pass === null ? null : bit(r.pass),
      r.requestId,
      r.servedModel,
      r.fingerprint,
      r.createdAt,
    ];
    const update = RESULT_COLUMNS.split(', ')
      .slice(3)
      .map((c) => `${c} = excluded.${c}`)
      .join(', ');
    await this.sql.execute(
      `INSERT INTO eval_results (${RESULT_COLUMNS}) VALUES (${placeholders(values.length)})
       ON CONFLICT (experiment_id, item_id, model) DO UPDATE SET ${update} WHERE eval_results.error IS NOT NULL`,
      values,
    );
  }

  /** A page of results in item order (seq, then model). */
  async page(
    experimentId: string,
    after: { seq: number; model: string } | null,
    limit = 500,
  ): Promise<ItemResult[]> {
    const rows = after
      ? await this.sql.query(
          `SELECT ${RESULT_COLUMNS} FROM eval_results WHERE experiment_id = ? AND (seq > ? OR (seq = ? AND model > ?))
           ORDER BY seq, model LIMIT ?`,
          [experimentId, after.seq, after.seq, after.model, limit],
        )
      : await this.sql.query(
          `SELECT ${RESULT_COLUMNS} FROM eval_results WHERE experiment_id = ? ORDER BY seq, model LIMIT ?`,
          [experimentId, limit],
        );
    return rows.map(resultOf);
  }

  async *iterate(experimentId: string, pageSize = 500): AsyncGenerator<ItemResult[]> {
    let after: { seq: number; model: string } | null = null;
    for (;;) {
      const page = await this.page(experimentId, after, pageSize);
      if (page.length === 0) return;
      yield page;
      if (page.length < pageSize) return;
      const last = page.at(-1)!;
      after = { seq: last.seq, model: last.model };
    }
  }

  async result(experimentId: string, itemId: string, model: string): Promise<ItemResult | null> {
    const rows = await this.sql.query(
      `SELECT ${RESULT_COLUMNS} FROM eval_results WHERE experiment_id = ? AND item_id = ? AND model = ?`,
      [experimentId, itemId, model],
    );
    return rows[0] ? resultOf(rows[0]) : null;
  }
}
