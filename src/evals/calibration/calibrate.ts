import { KeelError } from '../../errors/index.ts';
import { bootstrapCI } from '../stats/bootstrap.ts';
import { type ConfusionMatrix, confusionMatrix, percentAgreementOf, sortLabels } from '../stats/confusion.ts';
import { type KappaWeights, kappaFromMatrix } from '../stats/kappa.ts';
import { type Rating, toBinary, toOrdinal } from './labels.ts';

export interface CalibrationItem {
  id: string;
  human: Rating;
  judge: Rating;
}

export interface CalibrateOptions {
  items: readonly CalibrationItem[];
  scale: 'binary' | 'ordinal';
  /** κ needed to trust the judge; default 0.8. */
  target?: number;
  /** Binary: numeric ratings pass at ≥ this; default 0.5. */
  passThreshold?: number;
  /** Ordinal: the scale's points in order (default: every value seen). Give it when points may be unused. */
  labels?: readonly number[];
  /** Ordinal: kappa weights; default quadratic. */
  weights?: 'linear' | 'quadratic';
  /** Bootstrap CI for κ (resampling items); false to skip. Default 1000 resamples, seed 1. */
  bootstrap?: { resamples?: number; seed?: number; confidence?: number } | false;
  /** Labels for reports. */
  judge?: string;
  rubric?: string;
}

export interface CalibrationResult {
  judge?: string;
  rubric?: string;
  scale: 'binary' | 'ordinal';
  n: number;
  target: number;
  kappa: number | null;
  kappaKind: 'cohen' | 'weighted-linear' | 'weighted-quadratic';
  kappaCi: { lower: number; upper: number; confidence: number } | null;
  percentAgreement: number;
  /** Rows: human, columns: judge. */
  confusion: ConfusionMatrix<string | number>;
  pass: boolean;
  verdict: string;
  disagreements: { id: string; human: string | number; judge: string | number }[];
  warnings: string[];
}

/** Below this many items κ swings widely with a few labels; the report says so. */
export const SMALL_SAMPLE = 50;

function normalise(o: CalibrateOptions) {
  if (o.items.length === 0)
    throw new KeelError('invalid_request', 'Calibration needs at least one labelled item');
  if (o.scale === 'binary') {
    const passThreshold = o.passThreshold ?? 0.5;
    const conv = (id: string, who: string, v: Rating) => toBinary(v, { id, who, passThreshold });
    return {
      human: o.items.map((it) => conv(it.id, 'human', it.human)),
      judge: o.items.map((it) => conv(it.id, 'judge', it.judge)),
      labels: ['fail', 'pass'] as (string | number)[],
      weights: 'none' as KappaWeights,
    };
  }
  const numbers = (v: Rating) => (typeof v === 'string' ? Number(v) : Number(v));
  const labels = o.labels
    ? [...o.labels]
    : sortLabels(o.items.flatMap((it) => [numbers(it.human), numbers(it.judge)]).filter(Number.isFinite));
  const conv = (id: string, who: string, v: Rating) => toOrdinal(v, { id, who, labels });
  return {
    human: o.items.map((it) => conv(it.id, 'human', it.human)) as (string | number)[],
    judge: o.items.map((it) => conv(it.id, 'judge', it.judge)) as (string | number)[],
    labels: labels as (string | number)[],
    weights: (o.weights ?? 'quadratic') as KappaWeights,
  };
}

function kappaInterval(
  human: (string | number)[],
  judge: (string | number)[],
  labels: (string | number)[],
  weights: KappaWeights,
  o: CalibrateOptions,
) {
  if (o.bootstrap === false) return null;
  const ci = bootstrapCI(
    human.length,
    (idx) => {
      const h = Array.from(idx, (i) => human[i]!);
      const j = Array.from(idx, (i) => judge[i]!);
      // A resample where κ is undefined (one category only) counts as no agreement beyond chance.
      return kappaFromMatrix(confusionMatrix(h, j, labels), weights) ?? 0;
    },
    { resamples: 1000, seed: 1, ...o.bootstrap },
  );
  return { lower: ci.lower, upper: ci.upper, confidence: ci.confidence };
}

/**
 * Agreement between a judge and human labels on the same items: Cohen's κ for binary verdicts,
 * weighted κ (quadratic by default) for ordinal scores, the confusion matrix, and a pass/fail
 * against the target (0.8 by default: "almost perfect" agreement, the bar for trusting a judge).
 */
export function calibrate(o: CalibrateOptions): CalibrationResult {
  const target = o.target ?? 0.8;
  const { human, judge, labels, weights } = normalise(o);
  const confusion = confusionMatrix(human, judge, labels);
  const kappa = kappaFromMatrix(confusion, weights);
  const kappaCi = kappaInterval(human, judge, labels, weights, o);
  const kappaKind =
    weights === 'none' ? 'cohen' : weights === 'linear' ? 'weighted-linear' : 'weighted-quadratic';
  const pass = kappa !== null && kappa >= target;
  const warnings: string[] = [];
  if (o.items.length < SMALL_SAMPLE)
    warnings.push(`only ${o.items.length} labelled items; κ is unstable below ${SMALL_SAMPLE}`);
  if (kappa === null)
    warnings.push('κ is undefined: judge and humans used one and the same category for every item');
  if (pass && kappaCi && kappaCi.lower < target) {
    warnings.push(
      `the ${Math.round(kappaCi.confidence * 100)}% CI reaches below the target (${kappaCi.lower.toFixed(2)}); label more items to confirm`,
    );
  }
  const shown = kappa === null ? 'undefined' : kappa.toFixed(3);
  return {
    ...(o.judge !== undefined ? { judge: o.judge } : {}),
    ...(o.rubric !== undefined ? { rubric: o.rubric } : {}),
    scale: o.scale,
    n: o.items.length,
    target,
    kappa,
    kappaKind,
    kappaCi,
    percentAgreement: percentAgreementOf(confusion),
    confusion,
    pass,
    verdict: `${pass ? 'PASS' : 'FAIL'}: κ = ${shown} ${pass ? '≥' : '<'} target ${target}`,
    disagreements: o.items
      .map((it, i) => ({ id: it.id, human: human[i]!, judge: judge[i]! }))
      .filter((d) => d.human !== d.judge),
    warnings,
  };
}
