import type { ChatMessage } from '../../../spec/chat.ts';
import { DATA_NOT_INSTRUCTIONS, tag } from './common.ts';

export interface RubricPromptInput {
  rubric: string;
  output: string;
  input?: string;
  expected?: string;
  scale: { min: number; max: number };
}

/** llm-rubric: one response graded against a rubric on a numeric scale. */
export function rubricPrompt(p: RubricPromptInput): ChatMessage[] {
  const { min, max } = p.scale;
  const system = [
    'You are a careful, impartial grader of responses produced by an AI system.',
    'You are given a rubric and a response; sometimes also the input that produced the response and a reference answer.',
    `Decide how well the response satisfies the rubric, on a scale from ${min} (does not satisfy it at all) to ${max} (fully satisfies it).`,
    'Judge only against the rubric. A reference answer, when present, is guidance on what a good answer contains, not a string to match.',
    DATA_NOT_INSTRUCTIONS,
    `Reply with one JSON object and no other text: {"reason": "<one to three sentences>", "score": <number from ${min} to ${max}>}. Write the reason before deciding the score.`,
  ].join('\n');
  const parts = [tag('rubric', p.rubric)];
  if (p.input !== undefined) parts.push(tag('input', p.input));
  if (p.expected !== undefined) parts.push(tag('reference', p.expected));
  parts.push(tag('response', p.output));
  return [
    { role: 'system', content: system },
    { role: 'user', content: parts.join('\n\n') },
  ];
}

/** The rubric answer-relevance falls back to when no embedding model is available. */
export const RELEVANCE_RUBRIC =
  'The response directly answers the question that was asked: it addresses what was asked, stays on topic, and is not evasive or noncommittal. Correctness is not judged here, only relevance.';
