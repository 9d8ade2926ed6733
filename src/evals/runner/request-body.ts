import { KeelError } from '../../errors/index.ts';
import type { ChatMessage } from '../../spec/chat.ts';
import type { DatasetItem } from '../datasets/index.ts';
import type { GatewayClient } from './gateway-client.ts';
import { renderMessages } from './template.ts';
import type { Target } from './types.ts';

/**
 * The chat body for one item × target. A prompt request may carry no messages of its own: the
 * gateway checks for messages only after the prompts module rendered them.
 */
export interface ChatCall {
  body: Record<string, unknown>;
  headers: Record<string, string>;
}

/** `prompt:NAME@SEL` / `NAME@SEL` → name and render-API selector. */
export function parsePromptRef(ref: string): { name: string; version?: number; label?: string } {
  const text = ref.startsWith('prompt:') ? ref.slice('prompt:'.length) : ref;
  const at = text.indexOf('@');
  const name = at < 0 ? text : text.slice(0, at);
  const selector = at < 0 ? '' : text.slice(at + 1);
  const version = /^v(\d{1,9})$/.exec(selector);
  if (version) return { name, version: Number(version[1]) };
  return selector === '' ? { name } : { name, label: selector };
}

interface RenderedPrompt {
  messages: ChatMessage[];
  model: string | null;
  parameters: Record<string, unknown>;
  tools?: unknown;
  response_format?: unknown;
}

async function renderViaApi(
  client: GatewayClient,
  o: { ref: string; variables: Record<string, unknown>; signal: AbortSignal; timeoutMs: number },
): Promise<RenderedPrompt> {
  const { name, ...selector } = parsePromptRef(o.ref);
  const res = await client.post(
    `/api/prompts/${encodeURIComponent(name)}/render`,
    { ...selector, variables: o.variables },
    { signal: o.signal, timeoutMs: o.timeoutMs },
  );
  return res.body as RenderedPrompt;
}

export async function buildChatCall(
  client: GatewayClient,
  o: { target: Target; item: DatasetItem; signal: AbortSignal; timeoutMs: number },
): Promise<ChatCall> {
  const { target, item } = o;
  const variables = item.input.variables ?? {};
  const own = item.input.messages ?? [];
  if (target.kind === 'model') {
    const messages = [...(target.templates ? renderMessages(target.templates, variables) : []), ...own];
    if (messages.length === 0) {
      throw new KeelError(
        'invalid_request',
        `Item '${item.id}' has no messages and the eval has no prompt to render`,
      );
    }
    return { body: { ...target.params, model: target.model, messages }, headers: {} };
  }
  if (target.kind === 'gateway-prompt') {
    const model = target.ref.startsWith('prompt:') ? target.ref : `prompt:${target.ref}`;
    const body = {
      ...target.params,
      model,
      variables,
      messages: own,
    };
    return { body, headers: {} };
  }
  const rendered = await renderViaApi(client, {
    ref: target.ref,
    variables,
    signal: o.signal,
    timeoutMs: o.timeoutMs,
  });
  const body: Record<string, unknown> = {
    ...rendered.parameters,
    ...target.params,
    model: target.model,
    messages: [...rendered.messages, ...own],
  };
  if (rendered.tools !== undefined) body.tools = rendered.tools;
  if (rendered.response_format !== undefined) body.response_format = rendered.response_format;
  return { body, headers: { 'x-keel-tags': `eval,prompt:${parsePromptRef(target.ref).name}` } };
}
