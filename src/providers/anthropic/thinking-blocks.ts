import { KeelError } from '../../errors/index.ts';
import type { ThinkingBlock } from '../../spec/index.ts';
import type { AnthropicRedactedThinkingBlock, AnthropicThinkingBlock, TranslationWarning } from './types.ts';

/**
 * Extended-thinking blocks between Anthropic's content blocks and the OpenAI dialect's
 * `reasoning_content` + `thinking_blocks` (LiteLLM's shape). Signatures are copied byte for byte:
 * Anthropic verifies them when a thinking block comes back in the history.
 */

export type AnthropicThinkingContent = AnthropicThinkingBlock | AnthropicRedactedThinkingBlock;

function invalid(message: string, param: string): KeelError {
  return new KeelError('invalid_request', message, { param });
}

/** A thinking block without a signature came from another vendor; Anthropic would reject it. */
function signedBlock(
  item: Record<string, unknown>,
  param: string,
  warnings: TranslationWarning[],
): AnthropicThinkingBlock | undefined {
  if (typeof item.thinking !== 'string') throw invalid('Thinking blocks need a thinking string', param);
  if (item.signature !== undefined && item.signature !== null && typeof item.signature !== 'string') {
    throw invalid('A thinking block signature must be a string', `${param}.signature`);
  }
  if (typeof item.signature !== 'string' || item.signature === '') {
    warnings.push({ param, message: 'Thinking without a signature cannot be sent to Anthropic; dropped' });
    return undefined;
  }
  return { type: 'thinking', thinking: item.thinking, signature: item.signature };
}

/** An assistant message's `thinking_blocks` → Anthropic blocks, in order, for the front of its turn. */
export function thinkingBlocksToAnthropic(
  value: unknown,
  param: string,
  warnings: TranslationWarning[],
): AnthropicThinkingContent[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalid('thinking_blocks must be an array', param);
  const out: AnthropicThinkingContent[] = [];
  value.forEach((raw: unknown, index) => {
    const itemParam = `${param}[${index}]`;
    if (raw === null || typeof raw !== 'object') throw invalid('Thinking blocks must be objects', itemParam);
    const item = raw as Record<string, unknown>;
    if (item.type === 'thinking') {
      const block = signedBlock(item, itemParam, warnings);
      if (block !== undefined) out.push(block);
    } else if (item.type === 'redacted_thinking') {
      if (typeof item.data !== 'string') throw invalid('Redacted thinking blocks need data', itemParam);
      out.push({ type: 'redacted_thinking', data: item.data });
    } else {
      throw invalid('Thinking blocks must have type thinking or redacted_thinking', `${itemParam}.type`);
    }
  });
  return out;
}

/** One Anthropic block → an OpenAI-dialect thinking block (undefined for any other block). */
export function thinkingBlockFromAnthropic(value: { readonly type?: unknown }): ThinkingBlock | undefined {
  const block = value as { type?: unknown; thinking?: unknown; signature?: unknown; data?: unknown };
  if (block.type === 'thinking' && typeof block.thinking === 'string') {
    return typeof block.signature === 'string'
      ? { type: 'thinking', thinking: block.thinking, signature: block.signature }
      : { type: 'thinking', thinking: block.thinking };
  }
  if (block.type === 'redacted_thinking' && typeof block.data === 'string') {
    return { type: 'redacted_thinking', data: block.data };
  }
  return undefined;
}

/**
 * OpenAI-dialect thinking → Anthropic response blocks. With `thinking_blocks` they are used as they
 * are; with only `reasoning_content` (a DeepSeek-style upstream) one thinking block carries it with
 * an empty signature, since there is none to give.
 */
export function thinkingContentFromMessage(message: {
  reasoning_content?: unknown;
  thinking_blocks?: unknown;
}): AnthropicThinkingContent[] {
  const out: AnthropicThinkingContent[] = [];
  if (Array.isArray(message.thinking_blocks)) {
    for (const raw of message.thinking_blocks as unknown[]) {
      const block = raw !== null && typeof raw === 'object' ? thinkingBlockFromAnthropic(raw) : undefined;
      if (block?.type === 'thinking') out.push({ ...block, signature: block.signature ?? '' });
      else if (block !== undefined) out.push(block);
    }
    if (out.length > 0) return out;
  }
  const text = message.reasoning_content;
  if (typeof text === 'string' && text !== '') out.push({ type: 'thinking', thinking: text, signature: '' });
  return out;
}
