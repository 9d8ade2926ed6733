import { z } from 'zod';
import { atLeast, defineScorer, NO_REFERENCE, requireModel, result } from '../../scorers/define.ts';
import { referenceText, unitThreshold } from '../../scorers/params.ts';
import { askJudge, type Parsed } from '../ask.ts';
import { judgeDetails, unparseableResult } from '../judge-result.ts';
import { questionOf } from '../material.ts';
import { field, readBinary } from '../parse.ts';
import { recallPrompt } from '../prompts/rag-claims.ts';
import { contextOf, noContext, objectListField, ratio } from './common.ts';

export interface Attribution {
  statement: string;
  attributed: boolean;
}

export function parseAttributions(text: string): Parsed<Attribution[]> {
  const list = objectListField(text, ['classifications', 'statements', 'verdicts']);
  if (!list || list.length === 0) return { ok: false, why: 'no "classifications" list found' };
  const out: Attribution[] = [];
  for (const entry of list) {
    const attributed = readBinary(field(entry, ['attributed', 'verdict', 'supported']));
    const statement = field(entry, ['statement', 'sentence', 'claim']);
    if (attributed === undefined) return { ok: false, why: 'a classification has no 1/0 "attributed"' };
    out.push({ statement: typeof statement === 'string' ? statement : '', attributed });
  }
  return { ok: true, value: out };
}

/**
 * Ragas context recall: the reference answer's statements, each attributed to the retrieved
 * context or not; score = attributable statements / all statements.
 */
export const contextRecallScorer = defineScorer({
  type: 'context-recall',
  modelGraded: true,
  description: "Ragas context recall: share of the reference answer's statements the context supports",
  params: z.strictObject({ value: referenceText.optional(), threshold: unitThreshold(0.5) }),
  build: (p) => async (input, ctx) => {
    const reference = p.value ?? input.expected;
    if (reference === undefined) return NO_REFERENCE('context-recall');
    const context = contextOf(input);
    if (context.length === 0) return noContext('context-recall');
    const question = questionOf(input.input);
    const asked = await askJudge({
      model: requireModel('context-recall', ctx),
      messages: recallPrompt({ reference, context, ...(question ? { question } : {}) }),
      parse: parseAttributions,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
    if (!asked.ok) return unparseableResult('context-recall', asked);
    const score = ratio(asked.value.map((a) => a.attributed));
    const hits = asked.value.filter((a) => a.attributed).length;
    return result(
      score,
      atLeast(score, p.threshold),
      `${hits} of ${asked.value.length} reference statements attributable to the context`,
      judgeDetails('context-recall', { statements: asked.value }),
    );
  },
});
