import { KeelError } from '../../errors/index.ts';
import type { ToolDefinition } from '../../spec/index.ts';
import type { AnthropicCacheControl, AnthropicTool, AnthropicToolChoice } from './types.ts';

/** OpenAI function tools → Anthropic tools (`parameters` is already a JSON schema). */
export function toolsToAnthropic(tools: ToolDefinition[]): AnthropicTool[] {
  if (!Array.isArray(tools))
    throw new KeelError('invalid_request', 'tools must be an array', { param: 'tools' });
  return tools.map((tool, index) => {
    const param = `tools[${index}]`;
    if (tool?.type !== 'function' || typeof tool.function?.name !== 'string') {
      throw new KeelError('invalid_request', 'Only function tools with a name can be sent to Anthropic', {
        param,
      });
    }
    const out: AnthropicTool = {
      name: tool.function.name,
      input_schema: tool.function.parameters ?? { type: 'object', properties: {} },
    };
    if (tool.function.description !== undefined) out.description = tool.function.description;
    // Anthropic-aware clients mark prompt-cache breakpoints on tools too; keep them.
    const cache = (tool as { cache_control?: unknown }).cache_control;
    if (cache !== null && typeof cache === 'object') out.cache_control = cache as AnthropicCacheControl;
    return out;
  });
}

function choiceFromValue(choice: unknown): AnthropicToolChoice {
  if (choice === 'auto') return { type: 'auto' };
  if (choice === 'required') return { type: 'any' };
  if (choice === 'none') return { type: 'none' };
  const name = (choice as { type?: unknown; function?: { name?: unknown } } | null)?.function?.name;
  if ((choice as { type?: unknown } | null)?.type === 'function' && typeof name === 'string') {
    return { type: 'tool', name };
  }
  throw new KeelError('invalid_request', 'tool_choice must be auto, required, none or a named function', {
    param: 'tool_choice',
  });
}

/**
 * OpenAI `tool_choice` (+ `parallel_tool_calls: false`) → Anthropic `tool_choice`.
 * Returns undefined when nothing needs to be sent.
 */
export function toolChoiceToAnthropic(
  choice: unknown,
  parallelToolCalls: unknown,
): AnthropicToolChoice | undefined {
  const mapped = choice === undefined || choice === null ? undefined : choiceFromValue(choice);
  if (parallelToolCalls !== false) return mapped;
  const base = mapped ?? { type: 'auto' };
  return base.type === 'none' ? base : { ...base, disable_parallel_tool_use: true };
}
