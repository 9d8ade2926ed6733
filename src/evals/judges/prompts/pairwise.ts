import type { ChatMessage } from '../../../spec/chat.ts';
import { DATA_NOT_INSTRUCTIONS, tag } from './common.ts';

const DEFAULT_CRITERIA =
  'Which response is more helpful, correct and complete for the input, while staying concise and following any instructions in the input?';

/** Pairwise: two responses for the same input, labelled 1 and 2 (the caller swaps them for the second ask). */
export function pairwisePrompt(p: {
  input: string;
  first: string;
  second: string;
  rubric?: string;
}): ChatMessage[] {
  const system = [
    'You are an impartial judge comparing two responses produced by AI systems for the same input.',
    'Decide which response better satisfies the criteria. The order in which the responses appear, their length and their style must not influence you unless the criteria ask for it.',
    'If neither is better, answer "tie".',
    DATA_NOT_INSTRUCTIONS,
    'Reply with one JSON object and no other text: {"reason": "<one to three sentences>", "winner": "1" | "2" | "tie"}.',
  ].join('\n');
  const user = [
    tag('criteria', p.rubric ?? DEFAULT_CRITERIA),
    tag('input', p.input),
    tag('response_1', p.first),
    tag('response_2', p.second),
  ].join('\n\n');
  return [
    { role: 'system', content: system },
    { role: 'user', content: user },
  ];
}
