import { z } from 'zod';
import { atLeast, defineScorer, NO_REFERENCE, requireModel, result } from '../scorers/define.ts';
import { referenceText, unitThreshold } from '../scorers/params.ts';
import { askJudge, type Parsed } from './ask.ts';
import { judgeDetails, unparseableResult } from './judge-result.ts';
import { inputText } from './material.ts';
import { extractJsonObject, field, readBinary, reasonOf } from './parse.ts';
import { closedQaPrompt, factualityPrompt } from './prompts/factuality.ts';

export type FactCategory = 'A' | 'B' | 'C' | 'D' | 'E';
const CATEGORY_MEANING: Record<FactCategory, string> = {
  A: 'subset of the reference, consistent',
  B: 'superset of the reference, consistent',
  C: 'same details as the reference',
  D: 'disagrees with the reference',
  E: 'differs, but not in ways that matter for factuality',
};

const LAST_PAREN_LETTER = /\(([A-E])\)(?![\s\S]*\([A-E]\))/;
// Keywords in either case, but the letter itself upper-case: "the answer is a bit long" is not (A).
const LABELLED =
  /\b(?:[Cc]hoice|[Aa]nswer|[Cc]ategory|CHOICE|ANSWER|CATEGORY)\b\s*(?:is)?\s*[:=]?\s*\(?([A-E])\)?(?![A-Za-z])/;

export function parseFactChoice(text: string): Parsed<{ choice: FactCategory; reason: string }> {
  const obj = extractJsonObject(text);
  const raw = field(obj, ['choice', 'category', 'answer', 'verdict', 'grade']);
  const fromJson = typeof raw === 'string' ? /^\s*\(?([A-Ea-e])\)?(?![A-Za-z])/.exec(raw)?.[1] : undefined;
  const letter = fromJson ?? LABELLED.exec(text)?.[1] ?? LAST_PAREN_LETTER.exec(text)?.[1];
  if (!letter) return { ok: false, why: 'no category A–E found' };
  return { ok: true, value: { choice: letter.toUpperCase() as FactCategory, reason: reasonOf(obj, text) } };
}

const categoryScore = z.number().min(0).max(1);

/** factuality: the output's facts against the reference, in the five categories of OpenAI's fact eval. */
export const factualityScorer = defineScorer({
  type: 'factuality',
  modelGraded: true,
  description: 'a judge classifies the output against the reference (A–E); D (disagreement) fails',
  params: z.strictObject({
    value: referenceText.optional(),
    /** Score per category; promptfoo's defaults: every category passes except D. */
    categoryScores: z
      .strictObject({
        A: categoryScore.default(1),
        B: categoryScore.default(1),
        C: categoryScore.default(1),
        D: categoryScore.default(0),
        E: categoryScore.default(1),
      })
      .default({ A: 1, B: 1, C: 1, D: 0, E: 1 }),
    threshold: unitThreshold(0.5),
  }),
  build: (p) => async (input, ctx) => {
    const expected = p.value ?? input.expected;
    if (expected === undefined) return NO_REFERENCE('factuality');
    const question = inputText(input.input);
    const asked = await askJudge({
      model: requireModel('factuality', ctx),
      messages: factualityPrompt({
        output: input.output,
        expected,
        ...(question ? { input: question } : {}),
      }),
      parse: parseFactChoice,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
    if (!asked.ok) return unparseableResult('factuality', asked);
    const { choice, reason } = asked.value;
    const score = p.categoryScores[choice];
    return result(
      score,
      atLeast(score, p.threshold),
      `(${choice}) ${CATEGORY_MEANING[choice]}: ${reason}`,
      judgeDetails('factuality', { choice, attempts: asked.attempts, judgeRaw: asked.raw }),
    );
  },
});

const FINAL_YN = /\b(Y|N|Yes|No)\b[\s."'*]*$/i;

export function parseClosedQa(text: string): Parsed<{ meets: boolean; reason: string }> {
  const obj = extractJsonObject(text);
  let meets = readBinary(field(obj, ['verdict', 'meets', 'answer', 'result', 'pass']));
  if (meets === undefined) {
    const m = FINAL_YN.exec(text.trim());
    if (m?.[1]) meets = m[1].toUpperCase().startsWith('Y');
  }
  if (meets === undefined) return { ok: false, why: 'no Y/N verdict found' };
  return { ok: true, value: { meets, reason: reasonOf(obj, text) } };
}

/** model-graded-closedqa: does the output meet the criterion? (OpenAI evals' closedqa, Y/N). */
export const closedQaScorer = defineScorer({
  type: 'model-graded-closedqa',
  modelGraded: true,
  description: 'a judge answers Y/N: does the output meet the criterion?',
  params: z.strictObject({ criteria: z.string().min(1).max(20_000) }),
  build: (p) => async (input, ctx) => {
    const task = inputText(input.input);
    const asked = await askJudge({
      model: requireModel('model-graded-closedqa', ctx),
      messages: closedQaPrompt({
        output: input.output,
        criteria: p.criteria,
        ...(task ? { input: task } : {}),
      }),
      parse: parseClosedQa,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
    if (!asked.ok) return unparseableResult('model-graded-closedqa', asked);
    const { meets, reason } = asked.value;
    return result(
      meets ? 1 : 0,
      meets,
      `${meets ? 'meets' : 'does not meet'} the criterion: ${reason}`,
      judgeDetails('model-graded-closedqa', { attempts: asked.attempts, judgeRaw: asked.raw }),
    );
  },
});
