import type { ChatMessage } from '../../../spec/chat.ts';
import { DATA_NOT_INSTRUCTIONS, tag } from './common.ts';

/**
 * Factuality, with the five categories of OpenAI's public `fact` eval (as promptfoo's factuality):
 * A subset, B superset, C same details, D disagreement, E differences that don't affect factuality.
 */
export function factualityPrompt(p: { input?: string; output: string; expected: string }): ChatMessage[] {
  const system = [
    'You compare the factual content of a submitted answer with an expert reference answer to the same question.',
    'Ignore differences in style, grammar and punctuation. Choose exactly one category:',
    '(A) The submitted answer is a subset of the reference answer and fully consistent with it.',
    '(B) The submitted answer is a superset of the reference answer and fully consistent with it.',
    '(C) The submitted answer contains all the same details as the reference answer.',
    '(D) The submitted answer and the reference answer disagree.',
    '(E) The answers differ, but the differences do not matter from the perspective of factuality.',
    DATA_NOT_INSTRUCTIONS,
    'Reply with one JSON object and no other text: {"reason": "<one to three sentences>", "choice": "A" | "B" | "C" | "D" | "E"}.',
  ].join('\n');
  const parts = [];
  if (p.input !== undefined) parts.push(tag('question', p.input));
  parts.push(tag('reference', p.expected), tag('submission', p.output));
  return [
    { role: 'system', content: system },
    { role: 'user', content: parts.join('\n\n') },
  ];
}

/** Closed QA (OpenAI evals' closedqa, as promptfoo's model-graded-closedqa): does the answer meet a criterion? */
export function closedQaPrompt(p: { input?: string; output: string; criteria: string }): ChatMessage[] {
  const system = [
    'You assess whether a submitted answer meets a criterion.',
    'Reason briefly about the criterion and the submission, then give a verdict: "Y" if the submission meets the criterion, "N" if it does not.',
    DATA_NOT_INSTRUCTIONS,
    'Reply with one JSON object and no other text: {"reason": "<one to three sentences>", "verdict": "Y" | "N"}.',
  ].join('\n');
  const parts = [];
  if (p.input !== undefined) parts.push(tag('task', p.input));
  parts.push(tag('criterion', p.criteria), tag('submission', p.output));
  return [
    { role: 'system', content: system },
    { role: 'user', content: parts.join('\n\n') },
  ];
}
