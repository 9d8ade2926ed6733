import { isKeelError } from '../../errors/index.ts';
import type { SqlExecutor, SqlRow } from '../../spec/index.ts';
import type { JudgeModel } from '../../spec/scorer.ts';
import { uuidv7 } from '../../store/index.ts';
import { DatasetRepo } from '../datasets/index.ts';
import { pairwiseJudge } from '../judges/index.ts';
import { AdaptiveLimiter, type Experiment, ResultsRepo, scorerInputOf } from '../runner/index.ts';
import { bit, num } from '../sql.ts';

/**
 * Pairwise judging of two experiments' outputs for the same items (both orders; inconsistent
 * verdicts are ties), stored in eval_pairwise so preference pairs can be exported for DPO.
 */

export interface PairwiseRow {
  experimentA: string;
  experimentB: string;
  itemId: string;
  targetA: string;
  targetB: string;
  winner: 'A' | 'B' | 'tie';
  consistent: boolean;
  score: number;
  reason: string;
  judge: string;
}

export interface PairwiseSummary {
  judged: number;
  winsA: number;
  winsB: number;
  ties: number;
  inconsistent: number;
  errors: number;
  /** B's win rate with ties as half: 0.5 = no preference. */
  winRateB: number;
}

export function pairwiseRowOf(row: SqlRow): PairwiseRow {
  return {
    experimentA: String(row.experiment_a),
    experimentB: String(row.experiment_b),
    itemId: String(row.item_id),
    targetA: String(row.target_a),
    targetB: String(row.target_b),
    winner: String(row.winner) as PairwiseRow['winner'],
    consistent: num(row.consistent) === 1,
    score: num(row.score),
    reason: String(row.reason),
    judge: String(row.judge),
  };
}

async function store(sql: SqlExecutor, row: PairwiseRow): Promise<void> {
  await sql.execute(
    `INSERT INTO eval_pairwise (id, experiment_a, experiment_b, item_id, target_a, target_b, winner, consistent, score, reason, judge, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (experiment_a, experiment_b, item_id, target_a, target_b)
     DO UPDATE SET winner = excluded.winner, consistent = excluded.consistent, score = excluded.score, reason = excluded.reason, judge = excluded.judge`,
    [
      uuidv7(),
      row.experimentA,
      row.experimentB,
      row.itemId,
      row.targetA,
      row.targetB,
      row.winner,
      bit(row.consistent),
      row.score,
      row.reason.slice(0, 4000),
      row.judge,
      Date.now(),
    ],
  );
}

/** Judges every item both experiments answered without error; returns win counts. */
export async function judgePairwise(o: {
  sql: SqlExecutor;
  a: Experiment;
  b: Experiment;
  targetA: string;
  targetB: string;
  judge: JudgeModel;
  judgeName: string;
  rubric?: string;
  concurrency?: number;
  signal?: AbortSignal;
}): Promise<PairwiseSummary> {
  const results = new ResultsRepo(o.sql);
  const datasets = new DatasetRepo(o.sql);
  const summary: PairwiseSummary = {
    judged: 0,
    winsA: 0,
    winsB: 0,
    ties: 0,
    inconsistent: 0,
    errors: 0,
    winRateB: 0.5,
  };
  const limiter = new AdaptiveLimiter(o.concurrency ?? 4);
  const inFlight = new Set<Promise<void>>();
  for await (const page of results.iterate(o.b.id)) {
    for (const rb of page) {
      if (rb.model !== o.targetB || rb.output === null) continue;
      const ra = await results.result(o.a.id, rb.itemId, o.targetA);
      const item = await datasets.getItem(o.b.datasetId, o.b.datasetVersion, rb.itemId);
      if (!ra || ra.output === null || !item) continue;
      await limiter.acquire();
      const task = (async () => {
        try {
          const verdict = await pairwiseJudge({
            model: o.judge,
            input: scorerInputOf(item) ?? '',
            a: ra.output!,
            b: rb.output!,
            ...(o.rubric ? { rubric: o.rubric } : {}),
            ...(o.signal ? { signal: o.signal } : {}),
          });
          await store(o.sql, {
            experimentA: o.a.id,
            experimentB: o.b.id,
            itemId: rb.itemId,
            targetA: o.targetA,
            targetB: o.targetB,
            winner: verdict.winner,
            consistent: verdict.consistent,
            score: verdict.score,
            reason: verdict.reason,
            judge: o.judgeName,
          });
          summary.judged++;
          if (verdict.winner === 'A') summary.winsA++;
          else if (verdict.winner === 'B') summary.winsB++;
          else summary.ties++;
          if (!verdict.consistent) summary.inconsistent++;
        } catch (error) {
          summary.errors++;
          if (!isKeelError(error)) throw error;
        } finally {
          limiter.release();
        }
      })();
      inFlight.add(task);
      task.finally(() => inFlight.delete(task)).catch(() => undefined);
    }
  }
  await Promise.all(inFlight);
  summary.winRateB = summary.judged === 0 ? 0.5 : (summary.winsB + summary.ties / 2) / summary.judged;
  return summary;
}

/** Stored verdicts, for export (DPO pairs) and reports. */
export async function* pairwiseRows(
  sql: SqlExecutor,
  where: { experiment?: string } = {},
): AsyncGenerator<PairwiseRow[]> {
  let after = '';
  for (;;) {
    const rows = where.experiment
      ? await sql.query(
          'SELECT * FROM eval_pairwise WHERE id > ? AND (experiment_a = ? OR experiment_b = ?) ORDER BY id LIMIT 500',
          [after, where.experiment, where.experiment],
        )
      : await sql.query('SELECT * FROM eval_pairwise WHERE id > ? ORDER BY id LIMIT 500', [after]);
    if (rows.length === 0) return;
    yield rows.map(pairwiseRowOf);
    after = String(rows.at(-1)!.id);
    if (rows.length < 500) return;
  }
}
