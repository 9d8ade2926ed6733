import { KeelError } from '../../errors/index.ts';

export type Label = string | number | boolean;

export interface ConfusionMatrix<L extends Label = Label> {
  /** Category order of rows and columns. */
  labels: L[];
  /** matrix[i][j] = items rater A put in labels[i] and rater B in labels[j]. */
  matrix: number[][];
  total: number;
}

/** Numbers ascending, then strings in code-point order (false < true for booleans). */
export function sortLabels<L extends Label>(labels: Iterable<L>): L[] {
  return [...new Set(labels)].sort((x, y) => {
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    if (typeof x === 'boolean' && typeof y === 'boolean') return Number(x) - Number(y);
    return String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : 0;
  });
}

export function assertPaired(a: readonly unknown[], b: readonly unknown[]): void {
  if (a.length !== b.length) {
    throw new KeelError('invalid_request', `Paired ratings differ in length (${a.length} vs ${b.length})`);
  }
  if (a.length === 0) throw new KeelError('invalid_request', 'No ratings to compare');
}

/**
 * Cross-tabulates two raters. `labels` fixes the categories and their order (needed for ordinal
 * scales where some points may be unused); by default it is every label seen, sorted.
 */
export function confusionMatrix<L extends Label>(
  a: readonly L[],
  b: readonly L[],
  labels?: readonly L[],
): ConfusionMatrix<L> {
  assertPaired(a, b);
  const order = labels ? [...labels] : sortLabels([...a, ...b]);
  const index = new Map<L, number>(order.map((l, i) => [l, i]));
  const matrix = order.map(() => new Array<number>(order.length).fill(0));
  for (let k = 0; k < a.length; k++) {
    const i = index.get(a[k] as L);
    const j = index.get(b[k] as L);
    if (i === undefined || j === undefined) {
      const bad = i === undefined ? a[k] : b[k];
      throw new KeelError('invalid_request', `Rating ${JSON.stringify(bad)} is not one of the labels`, {
        details: { labels: order },
      });
    }
    matrix[i]![j]!++;
  }
  return { labels: order, matrix, total: a.length };
}

/** Share of items on the diagonal. */
export function percentAgreementOf(m: ConfusionMatrix): number {
  let agree = 0;
  for (let i = 0; i < m.labels.length; i++) agree += m.matrix[i]![i]!;
  return agree / m.total;
}

export function percentAgreement<L extends Label>(a: readonly L[], b: readonly L[]): number {
  assertPaired(a, b);
  let agree = 0;
  for (let k = 0; k < a.length; k++) if (a[k] === b[k]) agree++;
  return agree / a.length;
}
