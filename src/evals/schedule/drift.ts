import type { ResultsRepo } from '../runner/index.ts';
import { bootstrapMeanCI, bootstrapPairedDiffCI } from '../stats/index.ts';

/**
 * "Did the vendor change the model?" A scheduled run's per-item scores are compared with the
 * same items in the previous runs (their per-item mean is the reference). The run has shifted
 * when the paired bootstrap CI of (current − reference) excludes zero AND the mean moved by at
 * least `minDelta` — significance alone would flag trivially small but consistent changes.
 */

export interface ShiftVerdict {
  shifted: boolean;
  /** Items scored both now and in the reference runs. */
  paired: number;
  currentMean: number | null;
  referenceMean: number | null;
  diff: number | null;
  diffCi: { lower: number; upper: number } | null;
  /** The reference runs' mean with its CI ("the previous distribution"). */
  referenceCi: { lower: number; upper: number } | null;
  reason: string;
}

async function itemScores(
  results: ResultsRepo,
  experimentId: string,
  target: string,
): Promise<Map<string, number>> {
  const map = new Map<string, number>();
  for await (const page of results.iterate(experimentId)) {
    for (const r of page)
      if (r.model === target && r.error === null && r.score !== null) map.set(r.itemId, r.score);
  }
  return map;
}

export async function detectShift(o: {
  results: ResultsRepo;
  current: { experimentId: string; target: string };
  previous: readonly { experimentId: string; target: string }[];
  confidence: number;
  minDelta: number;
}): Promise<ShiftVerdict> {
  const current = await itemScores(o.results, o.current.experimentId, o.current.target);
  const sums = new Map<string, { sum: number; n: number }>();
  for (const p of o.previous) {
    for (const [id, score] of await itemScores(o.results, p.experimentId, p.target)) {
      const e = sums.get(id) ?? { sum: 0, n: 0 };
      e.sum += score;
      e.n++;
      sums.set(id, e);
    }
  }
  const now: number[] = [];
  const ref: number[] = [];
  for (const [id, score] of current) {
    const e = sums.get(id);
    if (!e) continue;
    now.push(score);
    ref.push(e.sum / e.n);
  }
  const mean = (xs: number[]) => (xs.length === 0 ? null : xs.reduce((s, x) => s + x, 0) / xs.length);
  const base = { paired: now.length, currentMean: mean([...current.values()]), referenceMean: mean(ref) };
  if (o.previous.length === 0 || now.length < 2) {
    return {
      ...base,
      shifted: false,
      diff: null,
      diffCi: null,
      referenceCi: null,
      reason:
        o.previous.length === 0 ? 'first run: it becomes the reference' : 'too few items scored in both',
    };
  }
  const opts = { confidence: o.confidence, resamples: 2000, seed: 7 };
  const diffCi = bootstrapPairedDiffCI(now, ref, opts);
  const refCi = bootstrapMeanCI(ref, opts);
  const diff = diffCi.estimate;
  const significant = diffCi.lower > 0 || diffCi.upper < 0;
  const shifted = significant && Math.abs(diff) >= o.minDelta;
  const pct = Math.round(o.confidence * 100);
  const reason = shifted
    ? `mean score moved ${diff >= 0 ? '+' : ''}${diff.toFixed(3)} (paired ${pct}% CI [${diffCi.lower.toFixed(3)}, ${diffCi.upper.toFixed(3)}] excludes 0; reference ${refCi.estimate.toFixed(3)} [${refCi.lower.toFixed(3)}, ${refCi.upper.toFixed(3)}])`
    : `no shift (Δ ${diff.toFixed(3)}, paired ${pct}% CI [${diffCi.lower.toFixed(3)}, ${diffCi.upper.toFixed(3)}])`;
  return {
    ...base,
    shifted,
    diff,
    diffCi: { lower: diffCi.lower, upper: diffCi.upper },
    referenceCi: { lower: refCi.lower, upper: refCi.upper },
    reason,
  };
}
