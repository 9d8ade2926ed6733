import { z } from 'zod';
import { atLeast, defineScorer, invalid, requireModel, result } from '../../scorers/define.ts';
import { unitThreshold } from '../../scorers/params.ts';
import { askJudge, type Parsed } from '../ask.ts';
import { judgeDetails, unparseableResult } from '../judge-result.ts';
import { questionOf } from '../material.ts';
import { requiredSentencesPrompt } from '../prompts/rag-context.ts';
import { contextOf, noContext, stringListField } from './common.ts';
import { normaliseSentence, splitSentences } from './sentences.ts';

export function parseRequiredSentences(text: string): Parsed<string[]> {
  const list = stringListField(text, ['sentences', 'required', 'relevant']);
  return list ? { ok: true, value: list } : { ok: false, why: 'no "sentences" list found' };
}

/**
 * promptfoo's context-relevance: the share of context sentences needed to answer the query,
 * required / total. Sentences the judge returns that are not in the context are not counted
 * (a judge cannot raise the score by inventing sentences); they are listed in details.
 */
export const contextRelevanceScorer = defineScorer({
  type: 'context-relevance',
  modelGraded: true,
  description: "share of the retrieved context's sentences needed to answer the question",
  params: z.strictObject({ threshold: unitThreshold(0) }),
  build: (p) => async (input, ctx) => {
    const context = contextOf(input);
    if (context.length === 0) return noContext('context-relevance');
    const question = questionOf(input.input);
    if (question === undefined) return invalid('context-relevance: the item has no question');
    const joined = context.join('\n');
    const sentences = splitSentences(joined);
    const known = new Set(sentences.map(normaliseSentence));
    const asked = await askJudge({
      model: requireModel('context-relevance', ctx),
      messages: requiredSentencesPrompt({ question, context: joined }),
      parse: parseRequiredSentences,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
    if (!asked.ok) return unparseableResult('context-relevance', asked);
    const picked = new Set(asked.value.map(normaliseSentence));
    const matched = [...picked].filter((s) => known.has(s));
    const unmatched = asked.value.filter((s) => !known.has(normaliseSentence(s)));
    const score = sentences.length === 0 ? 0 : Math.min(1, matched.length / sentences.length);
    return result(
      score,
      atLeast(score, p.threshold),
      `${matched.length} of ${sentences.length} context sentences needed to answer the question`,
      judgeDetails('context-relevance', {
        totalSentences: sentences.length,
        required: asked.value.filter((s) => known.has(normaliseSentence(s))),
        unmatched,
      }),
    );
  },
});
