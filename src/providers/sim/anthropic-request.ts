/**
 * Anthropic Messages requests as the sim server receives them: validated with zod (max_tokens is
 * required, as Anthropic requires it) and translated into the canonical chat request the
 * generator reads. Self-contained on purpose: the sim must not depend on the Anthropic adapter.
 */
import { z } from 'zod';
import type { ChatMessage, ChatRequest, ToolDefinition } from '../../spec/index.ts';

const textBlock = z.looseObject({ type: z.literal('text'), text: z.string() });
const block = z.looseObject({ type: z.string().min(1) });

export const anthropicRequestSchema = z.looseObject({
  model: z.string().min(1),
  max_tokens: z.number().int().min(1),
  messages: z
    .array(
      z.looseObject({ role: z.enum(['user', 'assistant']), content: z.union([z.string(), z.array(block)]) }),
    )
    .min(1),
  system: z.union([z.string(), z.array(textBlock)]).optional(),
  stop_sequences: z.array(z.string()).optional(),
  stream: z.boolean().optional(),
  tools: z
    .array(
      z.looseObject({
        name: z.string().min(1),
        description: z.string().optional(),
        input_schema: z.record(z.string(), z.unknown()).optional(),
      }),
    )
    .optional(),
  tool_choice: z
    .looseObject({ type: z.enum(['auto', 'any', 'tool', 'none']), name: z.string().optional() })
    .optional(),
  temperature: z.number().min(0).max(1).optional(),
  top_p: z.number().min(0).max(1).optional(),
  top_k: z.number().int().min(0).optional(),
  thinking: z
    .looseObject({ type: z.enum(['enabled', 'disabled']), budget_tokens: z.number().int().optional() })
    .optional(),
});
export type AnthropicRequest = z.infer<typeof anthropicRequestSchema>;
type Block = z.infer<typeof block>;

function blockText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (!Array.isArray(value)) return '';
  const texts: string[] = [];
  for (const item of value) {
    const text = (item as { text?: unknown }).text;
    if (typeof text === 'string') texts.push(text);
  }
  return texts.join('\n');
}

/** A user turn: its tool_result blocks become tool messages, then its text a user message. */
function userMessages(blocks: Block[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  const texts: string[] = [];
  for (const item of blocks) {
    if (item.type === 'tool_result') {
      out.push({
        role: 'tool',
        tool_call_id: String(item.tool_use_id ?? ''),
        content: blockText(item.content),
      });
    } else if (item.type === 'text' && typeof item.text === 'string') {
      texts.push(item.text);
    }
  }
  if (texts.length > 0) out.push({ role: 'user', content: texts.join('\n') });
  return out;
}

function assistantMessage(blocks: Block[]): ChatMessage {
  const texts: string[] = [];
  const calls: NonNullable<ChatMessage['tool_calls']> = [];
  for (const item of blocks) {
    if (item.type === 'text' && typeof item.text === 'string') texts.push(item.text);
    if (item.type === 'tool_use') {
      const name = String(item.name ?? '');
      calls.push({
        id: String(item.id ?? ''),
        type: 'function',
        function: { name, arguments: JSON.stringify(item.input ?? {}) },
      });
    }
  }
  const message: ChatMessage = { role: 'assistant', content: texts.length > 0 ? texts.join('\n') : null };
  if (calls.length > 0) message.tool_calls = calls;
  return message;
}

function toolChoice(choice: AnthropicRequest['tool_choice']): unknown {
  switch (choice?.type) {
    case 'none':
      return 'none';
    case 'any':
      return 'required';
    case 'tool':
      return { type: 'function', function: { name: choice.name ?? '' } };
    default:
      return undefined;
  }
}

export function toChatRequest(body: AnthropicRequest): ChatRequest {
  const messages: ChatMessage[] = [];
  const system = blockText(body.system);
  if (system) messages.push({ role: 'system', content: system });
  for (const message of body.messages) {
    const blocks: Block[] =
      typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content;
    if (message.role === 'user') messages.push(...userMessages(blocks));
    else messages.push(assistantMessage(blocks));
  }
  const request: ChatRequest = { model: body.model, messages, max_tokens: body.max_tokens };
  if (body.stop_sequences && body.stop_sequences.length > 0) request.stop = body.stop_sequences;
  if (body.thinking !== undefined) request.thinking = body.thinking;
  if (body.tools && body.tools.length > 0) {
    request.tools = body.tools.map(
      (tool): ToolDefinition => ({
        type: 'function',
        function: { name: tool.name, description: tool.description, parameters: tool.input_schema },
      }),
    );
    const choice = toolChoice(body.tool_choice);
    if (choice !== undefined) request.tool_choice = choice;
  }
  return request;
}
