import { randomUUID } from 'node:crypto';
import type { ChatCompletion, ToolCall, Usage } from '../../spec/index.ts';
import { thinkingContentFromMessage } from './thinking-blocks.ts';
import type {
  AnthropicMessage,
  AnthropicResponseBlock,
  AnthropicStopReason,
  AnthropicToolUseBlock,
} from './types.ts';
import { anthropicUsageFromUsage, usageFromWire } from './usage.ts';

/** OpenAI finish_reason → Anthropic stop_reason. */
export function stopReasonFromFinish(reason: string | null | undefined): AnthropicStopReason {
  switch (reason) {
    case 'length':
      return 'max_tokens';
    case 'tool_calls':
    case 'function_call':
      return 'tool_use';
    case 'content_filter':
      return 'refusal';
    default:
      return 'end_turn';
  }
}

/**
 * Stop reason and matched sequence for a choice: `stop_sequence` only when the upstream reported
 * which sequence matched (see ChatChoice.stop_sequence); a plain OpenAI `stop` stays `end_turn`.
 */
export function anthropicStop(
  finishReason: string | null | undefined,
  stopSequence: unknown,
): { stop_reason: AnthropicStopReason; stop_sequence: string | null } {
  if (finishReason === 'stop' && typeof stopSequence === 'string') {
    return { stop_reason: 'stop_sequence', stop_sequence: stopSequence };
  }
  return { stop_reason: stopReasonFromFinish(finishReason), stop_sequence: null };
}

/** Anthropic clients expect `msg_…` ids; an OpenAI id keeps its unique part. */
export function anthropicMessageId(id: string | undefined): string {
  if (id === undefined || id === '') return `msg_${randomUUID().replaceAll('-', '')}`;
  if (id.startsWith('msg_')) return id;
  return `msg_${id.replace(/^chatcmpl-/, '')}`;
}

/**
 * Tool arguments are a JSON string in OpenAI and an object in Anthropic. Arguments a model produced
 * that are not a JSON object cannot be expressed, so they become `{}` (the client's tool sees a call
 * with no arguments rather than the whole response failing).
 */
export function toolUseFromCall(call: ToolCall): AnthropicToolUseBlock {
  let input: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(call.function.arguments || '{}');
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
      input = parsed as Record<string, unknown>;
    }
  } catch {
    // keep {} (see above)
  }
  return { type: 'tool_use', id: call.id, name: call.function.name, input };
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part) => (typeof part?.text === 'string' ? part.text : '')).join('');
}

export interface ToAnthropicMessageOptions {
  /** Keel's normalised usage for the call (preferred over the body's wire usage). */
  usage?: Usage;
  /** Model name to report (e.g. the public alias the client asked for). */
  model?: string;
}

/** OpenAI chat.completion → Anthropic message (first choice; Anthropic has no `n`); thinking first. */
export function toAnthropicMessage(
  completion: ChatCompletion,
  options: ToAnthropicMessageOptions = {},
): AnthropicMessage {
  const choice = completion.choices[0];
  const message = choice?.message;
  const content: AnthropicResponseBlock[] = message === undefined ? [] : thinkingContentFromMessage(message);
  const text = textOf(message?.content);
  if (text !== '') content.push({ type: 'text', text });
  const refusal = typeof message?.refusal === 'string' ? message.refusal : '';
  if (refusal !== '') content.push({ type: 'text', text: refusal });
  for (const call of message?.tool_calls ?? []) content.push(toolUseFromCall(call));
  const usage = options.usage ?? (completion.usage ? usageFromWire(completion.usage) : undefined);
  const stop = anthropicStop(choice?.finish_reason, choice?.stop_sequence);
  return {
    id: anthropicMessageId(completion.id),
    type: 'message',
    role: 'assistant',
    content,
    model: options.model ?? completion.model,
    stop_reason: refusal !== '' ? 'refusal' : stop.stop_reason,
    stop_sequence: refusal !== '' ? null : stop.stop_sequence,
    usage: anthropicUsageFromUsage(usage ?? { promptTokens: 0, completionTokens: 0, totalTokens: 0 }),
  };
}
