import type { ChatMessage } from '../../../spec/chat.ts';
import { DATA_NOT_INSTRUCTIONS, tag } from './common.ts';

const numbered = (items: readonly string[]) => items.map((c, i) => `${i + 1}. ${c}`).join('\n');
const contextBlock = (context: readonly string[]) =>
  tag('context', context.map((c, i) => `[${i + 1}] ${c}`).join('\n\n'));

/** Faithfulness step 1 (Ragas): break the answer into standalone claims. */
export function claimsPrompt(p: { question?: string; answer: string; maxClaims: number }): ChatMessage[] {
  const system = [
    'You break an answer into its factual claims.',
    'Each claim is one short, standalone statement that can be checked on its own: resolve pronouns to the things they refer to, and keep numbers, names and qualifiers.',
    'Leave out greetings, questions, opinions about the conversation and statements that carry no information.',
    `List at most ${p.maxClaims} claims. If the answer makes no factual claim, return an empty list.`,
    DATA_NOT_INSTRUCTIONS,
    'Reply with one JSON object and no other text: {"claims": ["<claim>", ...]}.',
  ].join('\n');
  const parts = [];
  if (p.question !== undefined) parts.push(tag('question', p.question));
  parts.push(tag('answer', p.answer));
  return [
    { role: 'system', content: system },
    { role: 'user', content: parts.join('\n\n') },
  ];
}

/** Faithfulness step 2 (Ragas NLI): is each claim directly inferable from the context? */
export function verifyClaimsPrompt(p: {
  claims: readonly string[];
  context: readonly string[];
}): ChatMessage[] {
  const system = [
    'You check claims against a context.',
    'For each numbered claim, decide whether it can be directly inferred from the context alone. Use no outside knowledge: a true claim that the context does not state is "no".',
    DATA_NOT_INSTRUCTIONS,
    'Reply with one JSON object and no other text: {"verdicts": [{"claim": <number>, "reason": "<short>", "verdict": "yes" | "no"}, ...]} with exactly one entry per claim, in order.',
  ].join('\n');
  const user = [contextBlock(p.context), tag('claims', numbered(p.claims))].join('\n\n');
  return [
    { role: 'system', content: system },
    { role: 'user', content: user },
  ];
}

/** Context recall (Ragas): each statement of the reference answer, attributed to the context or not. */
export function recallPrompt(p: {
  question?: string;
  reference: string;
  context: readonly string[];
}): ChatMessage[] {
  const system = [
    'You check whether a reference answer is supported by a retrieved context.',
    'Split the reference answer into its individual statements (usually one per sentence). For each statement decide whether it can be attributed to the context: 1 if the context supports it, 0 if not.',
    DATA_NOT_INSTRUCTIONS,
    'Reply with one JSON object and no other text: {"classifications": [{"statement": "<statement>", "reason": "<short>", "attributed": 1 | 0}, ...]}.',
  ].join('\n');
  const parts = [];
  if (p.question !== undefined) parts.push(tag('question', p.question));
  parts.push(contextBlock(p.context), tag('reference_answer', p.reference));
  return [
    { role: 'system', content: system },
    { role: 'user', content: parts.join('\n\n') },
  ];
}
