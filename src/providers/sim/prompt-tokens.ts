/**
 * Prompt token counting for the sim: gpt-tokenizer (o200k_base) over the messages' text — string
 * content, text parts, and tool calls' names and arguments — joined by newlines. No per-message
 * overhead is added, so the count is exactly `countTokens(promptText(messages))`.
 */
// One tokenizer instance for the whole process: src/cost loads o200k_base once (~80 MB of tables);
// importing the package's main entry here would load a second copy.
import { countTextTokens as countTokens } from '../../cost/index.ts';
import type { ChatMessage } from '../../spec/index.ts';

function contentText(content: ChatMessage['content']): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let text = '';
  for (const part of content) {
    if (part.type === 'text' && typeof part.text === 'string') text += text ? `\n${part.text}` : part.text;
  }
  return text;
}

/** The text of all messages, as counted for usage. */
export function promptText(messages: readonly ChatMessage[]): string {
  const pieces: string[] = [];
  for (const message of messages) {
    const text = contentText(message.content);
    if (text) pieces.push(text);
    for (const call of message.tool_calls ?? []) {
      pieces.push(call.function.name, call.function.arguments);
    }
  }
  return pieces.join('\n');
}

export function countPromptTokens(messages: readonly ChatMessage[]): number {
  const text = promptText(messages);
  return text ? countTokens(text) : 0;
}

/** Tokens of embedding inputs: strings are tokenised, token arrays count their length. */
export function countInputTokens(inputs: readonly (string | readonly number[])[]): number {
  let total = 0;
  for (const input of inputs)
    total += typeof input === 'string' ? (input ? countTokens(input) : 0) : input.length;
  return total;
}

/** The text of the last message when it is a user message ('' otherwise). */
export function lastUserText(messages: readonly ChatMessage[]): string {
  const last = messages[messages.length - 1];
  return last?.role === 'user' ? contentText(last.content) : '';
}
