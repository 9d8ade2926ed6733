import { z } from 'zod';
import {
  atLeast,
  defineScorer,
  invalid,
  missingModel,
  NO_REFERENCE,
  requireModel,
  result,
} from './define.ts';
import { referenceText, unitThreshold } from './params.ts';

/** Cosine similarity of two vectors; 0 when either is all zeros. Throws on a length mismatch. */
export function cosineSimilarity(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new Error(`vector lengths differ (${a.length} vs ${b.length})`);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/**
 * Embedding cosine similarity between output and reference (promptfoo's `similar`), via the
 * judge's embed(). Cosine lies in [−1, 1]; the score is max(0, cosine) so it stays in 0..1, and the
 * raw cosine is kept in details.
 */
export const similarScorer = defineScorer({
  type: 'similar',
  modelGraded: true,
  description: 'embedding cosine similarity to the reference ≥ threshold',
  params: z.strictObject({ value: referenceText.optional(), threshold: unitThreshold(0.75) }),
  build: (p) => async (input, ctx) => {
    const ref = p.value ?? input.expected;
    if (ref === undefined) return NO_REFERENCE('similar');
    const model = requireModel('similar', ctx);
    if (!model.embed) throw missingModel('similar', 'a model with embeddings (embed)');
    const vectors = await model.embed([input.output, ref], { signal: ctx.signal });
    const [a, b] = vectors;
    if (!a || !b) return invalid('similar: the embedding model returned too few vectors');
    const cosine = cosineSimilarity(a, b);
    const score = Math.max(0, cosine);
    const pass = atLeast(score, p.threshold);
    return result(score, pass, `cosine similarity ${cosine.toFixed(3)} ${pass ? '≥' : '<'} ${p.threshold}`, {
      cosine,
    });
  },
});
