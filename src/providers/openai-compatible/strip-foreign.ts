import { effortForBudget } from '../reasoning-effort.ts';

/**
 * Fields that arrive through the Anthropic dialect (/v1/messages) but that OpenAI-dialect upstreams
 * reject or cannot use, made portable here so an Anthropic client can be routed to any
 * OpenAI-compatible provider. Copies only what it changes.
 *
 * - `cache_control` on content parts and tools: removed.
 * - `thinking` (Anthropic extended thinking): removed; an enabled budget becomes the
 *   `reasoning_effort` whose budget covers it (src/providers/reasoning-effort.ts), unless the
 *   caller set an effort itself. Disabled or adaptive thinking leaves the upstream's default.
 * - `thinking_blocks` and `reasoning_content` on history messages: removed. Their signatures only
 *   verify at Anthropic, OpenAI rejects unknown message fields, and DeepSeek refuses
 *   `reasoning_content` in input messages.
 */
export function stripForeignFields(body: Record<string, unknown>): Record<string, unknown> {
  let next = body;
  const messages = portableMessages(body.messages);
  if (messages !== body.messages) next = { ...next, messages };
  if (Array.isArray(body.tools) && body.tools.some(hasCacheControl)) {
    next = { ...next, tools: body.tools.map(withoutCacheControl) };
  }
  if ('thinking' in body) {
    const { thinking, ...rest } = next;
    const effort = body.reasoning_effort === undefined ? effortForThinking(thinking) : undefined;
    next = effort ? { ...rest, reasoning_effort: effort } : rest;
  }
  return next;
}

function effortForThinking(thinking: unknown): 'low' | 'medium' | 'high' | undefined {
  if (thinking === null || typeof thinking !== 'object') return undefined;
  const { type, budget_tokens: budget } = thinking as { type?: unknown; budget_tokens?: unknown };
  if (type !== 'enabled') return undefined;
  return typeof budget === 'number' ? effortForBudget(budget) : 'low';
}

const FOREIGN_MESSAGE_FIELDS = ['thinking_blocks', 'reasoning_content'] as const;

function portableMessages(messages: unknown): unknown {
  if (!Array.isArray(messages)) return messages;
  let changed = false;
  const mapped = messages.map((message: unknown) => {
    if (message === null || typeof message !== 'object') return message;
    let out = message as Record<string, unknown>;
    if (FOREIGN_MESSAGE_FIELDS.some((field) => field in out)) {
      out = { ...out };
      for (const field of FOREIGN_MESSAGE_FIELDS) delete out[field];
    }
    const content = out.content;
    if (Array.isArray(content) && content.some(hasCacheControl)) {
      out = { ...out, content: content.map(withoutCacheControl) };
    }
    if (out !== message) changed = true;
    return out;
  });
  return changed ? mapped : messages;
}

function hasCacheControl(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'cache_control' in value;
}

function withoutCacheControl(value: unknown): unknown {
  if (!hasCacheControl(value)) return value;
  const { cache_control: _dropped, ...rest } = value as Record<string, unknown>;
  return rest;
}
