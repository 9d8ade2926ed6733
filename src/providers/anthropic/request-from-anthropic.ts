import type {
  ChatMessage,
  ChatRequest,
  ContentPart,
  ThinkingBlock,
  ToolCall,
  ToolDefinition,
} from '../../spec/index.ts';
import {
  type AnthropicInputBlock,
  type AnthropicInputMessage,
  type AnthropicRequestInput,
  anthropicRequestSchema,
  parseAnthropicRequest,
} from './anthropic-request-schema.ts';
import type { TranslationWarning } from './types.ts';

export interface FromAnthropicResult {
  request: ChatRequest;
  /** Inputs that have no OpenAI-dialect equivalent and were dropped. */
  warnings: TranslationWarning[];
}

type Block = AnthropicInputBlock;
type TextLike = { type: 'text'; text: string; cache_control?: unknown };

const KNOWN_KEYS = new Set(Object.keys(anthropicRequestSchema.shape));

/** A text part; Anthropic cache breakpoints ride along so an Anthropic upstream still gets them. */
function textPart(block: TextLike): ContentPart {
  return block.cache_control === undefined
    ? { type: 'text', text: block.text }
    : { type: 'text', text: block.text, cache_control: block.cache_control };
}

function withCache(part: ContentPart, block: { cache_control?: unknown }): ContentPart {
  return block.cache_control === undefined ? part : { ...part, cache_control: block.cache_control };
}

/** One Anthropic block → an OpenAI content part (undefined for blocks with no user-side meaning). */
function partOf(block: Block): ContentPart | undefined {
  switch (block.type) {
    case 'text':
      return textPart(block);
    case 'image': {
      const { source } = block;
      const url = source.type === 'base64' ? `data:${source.media_type};base64,${source.data}` : source.url;
      return withCache({ type: 'image_url', image_url: { url } }, block);
    }
    case 'document': {
      const source = block.source as { type: string; media_type?: unknown; data?: unknown };
      if (
        source.type === 'base64' &&
        source.media_type === 'application/pdf' &&
        typeof source.data === 'string'
      ) {
        const file: Record<string, string> = { file_data: `data:application/pdf;base64,${source.data}` };
        if (typeof block.title === 'string') file.filename = block.title;
        return withCache({ type: 'file', file }, block);
      }
      // Other document sources have no OpenAI form; an Anthropic upstream takes them as they are.
      return block as ContentPart;
    }
    default:
      return undefined;
  }
}

/** Content parts → the simplest OpenAI content: a plain string when that loses nothing. */
function simplify(parts: ContentPart[]): string | ContentPart[] {
  const only = parts[0] as (ContentPart & { cache_control?: unknown }) | undefined;
  if (parts.length === 1 && only?.type === 'text' && only.cache_control === undefined)
    return only.text as string;
  return parts;
}

function toolMessage(block: Extract<Block, { type: 'tool_result' }>): ChatMessage {
  const { content } = block;
  let value: string | ContentPart[] = '';
  if (typeof content === 'string') value = content;
  else if (content !== undefined) value = simplify(content.map((item) => partOf(item) as ContentPart));
  return { role: 'tool', tool_call_id: block.tool_use_id, content: value };
}

/** A user turn → tool messages (first: OpenAI wants them right after the assistant's calls) + user message. */
function userMessages(blocks: Block[], warn: (w: TranslationWarning) => void, param: string): ChatMessage[] {
  const tools: ChatMessage[] = [];
  const parts: ContentPart[] = [];
  blocks.forEach((block, index) => {
    if (block.type === 'tool_result') {
      if (block.is_error === true) {
        warn({ param: `${param}.content.${index}.is_error`, message: 'is_error has no OpenAI equivalent' });
      }
      tools.push(toolMessage(block));
      return;
    }
    const part = partOf(block);
    if (part !== undefined) parts.push(part);
  });
  if (parts.length > 0) tools.push({ role: 'user', content: simplify(parts) });
  return tools;
}

/**
 * An assistant turn → one assistant message. Thinking blocks ride along as `thinking_blocks` (in
 * order, signatures untouched) so an Anthropic upstream gets them back at the front of the turn;
 * where they sat between other blocks (interleaved thinking) is not kept.
 */
