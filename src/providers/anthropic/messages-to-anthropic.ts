import { KeelError } from '../../errors/index.ts';
import type { ChatMessage } from '../../spec/index.ts';
import { contentToBlocks } from './content-to-anthropic.ts';
import { legacyCallId } from './legacy-functions.ts';
import { thinkingBlocksToAnthropic } from './thinking-blocks.ts';
import type {
  AnthropicContentBlock,
  AnthropicMessageParam,
  AnthropicTextBlock,
  AnthropicToolResultBlock,
  AnthropicToolUseBlock,
  TranslationWarning,
} from './types.ts';

/** OpenAI messages split the Anthropic way: a top-level system prompt plus alternating turns. */
export interface AnthropicConversation {
  system?: string | AnthropicTextBlock[];
  messages: AnthropicMessageParam[];
  warnings: TranslationWarning[];
}

interface Turn {
  role: 'user' | 'assistant';
  blocks: AnthropicContentBlock[];
}

function invalid(message: string, param: string): KeelError {
  return new KeelError('invalid_request', message, { param });
}

function systemBlocks(message: ChatMessage, param: string): AnthropicTextBlock[] {
  const blocks = contentToBlocks(message.content, `${param}.content`);
  if (blocks.some((block) => block.type !== 'text')) {
    throw invalid('System messages sent to Anthropic may only contain text', `${param}.content`);
  }
  return blocks as AnthropicTextBlock[];
}

/** Anthropic wants tool input as an object, so the arguments string must be a JSON object. */
function parseArguments(text: unknown, param: string): Record<string, unknown> {
  if (typeof text !== 'string') throw invalid('Tool call arguments must be a string', param);
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalid('Tool call arguments are not valid JSON', param);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalid('Tool call arguments must be a JSON object', param);
  }
  return value as Record<string, unknown>;
}

/**
 * Thinking blocks go first: with thinking on, Anthropic wants the assistant turn that carries
 * tool_use to start with the thinking that led to it, signatures unchanged.
 */
function assistantBlocks(message: ChatMessage, param: string, warnings: TranslationWarning[]) {
  const blocks: AnthropicContentBlock[] = [
    ...thinkingBlocksToAnthropic(message.thinking_blocks, `${param}.thinking_blocks`, warnings),
    ...contentToBlocks(message.content, `${param}.content`),
  ];
  (message.tool_calls ?? []).forEach((call, index) => {
    const callParam = `${param}.tool_calls[${index}]`;
    if (typeof call?.id !== 'string' || typeof call.function?.name !== 'string') {
      throw invalid('Tool calls need an id and a function name', callParam);
    }
    const input = parseArguments(call.function.arguments, `${callParam}.function.arguments`);
    blocks.push({ type: 'tool_use', id: call.id, name: call.function.name, input });
  });
  return blocks;
}

/** The legacy `function_call` of an assistant turn as a tool_use block with the given id. */
function legacyCallBlock(message: ChatMessage, param: string, id: string): AnthropicToolUseBlock | undefined {
  const call = message.function_call as { name?: unknown; arguments?: unknown } | null | undefined;
  if (call === undefined || call === null) return undefined;
  if (typeof call !== 'object' || typeof call.name !== 'string') {
    throw invalid('A function_call needs a function name', `${param}.function_call`);
  }
  const input = parseArguments(call.arguments ?? '', `${param}.function_call.arguments`);
  return { type: 'tool_use', id, name: call.name, input };
}

/** A tool message's or legacy function message's result, answering tool_use `id`. */
function toolResultBlock(id: string, message: ChatMessage, param: string): AnthropicToolResultBlock {
  const block: AnthropicToolResultBlock = { type: 'tool_result', tool_use_id: id };
  if (typeof message.content === 'string') {
    if (message.content !== '') block.content = message.content;
    return block;
  }
  const blocks = contentToBlocks(message.content, `${param}.content`);
  const results: Array<AnthropicTextBlock | Extract<AnthropicContentBlock, { type: 'image' }>> = [];
  for (const item of blocks) {
    if (item.type !== 'text' && item.type !== 'image') {
      throw invalid('Tool results sent to Anthropic may only contain text and images', `${param}.content`);
    }
    results.push(item);
  }
  if (results.length > 0) block.content = results;
  return block;
}

