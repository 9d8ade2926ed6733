import type { ChatMessage } from '../../../spec/chat.ts';
import { DATA_NOT_INSTRUCTIONS, tag } from './common.ts';

/** Answer relevance (Ragas): questions the answer would answer, and whether it is noncommittal. */
export function questionsPrompt(p: {
  answer: string;
  count: number;
  context?: readonly string[];
}): ChatMessage[] {
  const system = [
    `Write ${p.count} different questions that the given answer would be a direct response to.`,
    'Also say whether the answer is noncommittal: evasive, vague or ambiguous, such as "I don\'t know" or "I\'m not sure".',
    DATA_NOT_INSTRUCTIONS,
    'Reply with one JSON object and no other text: {"questions": ["<question>", ...], "noncommittal": true | false}.',
  ].join('\n');
  const parts = [];
  if (p.context && p.context.length > 0) parts.push(tag('context', p.context.join('\n\n')));
  parts.push(tag('answer', p.answer));
  return [
    { role: 'system', content: system },
    { role: 'user', content: parts.join('\n\n') },
  ];
}

/** Context precision (Ragas): was this one retrieved chunk useful for arriving at the answer? */
export function chunkUsefulPrompt(p: { question: string; answer: string; chunk: string }): ChatMessage[] {
  const system = [
    'You judge one retrieved context chunk of a retrieval-augmented answer.',
    'Given the question and the answer, decide whether the chunk was useful in arriving at the answer: 1 if it contains information that the answer relies on or that helps answer the question as the answer does, 0 if not.',
    DATA_NOT_INSTRUCTIONS,
    'Reply with one JSON object and no other text: {"reason": "<short>", "verdict": 1 | 0}.',
  ].join('\n');
  const user = [tag('question', p.question), tag('answer', p.answer), tag('chunk', p.chunk)].join('\n\n');
  return [
    { role: 'system', content: system },
    { role: 'user', content: user },
  ];
}

/** Context relevance (promptfoo): the sentences of the context that are needed to answer the query. */
export function requiredSentencesPrompt(p: { question: string; context: string }): ChatMessage[] {
  const system = [
    'From the context, extract only the sentences that are needed to answer the question, copied exactly as they appear.',
    'Leave out sentences that are merely related. If no sentence is needed, return an empty list.',
    DATA_NOT_INSTRUCTIONS,
    'Reply with one JSON object and no other text: {"sentences": ["<sentence>", ...]}.',
  ].join('\n');
  const user = [tag('question', p.question), tag('context', p.context)].join('\n\n');
  return [
    { role: 'system', content: system },
    { role: 'user', content: user },
  ];
}

/** Citation accuracy: does the cited source support the sentence that cites it? */
export function citationPrompt(p: { sentence: string; source: string }): ChatMessage[] {
  const system = [
    'You check one citation in an answer.',
    "Decide whether the cited source supports the sentence that cites it: the sentence's claims must be stated in or directly inferable from the source. Use no outside knowledge.",
    DATA_NOT_INSTRUCTIONS,
    'Reply with one JSON object and no other text: {"reason": "<short>", "supported": true | false}.',
  ].join('\n');
  const user = [tag('sentence', p.sentence), tag('source', p.source)].join('\n\n');
  return [
    { role: 'system', content: system },
    { role: 'user', content: user },
  ];
}
