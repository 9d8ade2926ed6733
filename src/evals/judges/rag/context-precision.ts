import { z } from 'zod';
import { atLeast, defineScorer, requireModel, result } from '../../scorers/define.ts';
import { referenceText, unitThreshold } from '../../scorers/params.ts';
import { askJudge, mapLimit, type Parsed } from '../ask.ts';
import { judgeDetails, unparseableResult } from '../judge-result.ts';
import { questionOf } from '../material.ts';
import { extractJsonObject, field, readBinary, reasonOf } from '../parse.ts';
import { chunkUsefulPrompt } from '../prompts/rag-context.ts';
import { contextOf, JUDGE_FAN_OUT, maxItems, noContext } from './common.ts';

/**
 * Ragas context precision@K = Σ_{k=1..K} (precision@k · v_k) / (number of relevant chunks in the
 * top K), where v_k ∈ {0,1} is chunk k's relevance and precision@k = relevant in top k / k. It is
 * average precision over the retrieved ranking: relevant chunks ranked early score higher. No
 * relevant chunk at all → 0.
 */
export function averagePrecision(relevant: readonly boolean[]): number {
  let hits = 0;
  let sum = 0;
  relevant.forEach((v, i) => {
    if (!v) return;
    hits++;
    sum += hits / (i + 1);
  });
  return hits === 0 ? 0 : sum / hits;
}

export function parseChunkVerdict(text: string): Parsed<{ useful: boolean; reason: string }> {
  const obj = extractJsonObject(text);
  const useful = readBinary(field(obj, ['verdict', 'useful', 'relevant']));
  if (useful === undefined) return { ok: false, why: 'no 1/0 verdict found' };
  return { ok: true, value: { useful, reason: reasonOf(obj, text, 300) } };
}

export const contextPrecisionScorer = defineScorer({
  type: 'context-precision',
  modelGraded: true,
  description: 'Ragas context precision: average precision of the retrieved chunks judged useful',
  params: z.strictObject({
    /** Reference answer; else the item's expected output; else the output (Ragas "without reference"). */
    value: referenceText.optional(),
    threshold: unitThreshold(0.5),
    maxChunks: maxItems(20),
  }),
  build: (p) => async (input, ctx) => {
    const chunks = contextOf(input).slice(0, p.maxChunks);
    if (chunks.length === 0) return noContext('context-precision');
    const model = requireModel('context-precision', ctx);
    const reference = p.value ?? input.expected;
    const answer = reference ?? input.output;
    const question = questionOf(input.input) ?? '';
    const asked = await mapLimit(chunks, JUDGE_FAN_OUT, (chunk) =>
      askJudge({
        model,
        messages: chunkUsefulPrompt({ question, answer, chunk }),
        parse: parseChunkVerdict,
        ...(ctx.signal ? { signal: ctx.signal } : {}),
      }),
    );
    const variant = reference !== undefined ? 'with-reference' : 'without-reference';
    const failed = asked.findIndex((a) => !a.ok);
    const bad = asked[failed];
    if (bad && !bad.ok) return unparseableResult('context-precision', bad, { chunk: failed + 1, variant });
    const verdicts = asked.map((a) => (a.ok ? a.value : { useful: false, reason: '' }));
    const score = averagePrecision(verdicts.map((v) => v.useful));
    const useful = verdicts.filter((v) => v.useful).length;
    return result(
      score,
      atLeast(score, p.threshold),
      `${useful} of ${chunks.length} chunks useful; average precision ${score.toFixed(3)}`,
      judgeDetails('context-precision', { variant, verdicts }),
    );
  },
});
