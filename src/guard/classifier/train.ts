import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createRng } from '../../util/index.ts';
import {
  type AloneChoice,
  chooseAloneThreshold,
  chooseThreshold,
  type GroupedVector,
  outOfFoldScores,
  type ThresholdChoice,
} from './cross-validate.ts';
import { type FeatureOptions, vectorize } from './features.ts';
import { type HyperParameters, trainLogistic } from './logistic.ts';
import { encodeWeights, type ModelFile, type ModelSource } from './model.ts';

/**
 * The training pipeline shared by every guard classifier: load the task's training split →
 * featurise (with the same `prepare` the scanner uses at inference) → optional augmentation →
 * k-fold cross-validation over a small hyper-parameter grid → threshold on the out-of-fold scores
 * → final fit on all training data → a model file. Held-out/test data never enters here.
 */
export interface TrainExample {
  text: string;
  label: 0 | 1;
}

export interface TrainTaskSpec {
  task: string;
  description: string;
  sources: ModelSource[];
  features: FeatureOptions;
  /** Candidate hyper-parameters; the best cross-validated F1 wins (ties: the earlier one). */
  grid: HyperParameters[];
  folds: number;
  seed: number;
  /** The threshold must keep the out-of-fold false-positive rate at or below this. */
  maxFpr: number;
  minThreshold?: number;
  /** Training examples only; never the split that is reported as a test score. */
  loadExamples(dataDir: string): TrainExample[];
  /** Normalised text and heuristic feature names: must be what the scanner computes at inference. */
  prepare(text: string): { text: string; extra: string[] };
  /**
   * The scanner's final score given the classifier's probability for `text`, when the scanner
   * combines the classifier with rules; the threshold is then chosen on these combined
   * out-of-fold scores, i.e. for the decision the scanner actually makes.
   */
  combine?(probability: number, text: string): number;
  maxThreshold?: number;
  /**
   * Let the classifier decide alone where `eligible(text)` says nothing else would (e.g. no rule
   * fired): its own threshold is the lowest out-of-fold probability whose added false positives
   * stay within `maxFpr` of all negatives, and at least `minThreshold`.
   */
  alone?: { maxFpr: number; minThreshold: number; eligible(text: string): boolean };
  /** Training-only variants of an example (kept in its cross-validation fold). */
  augment?(example: TrainExample, rng: () => number): TrainExample[];
  /** Free-form notes recorded in the model file (e.g. what augmentation does). */
  notes?: string[];
}

export interface TrainReport {
  examples: number;
  positives: number;
  augmented: number;
  chosen: HyperParameters;
  crossValidation: ThresholdChoice;
  alone?: AloneChoice;
  grid: Array<{ params: HyperParameters; cv: ThresholdChoice }>;
}

function featurise(spec: TrainTaskSpec, examples: readonly TrainExample[]): GroupedVector[] {
  const rng = createRng(spec.seed ^ 0x5bd1e995);
  const out: GroupedVector[] = [];
  examples.forEach((example, group) => {
    const variants = [example, ...(spec.augment?.(example, rng) ?? [])];
    variants.forEach((variant, i) => {
      const prepared = spec.prepare(variant.text);
      out.push({
        vector: vectorize(prepared.text, prepared.extra, spec.features),
        label: variant.label,
        group,
        original: i === 0,
      });
    });
  });
  return out;
}

function dataDigest(examples: readonly TrainExample[]): string {
  const hash = createHash('sha256');
  for (const e of examples) hash.update(`${e.label}\t${e.text}\n`);
  return hash.digest('hex');
}

const round = (x: number): number => Math.round(x * 1e6) / 1e6;

function chooseAlone(
  alone: NonNullable<TrainTaskSpec['alone']>,
  data: readonly GroupedVector[],
  examples: readonly TrainExample[],
  scores: Float64Array,
): AloneChoice | undefined {
  const scored = data.flatMap((item, i) =>
    item.original
      ? [{ score: scores[i]!, label: item.label, eligible: alone.eligible(examples[item.group]!.text) }]
      : [],
  );
  return chooseAloneThreshold(scored, alone);
}

/** Trains the task's model from `examples`; pure and deterministic. */
export function trainFromExamples(
  spec: TrainTaskSpec,
  examples: readonly TrainExample[],
): { file: ModelFile; report: TrainReport } {
  const data = featurise(spec, examples);
  const bucketBits = spec.features.bucketBits;
  const grid = spec.grid.map((params) => {
    const scores = outOfFoldScores(data, { folds: spec.folds, seed: spec.seed, bucketBits, params });
    const scored = data.flatMap((item, i) => {
      if (!item.original) return [];
      const score = spec.combine ? spec.combine(scores[i]!, examples[item.group]!.text) : scores[i]!;
      return [{ score, label: item.label }];
    });
    const cv = chooseThreshold(scored, {
      maxFpr: spec.maxFpr,
      minThreshold: spec.minThreshold,
      maxThreshold: spec.maxThreshold,
    });
    return { params, cv, scores };
  });
  const best = grid.reduce((a, b) => (b.cv.f1 > a.cv.f1 ? b : a));
  const alone = spec.alone && chooseAlone(spec.alone, data, examples, best.scores);
  const final = trainLogistic(data, { bucketBits, params: best.params, seed: spec.seed });
  const positives = examples.filter((e) => e.label === 1).length;
  const report: TrainReport = {
    examples: examples.length,
    positives,
    augmented: data.length - examples.length,
    chosen: best.params,
    crossValidation: best.cv,
    ...(alone ? { alone } : {}),
    grid: grid.map(({ params, cv }) => ({ params, cv })),
  };
  const file: ModelFile = {
    format: 'keel-linear-v1',
    task: spec.task,
    description: spec.description,
    sources: spec.sources,
    training: {
      dataSha256: dataDigest(examples),
      examples: examples.length,
      positives,
      augmentedCopies: report.augmented,
      seed: spec.seed,
      folds: spec.folds,
      maxOutOfFoldFpr: spec.maxFpr,
      notes: spec.notes ?? [],
    },
    features: spec.features,
    hyperparameters: { ...best.params },
    threshold: round(best.cv.threshold),
    ...(alone ? { aloneThreshold: round(alone.threshold) } : {}),
    crossValidation: {
      precision: round(best.cv.precision),
      recall: round(best.cv.recall),
      f1: round(best.cv.f1),
      fpr: round(best.cv.fpr),
      ...(alone ? { aloneRecallGain: round(alone.recallGain), aloneFpr: round(alone.fpr) } : {}),
    },
    bias: final.bias,
    weights: encodeWeights(final.weights),
  };
  return { file, report };
}

/** Loads the task's training data from `dataDir` and trains. */
export function trainModel(spec: TrainTaskSpec, options: { dataDir: string }) {
  return trainFromExamples(spec, spec.loadExamples(options.dataDir));
}

/** Stable JSON text of a model file (same model → same bytes). */
export function serializeModel(file: ModelFile): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}

export function writeModel(file: ModelFile, path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, serializeModel(file));
}
