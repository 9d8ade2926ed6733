import { z } from 'zod';
import type { JudgeModel, ScoreResult } from '../../../spec/scorer.ts';
import { atLeast, defineScorer, invalid, requireModel, result } from '../../scorers/define.ts';
import { unitThreshold } from '../../scorers/params.ts';
import { cosineSimilarity } from '../../scorers/similar.ts';
import { askJudge, type Parsed } from '../ask.ts';
import { judgeDetails, unparseableResult } from '../judge-result.ts';
import { gradeWithRubric } from '../llm-rubric.ts';
import { questionOf } from '../material.ts';
import { extractJsonObject, field, readBinary } from '../parse.ts';
import { questionsPrompt } from '../prompts/rag-context.ts';
import { RELEVANCE_RUBRIC } from '../prompts/rubric.ts';
import { stringListField } from './common.ts';

export function parseGeneratedQuestions(
  text: string,
): Parsed<{ questions: string[]; noncommittal: boolean }> {
  const questions = stringListField(text, ['questions', 'question']);
  if (!questions || questions.length === 0) return { ok: false, why: 'no "questions" list found' };
  const flag = readBinary(field(extractJsonObject(text), ['noncommittal', 'non_committal', 'evasive']));
  return { ok: true, value: { questions, noncommittal: flag ?? false } };
}

interface Run {
  model: JudgeModel;
  question: string;
  answer: string;
  n: number;
  threshold: number;
  signal?: AbortSignal;
}

/**
 * Ragas answer relevancy: generate n questions from the answer, embed them and the original
 * question, score = mean cosine(original, generated) — 0 when the judge flags the answer as
 * noncommittal. (Ragas samples the n questions in n calls; one call asking for n distinct
 * questions is used here, to cut judge cost.)
 */
async function withEmbeddings(r: Run, embed: NonNullable<JudgeModel['embed']>): Promise<ScoreResult> {
  const signal = r.signal ? { signal: r.signal } : {};
  const asked = await askJudge({
    model: r.model,
    messages: questionsPrompt({ answer: r.answer, count: r.n }),
    parse: parseGeneratedQuestions,
    ...signal,
  });
  if (!asked.ok) return unparseableResult('answer-relevance', asked, { method: 'embeddings' });
  const questions = asked.value.questions.slice(0, r.n);
  const [original, ...generated] = await embed([r.question, ...questions], signal);
  if (!original || generated.length !== questions.length) {
    return invalid('answer-relevance: the embedding model returned too few vectors');
  }
  const cosines = generated.map((v) => cosineSimilarity(original, v));
  const mean = cosines.reduce((a, b) => a + b, 0) / cosines.length;
  const score = asked.value.noncommittal ? 0 : Math.max(0, mean);
  const reason = asked.value.noncommittal
    ? 'the answer is noncommittal, so relevance is 0'
    : `mean cosine similarity of ${questions.length} generated questions to the question: ${mean.toFixed(3)}`;
  return result(
    score,
    atLeast(score, r.threshold),
    reason,
    judgeDetails('answer-relevance', {
      method: 'embeddings',
      generatedQuestions: questions,
      cosines,
      noncommittal: asked.value.noncommittal,
    }),
  );
}

/** No embed(): the judge grades relevance 0..1 directly. Not the Ragas metric, and details say so. */
async function withJudgeOnly(r: Run): Promise<ScoreResult> {
  const graded = await gradeWithRubric({
    model: r.model,
    rubric: RELEVANCE_RUBRIC,
    input: r.question,
    output: r.answer,
    scale: { min: 0, max: 1 },
    ...(r.signal ? { signal: r.signal } : {}),
  });
  const note = 'no embedding model available: judge-graded relevance, not the Ragas embedding metric';
  if (!graded.ok) return unparseableResult('answer-relevance', graded, { method: 'judge', note });
  return result(
    graded.normalised,
    atLeast(graded.normalised, r.threshold),
    graded.value.reason,
    judgeDetails('answer-relevance', { method: 'judge', note, judgeRaw: graded.raw }),
  );
}

export const answerRelevanceScorer = defineScorer({
  type: 'answer-relevance',
  modelGraded: true,
  description:
    'Ragas answer relevancy: questions generated from the answer vs the real question (embeddings)',
  params: z.strictObject({
    threshold: unitThreshold(0.5),
    /** Questions generated from the answer (Ragas "strictness"). */
    questions: z.number().int().min(1).max(10).default(3),
  }),
  build: (p) => async (input, ctx) => {
    const question = questionOf(input.input);
    if (question === undefined) {
      return invalid('answer-relevance: the item has no input question to compare with');
    }
    const model = requireModel('answer-relevance', ctx);
    const run: Run = {
      model,
      question,
      answer: input.output,
      n: p.questions,
      threshold: p.threshold,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    };
    return model.embed ? withEmbeddings(run, model.embed.bind(model)) : withJudgeOnly(run);
  },
});
