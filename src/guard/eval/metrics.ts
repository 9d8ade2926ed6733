/** Binary classification counts: positive = "should be caught". */
export interface Confusion {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

export interface BinaryMetrics {
  precision: number;
  recall: number;
  f1: number;
  /** False-positive rate: fp / (fp + tn), the share of benign items blocked. */
  fpr: number;
  accuracy: number;
}

export function emptyConfusion(): Confusion {
  return { tp: 0, fp: 0, fn: 0, tn: 0 };
}

/** Adds one (label, prediction) pair to `c`. */
export function count(c: Confusion, label: 0 | 1 | boolean, predicted: 0 | 1 | boolean): Confusion {
  if (label && predicted) c.tp++;
  else if (label) c.fn++;
  else if (predicted) c.fp++;
  else c.tn++;
  return c;
}

export function confusionOf(labels: ReadonlyArray<0 | 1>, predictions: ReadonlyArray<0 | 1>): Confusion {
  const c = emptyConfusion();
  labels.forEach((label, i) => {
    count(c, label, predictions[i] ?? 0);
  });
  return c;
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);

/**
 * Precision, recall, F1, FPR and accuracy. Empty denominators give 0 (e.g. precision with no
 * positive predictions), so a benign-only set has recall 0 and the FPR is the number to read.
 */
export function binaryMetrics(c: Confusion): BinaryMetrics {
  const precision = ratio(c.tp, c.tp + c.fp);
  const recall = ratio(c.tp, c.tp + c.fn);
  return {
    precision,
    recall,
    f1: ratio(2 * precision * recall, precision + recall),
    fpr: ratio(c.fp, c.fp + c.tn),
    accuracy: ratio(c.tp + c.tn, c.tp + c.fp + c.fn + c.tn),
  };
}

/** Nearest-rank percentile (p in 0..100) of unsorted values; 0 for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export interface LatencySummary {
  p50: number;
  p99: number;
  mean: number;
  max: number;
}

export function latencySummary(ms: readonly number[]): LatencySummary {
  const mean = ms.length === 0 ? 0 : ms.reduce((a, b) => a + b, 0) / ms.length;
  return {
    p50: percentile(ms, 50),
    p99: percentile(ms, 99),
    mean,
    // A loop, not Math.max(...ms): an eval file of >~120k texts overflows the stack.
    max: ms.reduce((max, x) => Math.max(max, x), 0),
  };
}
