import type { ChatCompletion, ChatResult, FinishReason, ThinkingBlock, ToolCall } from '../../spec/index.ts';
import { thinkingBlockFromAnthropic } from './thinking-blocks.ts';
import type { AnthropicMessage, AnthropicToolUseBlock } from './types.ts';
import { usageFromAnthropic, wireUsageFromUsage } from './usage.ts';

/** Anthropic stop_reason → OpenAI finish_reason. */
export function finishReasonFromAnthropic(reason: string | null | undefined): FinishReason {
  switch (reason) {
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'refusal':
      return 'content_filter';
    case null:
    case undefined:
      return null;
    default:
      // end_turn, stop_sequence, pause_turn and anything newer: the model stopped normally.
      return 'stop';
  }
}

/** The matched stop sequence, only when Anthropic says a stop sequence ended the message. */
export function stopSequenceFromAnthropic(reason: unknown, sequence: unknown): string | undefined {
  return reason === 'stop_sequence' && typeof sequence === 'string' ? sequence : undefined;
}

export function toolCallFromBlock(block: AnthropicToolUseBlock): ToolCall {
  return {
    id: block.id,
    type: 'function',
    function: { name: block.name, arguments: JSON.stringify(block.input ?? {}) },
  };
}

export interface FromAnthropicOptions {
  /** Unix seconds for `created`; defaults to now (injectable for tests). */
  created?: number;
}

/**
 * Anthropic message → OpenAI chat.completion. Text blocks are concatenated, tool_use blocks become
 * tool_calls, thinking blocks become `reasoning_content` (their text joined) and `thinking_blocks`
 * (in order, with signatures); server-tool blocks have no OpenAI equivalent and are left out.
 * Thinking tokens are inside Anthropic's output_tokens, so completion_tokens already counts them.
 */
export function fromAnthropicMessage(
  message: AnthropicMessage,
  options: FromAnthropicOptions = {},
): ChatResult {
  let text = '';
  const toolCalls: ToolCall[] = [];
  const thinking: ThinkingBlock[] = [];
  for (const block of message.content) {
    if (block.type === 'text' && typeof block.text === 'string') text += block.text;
    else if (block.type === 'tool_use') toolCalls.push(toolCallFromBlock(block as AnthropicToolUseBlock));
    else {
      const thought = thinkingBlockFromAnthropic(block);
      if (thought !== undefined) thinking.push(thought);
    }
  }
  const usage = usageFromAnthropic(message.usage);
  const body: ChatCompletion = {
    id: message.id,
    object: 'chat.completion',
    created: options.created ?? Math.floor(Date.now() / 1000),
    model: message.model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: text === '' && toolCalls.length > 0 ? null : text },
        finish_reason: finishReasonFromAnthropic(message.stop_reason) ?? 'stop',
        logprobs: null,
      },
    ],
    usage: wireUsageFromUsage(usage),
  };
  const choice = body.choices[0];
  const stopSequence = stopSequenceFromAnthropic(message.stop_reason, message.stop_sequence);
  if (choice !== undefined && stopSequence !== undefined) choice.stop_sequence = stopSequence;
  if (choice !== undefined && toolCalls.length > 0) choice.message.tool_calls = toolCalls;
  if (choice !== undefined && thinking.length > 0) {
    const texts = thinking.flatMap((block) => (block.type === 'thinking' ? [block.thinking] : []));
    if (texts.length > 0) choice.message.reasoning_content = texts.join('');
    choice.message.thinking_blocks = thinking;
  }
  return { body, usage };
}