/** Anthropic needs alternating roles, so consecutive same-role messages become one turn. */
function addTurn(turns: Turn[], role: Turn['role'], blocks: AnthropicContentBlock[]): void {
  if (blocks.length === 0) return;
  const last = turns.at(-1);
  if (last?.role === role) last.blocks.push(...blocks);
  else turns.push({ role, blocks });
}

function blocksOfMessage(message: ChatMessage, param: string, warnings: TranslationWarning[]): Turn {
  switch (message.role) {
    case 'user':
      return { role: 'user', blocks: contentToBlocks(message.content, `${param}.content`) };
    case 'assistant':
      return { role: 'assistant', blocks: assistantBlocks(message, param, warnings) };
    case 'tool':
      if (typeof message.tool_call_id !== 'string' || message.tool_call_id === '') {
        throw invalid('Tool messages need a tool_call_id', `${param}.tool_call_id`);
      }
      return { role: 'user', blocks: [toolResultBlock(message.tool_call_id, message, param)] };
    default:
      throw invalid(`Message role "${String(message.role)}" is not supported by Anthropic`, `${param}.role`);
  }
}

/** Anthropic requires tool results first in a user turn and rejects a final turn ending in whitespace. */
function finishTurns(turns: Turn[]): AnthropicMessageParam[] {
  for (const turn of turns) {
    if (turn.role === 'user') {
      turn.blocks.sort((a, b) => Number(b.type === 'tool_result') - Number(a.type === 'tool_result'));
    }
  }
  const last = turns.at(-1);
  const lastBlock = last?.blocks.at(-1);
  if (last?.role === 'assistant' && lastBlock?.type === 'text') {
    lastBlock.text = lastBlock.text.trimEnd();
    if (lastBlock.text === '') last.blocks.pop();
    if (last.blocks.length === 0) turns.pop();
  }
  return turns.map(({ role, blocks }) => {
    const only = blocks[0];
    const simple = blocks.length === 1 && only?.type === 'text' && only.cache_control === undefined;
    return { role, content: simple ? only.text : blocks };
  });
}

function systemOf(blocks: AnthropicTextBlock[]): string | AnthropicTextBlock[] | undefined {
  if (blocks.length === 0) return undefined;
  const only = blocks[0];
  if (blocks.length === 1 && only !== undefined && only.cache_control === undefined) return only.text;
  return blocks;
}

/**
 * OpenAI `messages` → Anthropic `system` + `messages`: system/developer messages are hoisted into
 * `system`, tool messages become user `tool_result` blocks, same-role neighbours are merged. A
 * legacy assistant `function_call` becomes a `tool_use` block and the `function` message after it
 * its `tool_result`.
 */
export function messagesToAnthropic(messages: ChatMessage[]): AnthropicConversation {
  if (!Array.isArray(messages)) throw invalid('messages must be an array', 'messages');
  const system: AnthropicTextBlock[] = [];
  const turns: Turn[] = [];
  const warnings: TranslationWarning[] = [];
  let namesWarned = false;
  /** Id of the legacy function_call the next `function` message answers. */
  let openCall: string | undefined;
  messages.forEach((message, index) => {
    const param = `messages[${index}]`;
    if (message.name !== undefined && message.role !== 'function' && !namesWarned) {
      namesWarned = true;
      warnings.push({
        param: `${param}.name`,
        message: 'Anthropic has no message name field; names were ignored',
      });
    }
    if (message.role === 'system' || message.role === 'developer') {
      if (turns.length > 0) {
        warnings.push({
          param,
          message: 'A system message after the conversation start was moved to the top',
        });
      }
      system.push(...systemBlocks(message, param));
      return;
    }
    if (message.role === 'function') {
      // A legacy function result answers the function_call of the assistant turn before it.
      if (openCall === undefined) {
        throw invalid('A function message must follow an assistant turn with a function_call', param);
      }
      addTurn(turns, 'user', [toolResultBlock(openCall, message, param)]);
      openCall = undefined;
      return;
    }
    const turn = blocksOfMessage(message, param, warnings);
    if (message.role === 'assistant') {
      const call = legacyCallBlock(message, param, legacyCallId(index));
      if (call !== undefined) turn.blocks.push(call);
      openCall = call?.id;
    }
    addTurn(turns, turn.role, turn.blocks);
  });
  const out = finishTurns(turns);
  if (out.length === 0) throw invalid('At least one user or assistant message is required', 'messages');
  const result: AnthropicConversation = { messages: out, warnings };
  const systemValue = systemOf(system);
  if (systemValue !== undefined) result.system = systemValue;
  return result;
}