function assistantMessage(blocks: Block[]): ChatMessage {
  const texts: TextLike[] = [];
  const calls: ToolCall[] = [];
  const thinking: ThinkingBlock[] = [];
  for (const block of blocks) {
    if (block.type === 'text') texts.push(block);
    else if (block.type === 'tool_use') {
      const args = JSON.stringify(block.input);
      calls.push({ id: block.id, type: 'function', function: { name: block.name, arguments: args } });
    } else if (block.type === 'thinking') {
      thinking.push({ type: 'thinking', thinking: block.thinking, signature: block.signature });
    } else if (block.type === 'redacted_thinking') {
      thinking.push({ type: 'redacted_thinking', data: block.data });
    }
  }
  const cached = texts.some((t) => t.cache_control !== undefined);
  const text = texts.map((t) => t.text).join('');
  const message: ChatMessage = {
    role: 'assistant',
    content: cached ? texts.map(textPart) : text === '' && calls.length > 0 ? null : text,
  };
  if (calls.length > 0) message.tool_calls = calls;
  if (thinking.length > 0) message.thinking_blocks = thinking;
  return message;
}

function convertMessages(messages: AnthropicInputMessage[], warn: (w: TranslationWarning) => void) {
  const out: ChatMessage[] = [];
  messages.forEach((message, index) => {
    const param = `messages.${index}`;
    const blocks: Block[] =
      typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content;
    if (message.role === 'assistant') out.push(assistantMessage(blocks));
    else out.push(...userMessages(blocks, warn, param));
  });
  return out;
}

function systemMessage(system: AnthropicRequestInput['system']): ChatMessage | undefined {
  if (system === undefined) return undefined;
  if (typeof system === 'string') return system === '' ? undefined : { role: 'system', content: system };
  if (system.length === 0) return undefined;
  return { role: 'system', content: simplify(system.map(textPart)) };
}

function convertTools(input: AnthropicRequestInput, request: ChatRequest): void {
  if (input.tools !== undefined && input.tools.length > 0) {
    request.tools = input.tools.map((tool) => {
      const fn: ToolDefinition['function'] = { name: tool.name, parameters: tool.input_schema };
      if (tool.description !== undefined) fn.description = tool.description;
      const def: ToolDefinition = { type: 'function', function: fn };
      return tool.cache_control === undefined ? def : { ...def, cache_control: tool.cache_control };
    });
  }
  const choice = input.tool_choice;
  if (choice === undefined) return;
  if (choice.type === 'auto') request.tool_choice = 'auto';
  else if (choice.type === 'any') request.tool_choice = 'required';
  else if (choice.type === 'none') request.tool_choice = 'none';
  else request.tool_choice = { type: 'function', function: { name: choice.name } };
  if ('disable_parallel_tool_use' in choice && choice.disable_parallel_tool_use === true) {
    request.parallel_tool_calls = false;
  }
}

/**
 * Inbound Anthropic Messages body → Keel's canonical OpenAI ChatRequest. Validates first (throws
 * KeelError invalid_request naming the field); streams ask for usage so the Anthropic
 * `message_delta` can report output tokens.
 */
export function fromAnthropicRequest(body: unknown): FromAnthropicResult {
  const input = parseAnthropicRequest(body);
  const warnings: TranslationWarning[] = [];
  const warn = (w: TranslationWarning) => {
    if (!warnings.some((seen) => seen.message === w.message)) warnings.push(w);
  };
  for (const key of Object.keys(body as object)) {
    if (!KNOWN_KEYS.has(key))
      warn({ param: key, message: `${key} is not supported by Keel and was ignored` });
  }
  const messages = convertMessages(input.messages, warn);
  const system = systemMessage(input.system);
  const request: ChatRequest = {
    model: input.model,
    messages: system === undefined ? messages : [system, ...messages],
    max_tokens: input.max_tokens,
  };
  if (input.stop_sequences !== undefined && input.stop_sequences.length > 0)
    request.stop = input.stop_sequences;
  if (input.temperature !== undefined) request.temperature = input.temperature;
  if (input.top_p !== undefined) request.top_p = input.top_p;
  if (input.top_k !== undefined) request.top_k = input.top_k;
  if (typeof input.metadata?.user_id === 'string') request.user = input.metadata.user_id;
  // Kept as Anthropic wrote it: the Anthropic provider sends it on exactly.
  if (input.thinking !== undefined) request.thinking = input.thinking;
  convertTools(input, request);
  if (input.stream === true) {
    request.stream = true;
    request.stream_options = { include_usage: true };
  }
  return { request, warnings };
}
