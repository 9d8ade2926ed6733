import { z } from 'zod';
import { atLeast, defineScorer, NO_REFERENCE, result } from './define.ts';
import { unitThreshold } from './params.ts';
import { referencesOf, referencesParam } from './references.ts';
import { ngramCounts, tokenize, total } from './tokenize.ts';

/*
 * Sentence BLEU (Papineni et al. 2002) without a corpus: modified n-gram precisions p1..pN (each
 * candidate n-gram's count clipped to its max count in any one reference), uniform weights 1/N,
 * brevity penalty BP = 1 if c > r else exp(1 − r/c), where r is the reference length closest to
 * the candidate length c (ties → the shorter). BLEU = BP · exp(Σ ln(p_n) / N). As in NLTK, no
 * matching unigram at all gives 0, and a p_n denominator is at least 1.
 *
 * One sentence rarely has a matching 4-gram, which zeroes unsmoothed BLEU, so smoothing is on:
 * - 'method1' (default; NLTK SmoothingFunction().method1, Chen & Cherry 2014): a zero
 *   numerator becomes ε (0.1) — p_n = ε / count.
 * - 'add-one' (Lin & Och 2004, NLTK method2): p_n = (matches + 1) / (count + 1) for n ≥ 2.
 * - 'none': plain BLEU; any p_n = 0 gives 0.
 */

export type BleuSmoothing = 'method1' | 'add-one' | 'none';

export interface BleuOptions {
  maxN?: number;
  smoothing?: BleuSmoothing;
  epsilon?: number;
}

export interface BleuResult {
  bleu: number;
  precisions: number[];
  brevityPenalty: number;
  candidateLength: number;
  referenceLength: number;
}

function closestRefLength(c: number, refLengths: number[]): number {
  let best = refLengths[0] ?? 0;
  for (const r of refLengths) {
    const d = Math.abs(r - c);
    const bd = Math.abs(best - c);
    if (d < bd || (d === bd && r < best)) best = r;
  }
  return best;
}

function clippedMatches(cand: Map<string, number>, refs: Map<string, number>[]): number {
  let matches = 0;
  for (const [gram, count] of cand) {
    let maxRef = 0;
    for (const r of refs) maxRef = Math.max(maxRef, r.get(gram) ?? 0);
    matches += Math.min(count, maxRef);
  }
  return matches;
}

export function sentenceBleu(candidate: string, references: string[], options: BleuOptions = {}): BleuResult {
  const maxN = options.maxN ?? 4;
  const smoothing = options.smoothing ?? 'method1';
  const epsilon = options.epsilon ?? 0.1;
  const cand = tokenize(candidate);
  const refs = references.map(tokenize);
  const c = cand.length;
  const r = closestRefLength(
    c,
    refs.map((t) => t.length),
  );
  const brevityPenalty = c === 0 ? 0 : c > r ? 1 : Math.exp(1 - r / c);
  const precisions: number[] = [];
  let unigramMatches = 0;
  for (let n = 1; n <= maxN; n++) {
    const counts = ngramCounts(cand, n);
    const matches = clippedMatches(
      counts,
      refs.map((t) => ngramCounts(t, n)),
    );
    const denominator = Math.max(1, total(counts));
    if (n === 1) unigramMatches = matches;
    if (smoothing === 'add-one' && n >= 2) precisions.push((matches + 1) / (denominator + 1));
    else if (smoothing === 'method1' && matches === 0) precisions.push(epsilon / denominator);
    else precisions.push(matches / denominator);
  }
  const base = { precisions, brevityPenalty, candidateLength: c, referenceLength: r };
  if (unigramMatches === 0 || precisions.some((p) => p === 0)) return { bleu: 0, ...base };
  const logMean = precisions.reduce((sum, p) => sum + Math.log(p), 0) / maxN;
  return { bleu: brevityPenalty * Math.exp(logMean), ...base };
}

export const bleuScorer = defineScorer({
  type: 'bleu',
  modelGraded: false,
  description: 'sentence BLEU against one or more references (smoothed; see docs)',
  params: z.strictObject({
    value: referencesParam,
    maxN: z.number().int().min(1).max(4).default(4),
    smoothing: z.enum(['method1', 'add-one', 'none']).default('method1'),
    epsilon: z.number().positive().max(1).default(0.1),
    threshold: unitThreshold(0.5),
  }),
  build: (p) => (input) => {
    const refs = referencesOf(p.value, input);
    if (refs.length === 0) return NO_REFERENCE('bleu');
    const b = sentenceBleu(input.output, refs, p);
    const pass = atLeast(b.bleu, p.threshold);
    return result(
      b.bleu,
      pass,
      `BLEU ${b.bleu.toFixed(3)} ${pass ? '≥' : '<'} ${p.threshold} (BP ${b.brevityPenalty.toFixed(3)}, smoothing ${p.smoothing})`,
      { ...b },
    );
  },
});
