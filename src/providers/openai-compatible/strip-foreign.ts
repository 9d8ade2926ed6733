/**
 * Fields that arrive through the Anthropic dialect (/v1/messages) but that OpenAI-dialect upstreams
 * reject as unknown: `cache_control` on content parts and tools. Stripped here so an Anthropic
 * client can be routed to any OpenAI-compatible provider. Copies only what it changes.
 */
export function stripForeignFields(body: Record<string, unknown>): Record<string, unknown> {
  const messages = body.messages;
  const tools = body.tools;
  let changed = false;
  let nextMessages = messages;
  if (Array.isArray(messages)) {
    const mapped = messages.map((message: unknown) => {
      const content = (message as { content?: unknown }).content;
      if (!Array.isArray(content) || !content.some(hasCacheControl)) return message;
      changed = true;
      return { ...(message as object), content: content.map(withoutCacheControl) };
    });
    if (changed) nextMessages = mapped;
  }
  let nextTools = tools;
  if (Array.isArray(tools) && tools.some(hasCacheControl)) {
    changed = true;
    nextTools = tools.map(withoutCacheControl);
  }
  return changed ? { ...body, messages: nextMessages, tools: nextTools } : body;
}

function hasCacheControl(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'cache_control' in value;
}

function withoutCacheControl(value: unknown): unknown {
  if (!hasCacheControl(value)) return value;
  const { cache_control: _dropped, ...rest } = value as Record<string, unknown>;
  return rest;
}
