/**
 * Anthropic wire shapes for a SimGeneration (first choice only; Anthropic has no `n`): the
 * message body, and the SSE event sequence message_start, content_block_start, ping,
 * content_block_delta…, content_block_stop, message_delta, message_stop. With thinking on, a
 * thinking block (thinking_delta… then one signature_delta) comes first, at index 0.
 */
import type { SimChoice, SimGeneration } from './generate.ts';
import type { ResponseMeta } from './openai-format.ts';
import type { TimedItem } from './timeline.ts';

type StopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use';

function stopReason(choice: SimChoice): StopReason {
  if (choice.finishReason === 'length') return 'max_tokens';
  if (choice.finishReason === 'tool_calls') return 'tool_use';
  return choice.stopSequence !== undefined ? 'stop_sequence' : 'end_turn';
}

function toolUseId(callId: string): string {
  return `toolu_${callId.replace(/^call_/, '')}`;
}

function usage(inputTokens: number, outputTokens: number) {
  return {
    input_tokens: inputTokens,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    output_tokens: outputTokens,
  };
}

function contentBlock(choice: SimChoice): Record<string, unknown> {
  const call = choice.toolCall;
  if (!call) return { type: 'text', text: choice.content ?? '' };
  // A length-capped call can carry cut-off arguments; the block still needs an object.
  let input: unknown = {};
  try {
    input = JSON.parse(call.arguments);
  } catch {}
  return { type: 'tool_use', id: toolUseId(call.id), name: call.name, input };
}

export function anthropicMessageBody(gen: SimGeneration, meta: ResponseMeta): Record<string, unknown> {
  const choice = gen.choices[0] as SimChoice;
  const content = [contentBlock(choice)];
  if (choice.thinking) {
    const { text, signature } = choice.thinking;
    content.unshift({ type: 'thinking', thinking: text, signature });
  }
  return {
    id: meta.id,
    type: 'message',
    role: 'assistant',
    model: meta.model,
    content,
    stop_reason: stopReason(choice),
    stop_sequence: choice.stopSequence ?? null,
    usage: usage(gen.promptTokens, choice.completionTokens),
  };
}

function event(type: string, data: string): string {
  return `event: ${type}\ndata: ${data}\n\n`;
}

function blockDelta(index: number, delta: string): TimedItem {
  const data = `{"type":"content_block_delta","index":${index},"delta":${delta}}`;
  return { text: event('content_block_delta', data), token: true };
}

function blockStop(index: number): TimedItem {
  return {
    text: event('content_block_stop', `{"type":"content_block_stop","index":${index}}`),
    token: false,
  };
}

/** The thinking block: its words as thinking_delta, then the signature in one signature_delta. */
function thinkingItems(thinking: NonNullable<SimChoice['thinking']>): TimedItem[] {
  const startData =
    '{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}';
  const items: TimedItem[] = [{ text: event('content_block_start', startData), token: false }];
  for (const piece of thinking.pieces) {
    items.push(blockDelta(0, `{"type":"thinking_delta","thinking":${JSON.stringify(piece)}}`));
  }
  const signature = `{"type":"signature_delta","signature":${JSON.stringify(thinking.signature)}}`;
  items.push({ ...blockDelta(0, signature), token: false }, blockStop(0));
  return items;
}

function answerItems(choice: SimChoice, index: number): TimedItem[] {
  const items: TimedItem[] = [];
  const call = choice.toolCall;
  if (call) {
    const start = { type: 'tool_use', id: toolUseId(call.id), name: call.name, input: {} };
    const startData = `{"type":"content_block_start","index":${index},"content_block":${JSON.stringify(start)}}`;
    items.push({ text: event('content_block_start', startData), token: true });
    for (const piece of call.pieces) {
      items.push(blockDelta(index, `{"type":"input_json_delta","partial_json":${JSON.stringify(piece)}}`));
    }
    return items;
  }
  const startData = `{"type":"content_block_start","index":${index},"content_block":{"type":"text","text":""}}`;
  items.push({ text: event('content_block_start', startData), token: false });
  items.push({ text: event('ping', '{"type":"ping"}'), token: false });
  for (const piece of choice.pieces) {
    items.push(blockDelta(index, `{"type":"text_delta","text":${JSON.stringify(piece)}}`));
  }
  return items;
}

export function anthropicStreamItems(gen: SimGeneration, meta: ResponseMeta): TimedItem[] {
  const choice = gen.choices[0] as SimChoice;
  const message = {
    id: meta.id,
    type: 'message',
    role: 'assistant',
    model: meta.model,
    content: [],
    stop_reason: null,
    stop_sequence: null,
    usage: usage(gen.promptTokens, 1),
  };
  const items: TimedItem[] = [
    { text: event('message_start', JSON.stringify({ type: 'message_start', message })), token: false },
  ];
  if (choice.thinking) items.push(...thinkingItems(choice.thinking));
  const index = choice.thinking ? 1 : 0;
  items.push(...answerItems(choice, index), blockStop(index));
  const delta = {
    type: 'message_delta',
    delta: { stop_reason: stopReason(choice), stop_sequence: choice.stopSequence ?? null },
    usage: { output_tokens: choice.completionTokens },
  };
  items.push({ text: event('message_delta', JSON.stringify(delta)), token: false });
  items.push({ text: event('message_stop', '{"type":"message_stop"}'), token: false });
  return items;
}
