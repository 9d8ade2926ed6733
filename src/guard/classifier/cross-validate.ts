import { createRng } from '../../util/index.ts';
import { type HyperParameters, type LabelledVector, predictVector, trainLogistic } from './logistic.ts';
import { shuffleInPlace } from './shuffle.ts';

/** A training example after featurisation; `group` ties augmented copies to their original. */
export interface GroupedVector extends LabelledVector {
  group: number;
  /** False for augmented copies: they are trained on but never scored. */
  original: boolean;
}

/** Assigns each group to one of k folds, stratified by the group's label. */
export function assignFolds(data: readonly GroupedVector[], k: number, seed: number): Map<number, number> {
  const labelOf = new Map<number, 0 | 1>();
  for (const item of data) if (item.original) labelOf.set(item.group, item.label);
  const folds = new Map<number, number>();
  const rng = createRng(seed);
  for (const label of [0, 1] as const) {
    const groups = [...labelOf].filter(([, l]) => l === label).map(([g]) => g);
    groups.sort((a, b) => a - b);
    shuffleInPlace(groups, rng);
    groups.forEach((group, i) => {
      folds.set(group, i % k);
    });
  }
  return folds;
}

/** Out-of-fold probabilities for the original examples (index-aligned with `data`; NaN for copies). */
export function outOfFoldScores(
  data: readonly GroupedVector[],
  options: { folds: number; seed: number; bucketBits: number; params: HyperParameters },
): Float64Array {
  const foldOf = assignFolds(data, options.folds, options.seed);
  const scores = new Float64Array(data.length).fill(Number.NaN);
  for (let fold = 0; fold < options.folds; fold++) {
    const train = data.filter((item) => foldOf.get(item.group) !== fold);
    const model = trainLogistic(train, {
      bucketBits: options.bucketBits,
      params: options.params,
      seed: options.seed,
    });
    data.forEach((item, i) => {
      if (item.original && foldOf.get(item.group) === fold) scores[i] = predictVector(model, item.vector);
    });
  }
  return scores;
}

export interface ThresholdChoice {
  threshold: number;
  precision: number;
  recall: number;
  f1: number;
  fpr: number;
}

/**
 * The threshold with the best F1 among those whose false-positive rate stays within `maxFpr`,
 * placed midway to the next lower score so it is not glued to one training example.
 */
export function chooseThreshold(
  scored: ReadonlyArray<{ score: number; label: 0 | 1 }>,
  options: { maxFpr: number; minThreshold?: number; maxThreshold?: number },
): ThresholdChoice {
  const positives = scored.filter((s) => s.label === 1).length;
  const negatives = scored.length - positives;
  let best: ThresholdChoice = { threshold: 1, precision: 0, recall: 0, f1: 0, fpr: 0 };
  for (const { tp, fp, threshold } of thresholdCuts(scored)) {
    const fpr = negatives > 0 ? fp / negatives : 0;
    if (fpr > options.maxFpr) break;
    const precision = tp / (tp + fp);
    const recall = positives > 0 ? tp / positives : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    if (threshold < (options.minThreshold ?? 0)) break;
    if (threshold > (options.maxThreshold ?? 1)) continue;
    if (f1 > best.f1) best = { threshold, precision, recall, f1, fpr };
  }
  return best;
}

/**
 * Every cut of `scored` from the highest score down, one per distinct score: the positives and
 * negatives at or above it, and the threshold placed midway to the next lower score.
 */
function* thresholdCuts(
  scored: ReadonlyArray<{ score: number; label: 0 | 1 }>,
): Generator<{ tp: number; fp: number; threshold: number }> {
  const sorted = [...scored].sort((a, b) => b.score - a.score);
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (sorted[i]!.label === 1) tp++;
    else fp++;
    const next = sorted[i + 1];
    if (next && next.score === sorted[i]!.score) continue;
    yield { tp, fp, threshold: next ? (sorted[i]!.score + next.score) / 2 : sorted[i]!.score };
  }
}

export interface AloneChoice {
  threshold: number;
  /** Positives (of all positives) that only the classifier acting alone catches, out of fold. */
  recallGain: number;
  /** Negatives (of all negatives) it then blocks, out of fold. */
  fpr: number;
}

/**
 * The lowest probability at which a classifier may decide alone on the examples where nothing
 * else decides (`eligible`), keeping the negatives it blocks within `maxFpr` of all negatives and
 * never going below `minThreshold`. The lowest such threshold catches the most; the FPR cap is what
 * keeps it honest. Undefined when no eligible positive scores above the cap.
 */
export function chooseAloneThreshold(
  scored: ReadonlyArray<{ score: number; label: 0 | 1; eligible: boolean }>,
  options: { maxFpr: number; minThreshold: number },
): AloneChoice | undefined {
  const positives = scored.filter((s) => s.label === 1).length;
  const negatives = scored.length - positives;
  let choice: AloneChoice | undefined;
  for (const { tp, fp, threshold } of thresholdCuts(scored.filter((s) => s.eligible))) {
    const fpr = negatives > 0 ? fp / negatives : 0;
    if (fpr > options.maxFpr || threshold < options.minThreshold) break;
    if (tp > 0) choice = { threshold, recallGain: positives > 0 ? tp / positives : 0, fpr };
  }
  return choice;
}
