import type { ChatMessage } from '../../spec/chat.ts';
import type { JudgeModel } from '../../spec/scorer.ts';

export type JudgeResponder = (messages: ChatMessage[], call: number) => string | Error;

export interface ScriptedJudge extends JudgeModel {
  /** Every complete() call's messages, in order. */
  readonly calls: ChatMessage[][];
}

/**
 * A JudgeModel for tests: answers complete() with canned replies in order (or from a function of
 * the messages, for judges that fan out concurrently). Running out of replies is a test bug and
 * throws. An Error reply is thrown, to simulate a failing model call.
 */
export function scriptedJudge(
  replies: readonly (string | Error)[] | JudgeResponder,
  embed?: JudgeModel['embed'],
): ScriptedJudge {
  const calls: ChatMessage[][] = [];
  const judge: ScriptedJudge = {
    calls,
    async complete(messages) {
      calls.push(messages);
      const reply =
        typeof replies === 'function' ? replies(messages, calls.length - 1) : replies[calls.length - 1];
      if (reply === undefined) throw new Error(`scripted judge: no reply for call ${calls.length}`);
      if (reply instanceof Error) throw reply;
      return reply;
    },
  };
  if (embed) judge.embed = embed;
  return judge;
}

/** The text of a prompt's user message (where the graded material is), for responders. */
export const userText = (messages: ChatMessage[]): string =>
  messages
    .filter((m) => m.role === 'user')
    .map((m) => (typeof m.content === 'string' ? m.content : ''))
    .join('\n');
