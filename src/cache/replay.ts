import type { ChatChoice, ChatCompletion, ChatCompletionChunk, ChunkChoice } from '../spec/chat.ts';
import { EXTRA_TEXT_FIELDS } from './assemble.ts';

/**
 * A cached answer is stored once, as the final ChatCompletion, and replayed as OpenAI stream chunks
 * when the new request streams, so streamed and non-streamed requests share one entry.
 * Choice-level logprobs are not replayed (they cannot be split faithfully across deltas).
 */

/** Content is replayed in a few deltas, like a real stream, without one event per token. */
const MAX_CONTENT_DELTAS = 8;
const MIN_DELTA_CHARS = 32;

/** Splits text into at most MAX_CONTENT_DELTAS pieces, at spaces where possible. */
export function splitContent(text: string): string[] {
  if (text.length <= MIN_DELTA_CHARS) return [text];
  const target = Math.max(MIN_DELTA_CHARS, Math.ceil(text.length / MAX_CONTENT_DELTAS));
  const pieces: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + target);
    if (end < text.length) {
      const space = text.indexOf(' ', end);
      // Break after the next space if it is close, so words are not cut; else cut where we are.
      if (space !== -1 && space - end < 16) end = space + 1;
      // Never split a UTF-16 surrogate pair between two deltas.
      else if (/[\uD800-\uDBFF]/.test(text.charAt(end - 1))) end++;
    }
    pieces.push(text.slice(start, end));
    start = end;
  }
  return pieces;
}

type ToolCallDelta = NonNullable<ChunkChoice['delta']['tool_calls']>[number];

function choiceDeltas(choice: ChatChoice): ChunkChoice[] {
  const { index, message } = choice;
  // A tool-call-only answer has `content: null`; keep it null through the replay.
  const roleContent = message.content === null ? null : '';
  const out: ChunkChoice[] = [
    { index, delta: { role: 'assistant', content: roleContent }, finish_reason: null },
  ];
  for (const field of EXTRA_TEXT_FIELDS) {
    const text = message[field];
    // Extra text fields are not in the spec's delta type; they ride along as on the wire.
    if (typeof text === 'string' && text) {
      out.push({ index, delta: { [field]: text }, finish_reason: null } as ChunkChoice);
    }
  }
  // One entry per thinking block, signature included, after the reasoning text: as a live stream
  // sends them, so a client (or the Anthropic sink) rebuilds the same blocks.
  for (const block of message.thinking_blocks ?? []) {
    out.push({ index, delta: { thinking_blocks: [block] }, finish_reason: null });
  }
  if (message.content) {
    for (const piece of splitContent(message.content)) {
      out.push({ index, delta: { content: piece }, finish_reason: null });
    }
  }
  (message.tool_calls ?? []).forEach((call, callIndex) => {
    const head: ToolCallDelta = {
      index: callIndex,
      id: call.id,
      type: call.type,
      function: { name: call.function.name, arguments: '' },
    };
    out.push({ index, delta: { tool_calls: [head] }, finish_reason: null });
    if (!call.function.arguments) return;
    // OpenAI's argument deltas carry no `name` (clients would otherwise append it); the spec type
    // wants one, hence the cast to the wire shape.
    const args = { index: callIndex, function: { arguments: call.function.arguments } } as ToolCallDelta;
    out.push({ index, delta: { tool_calls: [args] }, finish_reason: null });
  });
  const legacy = message.function_call as { name?: unknown; arguments?: unknown } | null | undefined;
  if (legacy && typeof legacy === 'object' && typeof legacy.name === 'string') {
    // As OpenAI streams it: the name with empty arguments, then the arguments.
    out.push({
      index,
      delta: { function_call: { name: legacy.name, arguments: '' } },
      finish_reason: null,
    } as ChunkChoice);
    if (typeof legacy.arguments === 'string' && legacy.arguments)
      out.push({
        index,
        delta: { function_call: { arguments: legacy.arguments } },
        finish_reason: null,
      } as ChunkChoice);
  }
  const finish: ChunkChoice = { index, delta: {}, finish_reason: choice.finish_reason ?? 'stop' };
  if (typeof choice.stop_sequence === 'string') finish.stop_sequence = choice.stop_sequence;
  out.push(finish);
  return out;
}

/**
 * The JSON texts of the chunks a stream of this completion would have carried: per choice a role
 * chunk, a few content deltas, each tool call's head and arguments, a legacy function_call's name
 * and arguments, a finish chunk; then, when
 * `includeUsage` is set and the body has usage, the final usage chunk (`choices: []`).
 */
export function replayAsChunks(body: ChatCompletion, options: { includeUsage?: boolean } = {}): string[] {
  const frame = (choices: ChunkChoice[]): ChatCompletionChunk => ({
    id: body.id,
    object: 'chat.completion.chunk',
    created: body.created,
    model: body.model,
    ...(body.system_fingerprint !== undefined ? { system_fingerprint: body.system_fingerprint } : {}),
    choices,
  });
  const texts: string[] = [];
  for (const choice of body.choices) {
    for (const delta of choiceDeltas(choice)) texts.push(JSON.stringify(frame([delta])));
  }
  if (options.includeUsage && body.usage) texts.push(JSON.stringify({ ...frame([]), usage: body.usage }));
  return texts;
}
