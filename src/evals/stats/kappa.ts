import { type ConfusionMatrix, confusionMatrix, type Label } from './confusion.ts';

export type KappaWeights = 'none' | 'linear' | 'quadratic';

/**
 * Disagreement weight between categories i and j of k (ordered): 'none' → 0 on the diagonal and 1
 * elsewhere (Cohen's kappa), 'linear' → |i−j|/(k−1), 'quadratic' → (i−j)²/(k−1)² (Cohen 1968;
 * the normalisation cancels in the ratio, so these equal sklearn's unnormalised weights).
 */
export function disagreementWeight(i: number, j: number, k: number, weights: KappaWeights): number {
  if (i === j) return 0;
  if (weights === 'none' || k < 2) return 1;
  const d = Math.abs(i - j) / (k - 1);
  return weights === 'linear' ? d : d * d;
}

/**
 * κ = 1 − Σ w_ij·O_ij / Σ w_ij·E_ij, with O the observed proportions and E_ij = row_i·col_j the
 * proportions expected by chance from the raters' marginals. With 'none' weights this is exactly
 * Cohen's (p_o − p_e)/(1 − p_e). Returns null when chance disagreement is 0 (both raters used one
 * and the same category for everything): κ is then undefined (0/0), not 1.
 */
export function kappaFromMatrix(m: ConfusionMatrix, weights: KappaWeights = 'none'): number | null {
  const k = m.labels.length;
  const n = m.total;
  const rows = m.matrix.map((r) => r.reduce((s, v) => s + v, 0) / n);
  const cols = m.labels.map((_, j) => m.matrix.reduce((s, r) => s + r[j]!, 0) / n);
  let observed = 0;
  let expected = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const w = disagreementWeight(i, j, k, weights);
      observed += (w * m.matrix[i]![j]!) / n;
      expected += w * rows[i]! * cols[j]!;
    }
  }
  if (expected === 0) return null;
  return 1 - observed / expected;
}

/** Cohen's (unweighted) kappa of two raters over nominal categories. */
export function cohenKappa<L extends Label>(
  a: readonly L[],
  b: readonly L[],
  labels?: readonly L[],
): number | null {
  return kappaFromMatrix(confusionMatrix(a, b, labels), 'none');
}

/**
 * Weighted kappa for ordinal scales. `labels` gives the scale points in order; pass it whenever
 * some points may be unused, or the weights are computed over the wrong number of categories.
 */
export function weightedKappa<L extends Label>(
  a: readonly L[],
  b: readonly L[],
  options: { weights: 'linear' | 'quadratic'; labels?: readonly L[] },
): number | null {
  return kappaFromMatrix(confusionMatrix(a, b, options.labels), options.weights);
}

/** Landis & Koch (1977) descriptive bands, for reports only. */
export function describeKappa(kappa: number | null): string {
  if (kappa === null) return 'undefined';
  if (kappa < 0) return 'poor';
  if (kappa <= 0.2) return 'slight';
  if (kappa <= 0.4) return 'fair';
  if (kappa <= 0.6) return 'moderate';
  if (kappa <= 0.8) return 'substantial';
  return 'almost perfect';
}
