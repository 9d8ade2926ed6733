import { z } from 'zod';
import { atLeast, defineScorer, invalid, NO_REFERENCE, result } from './define.ts';
import { unitThreshold } from './params.ts';
import { referencesOf, referencesParam } from './references.ts';
import { clippedOverlap, fMeasure, ngramCounts, tokenize, total } from './tokenize.ts';

/*
 * ROUGE after Lin (2004), "ROUGE: A Package for Automatic Evaluation of Summaries", sentence level.
 * Tokens: see tokenize.ts. With several references the best-scoring one counts (as rouge-score).
 */

export interface Prf {
  precision: number;
  recall: number;
  f: number;
}

/** ROUGE-N: clipped n-gram overlap; P = overlap / candidate n-grams, R = overlap / reference n-grams. */
export function rougeN(candidate: string, reference: string, n: number, beta = 1): Prf {
  const c = ngramCounts(tokenize(candidate), n);
  const r = ngramCounts(tokenize(reference), n);
  const overlap = clippedOverlap(c, r);
  const precision = total(c) === 0 ? 0 : overlap / total(c);
  const recall = total(r) === 0 ? 0 : overlap / total(r);
  return { precision, recall, f: fMeasure(precision, recall, beta) };
}

/** Length of the longest common subsequence of two token lists (two-row DP). */
export function lcsLength(a: readonly string[], b: readonly string[]): number {
  let prev = new Uint32Array(b.length + 1);
  let curr = new Uint32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      curr[j] = a[i - 1] === b[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, curr[j - 1]!);
    }
    [prev, curr] = [curr, prev];
  }
  return prev[b.length]!;
}

/** Token pairs the LCS table may hold before the scorer declines (bounded CPU per item). */
export const MAX_LCS_CELLS = 25_000_000;

/** ROUGE-L: P = LCS / |candidate|, R = LCS / |reference|, F = (1+β²)PR / (R + β²P). */
export function rougeL(candidate: string, reference: string, beta = 1): Prf {
  const c = tokenize(candidate);
  const r = tokenize(reference);
  const lcs = c.length * r.length > MAX_LCS_CELLS ? Number.NaN : lcsLength(c, r);
  const precision = c.length === 0 ? 0 : lcs / c.length;
  const recall = r.length === 0 ? 0 : lcs / r.length;
  return { precision, recall, f: fMeasure(precision, recall, beta) };
}

const measureParam = z.enum(['f', 'precision', 'recall']).default('f');

function best(scores: Prf[], measure: keyof Prf): Prf | undefined {
  let top: Prf | undefined;
  for (const s of scores) if (!top || s[measure] > top[measure]) top = s;
  return top;
}

function verdict(label: string, prf: Prf, measure: keyof Prf, threshold: number) {
  const score = prf[measure];
  if (Number.isNaN(score)) return invalid(`${label}: texts too long to compare`);
  const pass = atLeast(score, threshold);
  return result(
    score,
    pass,
    `${label} ${measure} ${score.toFixed(3)} ${pass ? '≥' : '<'} ${threshold} (P ${prf.precision.toFixed(3)}, R ${prf.recall.toFixed(3)})`,
    { ...prf },
  );
}

export const rougeNScorer = defineScorer({
  type: 'rouge-n',
  modelGraded: false,
  description: 'ROUGE-N n-gram overlap with the reference (F-measure by default)',
  params: z.strictObject({
    value: referencesParam,
    n: z.number().int().min(1).max(4).default(1),
    measure: measureParam,
    beta: z.number().positive().default(1),
    threshold: unitThreshold(0.5),
  }),
  build: (p) => (input) => {
    const refs = referencesOf(p.value, input);
    const top = best(
      refs.map((r) => rougeN(input.output, r, p.n, p.beta)),
      p.measure,
    );
    return top ? verdict(`ROUGE-${p.n}`, top, p.measure, p.threshold) : NO_REFERENCE('rouge-n');
  },
});

export const rougeLScorer = defineScorer({
  type: 'rouge-l',
  modelGraded: false,
  description: 'ROUGE-L longest-common-subsequence overlap with the reference (F-measure by default)',
  params: z.strictObject({
    value: referencesParam,
    measure: measureParam,
    beta: z.number().positive().default(1),
    threshold: unitThreshold(0.5),
  }),
  build: (p) => (input) => {
    const refs = referencesOf(p.value, input);
    const top = best(
      refs.map((r) => rougeL(input.output, r, p.beta)),
      p.measure,
    );
    return top ? verdict('ROUGE-L', top, p.measure, p.threshold) : NO_REFERENCE('rouge-l');
  },
});
