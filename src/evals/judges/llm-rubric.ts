import { z } from 'zod';
import type { JudgeModel } from '../../spec/scorer.ts';
import { atLeast, defineScorer, requireModel, result } from '../scorers/define.ts';
import { unitThreshold } from '../scorers/params.ts';
import { askJudge, type Parsed } from './ask.ts';
import { judgeDetails, unparseableResult } from './judge-result.ts';
import { inputText } from './material.ts';
import { extractJsonObject, field, readScore, reasonOf, type Scale, scoreFromText } from './parse.ts';
import { rubricPrompt } from './prompts/rubric.ts';

export interface RubricVerdict {
  /** On the judge's scale. */
  raw: number;
  reason: string;
}

/** Reads {score, reason} (or {pass}) from JSON anywhere in the text, else "Score: 4/5"-style prose. */
export function parseRubricVerdict(text: string, scale: Scale): Parsed<RubricVerdict> {
  const obj = extractJsonObject(text);
  let raw = readScore(field(obj, ['score', 'rating', 'grade']), scale);
  const pass = field(obj, ['pass']);
  if (raw === undefined && typeof pass === 'boolean') raw = pass ? scale.max : scale.min;
  raw ??= scoreFromText(text, scale);
  if (raw === undefined) {
    return { ok: false, why: `no score between ${scale.min} and ${scale.max} found` };
  }
  return { ok: true, value: { raw, reason: reasonOf(obj, text) } };
}

export interface RubricGradeOptions {
  model: JudgeModel;
  rubric: string;
  output: string;
  input?: string;
  expected?: string;
  scale: Scale;
  signal?: AbortSignal;
}

/** Asks the judge once (plus one retry) and returns the normalised 0..1 score, or the failure. */
export async function gradeWithRubric(o: RubricGradeOptions) {
  const messages = rubricPrompt({
    rubric: o.rubric,
    output: o.output,
    scale: o.scale,
    ...(o.input !== undefined ? { input: o.input } : {}),
    ...(o.expected !== undefined ? { expected: o.expected } : {}),
  });
  const asked = await askJudge({
    model: o.model,
    messages,
    parse: (text) => parseRubricVerdict(text, o.scale),
    ...(o.signal ? { signal: o.signal } : {}),
  });
  if (!asked.ok) return asked;
  const normalised = (asked.value.raw - o.scale.min) / (o.scale.max - o.scale.min);
  return { ...asked, normalised };
}

const scaleSchema = z
  .strictObject({ min: z.number(), max: z.number() })
  .refine((s) => s.max > s.min, 'scale.max must be greater than scale.min');

export const llmRubricScorer = defineScorer({
  type: 'llm-rubric',
  modelGraded: true,
  description: 'a judge model grades the output against a rubric (score mapped to 0..1)',
  params: z.strictObject({
    rubric: z.string().min(1).max(20_000),
    /** The judge's scale, e.g. {min: 1, max: 5}; mapped linearly onto 0..1. */
    scale: scaleSchema.default({ min: 0, max: 1 }),
    /** On the normalised 0..1 score. */
    threshold: unitThreshold(0.5),
    includeInput: z.boolean().default(true),
    includeExpected: z.boolean().default(true),
  }),
  build: (p) => async (input, ctx) => {
    const model = requireModel('llm-rubric', ctx);
    const text = p.includeInput ? inputText(input.input) : undefined;
    const graded = await gradeWithRubric({
      model,
      rubric: p.rubric,
      output: input.output,
      scale: p.scale,
      ...(text !== undefined ? { input: text } : {}),
      ...(p.includeExpected && input.expected !== undefined ? { expected: input.expected } : {}),
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
    if (!graded.ok) return unparseableResult('llm-rubric', graded);
    const pass = atLeast(graded.normalised, p.threshold);
    return result(
      graded.normalised,
      pass,
      graded.value.reason,
      judgeDetails('llm-rubric', {
        rawScore: graded.value.raw,
        scale: p.scale,
        attempts: graded.attempts,
        judgeRaw: graded.raw,
      }),
    );
  },
});
