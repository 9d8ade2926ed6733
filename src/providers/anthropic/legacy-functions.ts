import { KeelError } from '../../errors/index.ts';
import type { ChatRequest, ToolDefinition } from '../../spec/index.ts';

/**
 * OpenAI's legacy function calling (`functions`, `function_call`, `role: 'function'` results) in
 * terms of tools, for Anthropic, which only has tools. A legacy call carries no id, so the
 * assistant turn's `function_call` gets one from its message index and the `function` message
 * that follows it answers that id (messages-to-anthropic.ts).
 */

/** The tool_use id of the `function_call` on message `index` (Anthropic ids: `[A-Za-z0-9_-]+`). */
export function legacyCallId(index: number): string {
  return `keel_function_call_${index}`;
}

/** The request's `functions` as tool definitions; undefined when it sends none. */
export function legacyTools(request: ChatRequest): ToolDefinition[] | undefined {
  if (!Array.isArray(request.functions)) return undefined;
  return (request.functions as unknown[]).map((f, index) => {
    if (f === null || typeof f !== 'object' || typeof (f as { name?: unknown }).name !== 'string') {
      throw new KeelError('invalid_request', 'Functions need a name', { param: `functions[${index}]` });
    }
    return { type: 'function', function: f as ToolDefinition['function'] };
  });
}

/** The legacy `function_call` parameter (`auto`, `none`, `{name}`) as an OpenAI `tool_choice`. */
export function legacyToolChoice(choice: unknown): unknown {
  if (choice === undefined || choice === null || choice === 'auto' || choice === 'none') return choice;
  const name = (choice as { name?: unknown }).name;
  if (typeof choice === 'object' && typeof name === 'string') return { type: 'function', function: { name } };
  throw new KeelError('invalid_request', 'function_call must be auto, none or {name}', {
    param: 'function_call',
  });
}
