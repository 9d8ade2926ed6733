import { KeelError } from '../errors/index.ts';
import type { ChatMessage, ChatRequest, GatewayHook, RequestContext } from '../spec/index.ts';
import type { PromptsConfig } from './config.ts';
import { parseRef } from './names.ts';
import type { PromptIndex } from './prompt-index.ts';
import { type RenderedPrompt, renderResolution } from './render-prompt.ts';
import type { PromptRef } from './types.ts';

export const PROMPT_MODEL_PREFIX = 'prompt:';
export const PROMPT_HEADER = 'x-keel-prompt';

function header(ctx: RequestContext, name: string): string | null {
  const value = ctx.headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  return text === undefined || text === '' ? null : text;
}

/** `model: "prompt:NAME@LABEL"` wins over the `x-keel-prompt` header; neither → not a prompt request. */
function promptRef(ctx: RequestContext, request: ChatRequest): { ref: PromptRef; viaModel: boolean } | null {
  if (typeof request.model === 'string' && request.model.startsWith(PROMPT_MODEL_PREFIX)) {
    return { ref: parseRef(request.model.slice(PROMPT_MODEL_PREFIX.length), 'model'), viaModel: true };
  }
  const value = header(ctx, PROMPT_HEADER);
  return value === null ? null : { ref: parseRef(value.trim(), PROMPT_HEADER), viaModel: false };
}

/** `variables` is Keel's, not OpenAI's: read it and remove it before the body goes upstream. */
function takeVariables(request: ChatRequest): Record<string, unknown> {
  const value = request.variables;
  delete request.variables;
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new KeelError('invalid_request', "'variables' must be an object of variable name → value", {
      param: 'variables',
    });
  }
  return value as Record<string, unknown>;
}

/** Canary splits stick to the user (x-keel-user, else body `user`), else the session; else random. */
function stickyKey(ctx: RequestContext): string | null {
  if (ctx.caller.user !== null) return `u:${ctx.caller.user}`;
  return ctx.caller.session === null ? null : `s:${ctx.caller.session}`;
}

/**
 * The version's model config is the default and the request overrides it (as in Langfuse and
 * Portkey): a parameter, `tools` or `response_format` the caller sent is kept. The version's model
 * always applies (it is part of the release); the caller's model is used only when it has none.
 */
function apply(request: ChatRequest, rendered: RenderedPrompt, viaModel: boolean): void {
  const { content } = rendered.version;
  if (content.model !== undefined) request.model = content.model;
  else if (viaModel) {
    throw new KeelError(
      'invalid_request',
      `Prompt ${rendered.use.name} v${rendered.use.version} has no model: set one on the version, or pass a model with the x-keel-prompt header`,
      { param: 'model' },
    );
  }
  for (const [key, value] of Object.entries(content.parameters)) {
    if (request[key] === undefined || request[key] === null) request[key] = value;
  }
  if (content.tools !== undefined && request.tools === undefined) request.tools = content.tools;
  if (content.responseFormat !== undefined && request.response_format === undefined) {
    request.response_format = content.responseFormat as ChatRequest['response_format'];
  }
  // The caller's own messages (chat history, the user's turn) follow the rendered ones.
  const own: ChatMessage[] = rendered.messages.map((message) => ({ ...message }));
  request.messages = Array.isArray(request.messages) ? [...own, ...request.messages] : own;
}

export interface PromptsHookOptions {
  index: PromptIndex;
  config: () => PromptsConfig;
  /** Counts outcomes (metrics). */
  onOutcome?: (outcome: 'rendered' | 'error') => void;
}

/**
 * The gateway step that turns `prompt:NAME@LABEL` (or `x-keel-prompt`) plus `variables` into the
 * version's rendered messages and model config. Synchronous, from memory. The record's metadata
 * gets `prompt: { name, version, label }` as soon as the version is chosen, so render failures
 * count against the version that caused them.
 */
export function promptsHook(options: PromptsHookOptions): GatewayHook {
  return {
    name: 'prompts',
    beforeRequest(ctx) {
      if (ctx.endpoint === 'embeddings') return;
      const request = ctx.request as ChatRequest;
      const found = promptRef(ctx, request);
      if (found === null) return;
      try {
        const variables = takeVariables(request);
        const resolution = options.index.resolve(found.ref, stickyKey(ctx));
        const version = resolution.compiled.version;
        ctx.metadata.prompt = { name: version.prompt, version: version.version, label: resolution.label };
        const rendered = renderResolution(options.index, options.config(), { resolution, variables });
        apply(request, rendered, found.viaModel);
        options.onOutcome?.('rendered');
      } catch (error) {
        options.onOutcome?.('error');
        throw error;
      }
    },
  };
}
