import { z } from 'zod';
import { atLeast, defineScorer, invalid, NO_REFERENCE, result } from './define.ts';
import { referenceText, unitThreshold } from './params.ts';

/** DP cells allowed (|a|·|b|); beyond it the scorer fails instead of burning seconds of CPU. */
export const MAX_LEVENSHTEIN_CELLS = 25_000_000;

/** Edit distance (insert, delete, substitute; each cost 1) over Unicode code points, two-row DP. */
export function levenshteinDistance(a: string, b: string): number {
  const s = Array.from(a);
  const t = Array.from(b);
  if (s.length === 0) return t.length;
  if (t.length === 0) return s.length;
  let prev = new Uint32Array(t.length + 1);
  let curr = new Uint32Array(t.length + 1);
  for (let j = 0; j <= t.length; j++) prev[j] = j;
  for (let i = 1; i <= s.length; i++) {
    curr[0] = i;
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      curr[j] = Math.min(prev[j]! + 1, curr[j - 1]! + 1, prev[j - 1]! + cost);
    }
    [prev, curr] = [curr, prev];
  }
  return prev[t.length]!;
}

/**
 * Similarity = 1 − distance / max(|a|, |b|) (code points); two empty strings are identical (1).
 * Pass: similarity ≥ threshold, or distance ≤ maxDistance when that is set (promptfoo's form).
 */
export const levenshteinScorer = defineScorer({
  type: 'levenshtein',
  modelGraded: false,
  description: 'normalised Levenshtein similarity to the reference',
  params: z.strictObject({
    value: referenceText.optional(),
    threshold: unitThreshold(0.8),
    maxDistance: z.number().int().min(0).optional(),
    caseInsensitive: z.boolean().default(false),
  }),
  build: (p) => (input) => {
    const ref = p.value ?? input.expected;
    if (ref === undefined) return NO_REFERENCE('levenshtein');
    const a = p.caseInsensitive ? input.output.toLowerCase() : input.output;
    const b = p.caseInsensitive ? ref.toLowerCase() : ref;
    const la = Array.from(a).length;
    const lb = Array.from(b).length;
    if (la * lb > MAX_LEVENSHTEIN_CELLS) {
      return invalid(`texts too long for Levenshtein (${la}×${lb} > ${MAX_LEVENSHTEIN_CELLS} cells)`);
    }
    const distance = levenshteinDistance(a, b);
    const longest = Math.max(la, lb);
    const similarity = longest === 0 ? 1 : 1 - distance / longest;
    const pass = p.maxDistance !== undefined ? distance <= p.maxDistance : atLeast(similarity, p.threshold);
    const rule = p.maxDistance !== undefined ? `distance ≤ ${p.maxDistance}` : `similarity ≥ ${p.threshold}`;
    return result(
      similarity,
      pass,
      `distance ${distance}, similarity ${similarity.toFixed(3)} (${pass ? 'meets' : 'fails'} ${rule})`,
      { distance, similarity },
    );
  },
});
