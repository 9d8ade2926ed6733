import { z } from 'zod';
import { KeelError } from '../../errors/index.ts';
import { createRng, randomIndex } from './prng.ts';

export interface BootstrapOptions {
  /** Resamples drawn; default 2000. */
  resamples?: number;
  /** Two-sided confidence level; default 0.95. */
  confidence?: number;
  /** PRNG seed; default 1, so the same data always gives the same interval. */
  seed?: number;
}

export interface ConfidenceInterval {
  /** The statistic on the original sample. */
  estimate: number;
  lower: number;
  upper: number;
  confidence: number;
  resamples: number;
  n: number;
}

const optionsSchema = z.strictObject({
  resamples: z.number().int().min(100).max(1_000_000).default(2000),
  confidence: z.number().gt(0).lt(1).default(0.95),
  seed: z.number().int().default(1),
});

function parseOptions(options: BootstrapOptions) {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new KeelError(
      'invalid_request',
      `Invalid bootstrap options: ${issue?.path.join('.')}: ${issue?.message}`,
    );
  }
  return parsed.data;
}

/** Quantile of sorted values by linear interpolation between order statistics (Hyndman & Fan type 7, numpy's default). */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  const a = sorted[lo]!;
  return a + (h - lo) * (sorted[hi]! - a);
}

/**
 * Percentile bootstrap (Efron): resample n indices with replacement `resamples` times, compute the
 * statistic on each, and take the α/2 and 1−α/2 quantiles. `statistic` receives the resampled
 * indices (reused buffer), so callers compute on their own data without copying it.
 */
export function bootstrapCI(
  n: number,
  statistic: (indices: Uint32Array) => number,
  options: BootstrapOptions = {},
): ConfidenceInterval {
  if (n === 0) throw new KeelError('invalid_request', 'Cannot bootstrap an empty sample');
  const { resamples, confidence, seed } = parseOptions(options);
  const identity = Uint32Array.from({ length: n }, (_, i) => i);
  const estimate = statistic(identity);
  const rng = createRng(seed);
  const stats = new Float64Array(resamples);
  const indices = new Uint32Array(n);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) indices[i] = randomIndex(rng, n);
    stats[r] = statistic(indices);
  }
  stats.sort();
  const alpha = 1 - confidence;
  return {
    estimate,
    lower: quantile(stats, alpha / 2),
    upper: quantile(stats, 1 - alpha / 2),
    confidence,
    resamples,
    n,
  };
}

function meanAt(values: ArrayLike<number>): (indices: Uint32Array) => number {
  return (indices) => {
    let sum = 0;
    for (let i = 0; i < indices.length; i++) sum += values[indices[i]!]!;
    return sum / indices.length;
  };
}

function assertFinite(values: readonly number[], what: string): void {
  if (values.some((v) => !Number.isFinite(v))) {
    throw new KeelError('invalid_request', `${what} contains a value that is not a finite number`);
  }
}

/** CI for the mean of one sample of scores. */
export function bootstrapMeanCI(
  values: readonly number[],
  options: BootstrapOptions = {},
): ConfidenceInterval {
  assertFinite(values, 'The sample');
  return bootstrapCI(values.length, meanAt(values), options);
}

/**
 * CI for mean(a − b) over paired scores (the same items scored under A and B): items are resampled
 * as pairs, which keeps the per-item correlation and gives a much tighter interval than comparing
 * two independent means. An interval that excludes 0 means the difference is unlikely to be noise.
 */
export function bootstrapPairedDiffCI(
  a: readonly number[],
  b: readonly number[],
  options: BootstrapOptions = {},
): ConfidenceInterval {
  if (a.length !== b.length) {
    throw new KeelError('invalid_request', `Paired samples differ in length (${a.length} vs ${b.length})`);
  }
  assertFinite(a, 'Sample A');
  assertFinite(b, 'Sample B');
  const diffs = Float64Array.from(a, (v, i) => v - b[i]!);
  return bootstrapCI(diffs.length, meanAt(diffs), options);
}
