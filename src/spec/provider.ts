import type { ChatCompletion, ChatRequest, EmbeddingRequest, EmbeddingResponse } from './chat.ts';
import type { Usage } from './usage.ts';

/** What a caller hands a provider for one upstream attempt. */
export interface CallContext {
  /** Aborts the upstream request: client disconnect, attempt timeout or total timeout. */
  signal: AbortSignal;
  /** Upstream model name for this deployment (the public model name is already replaced). */
  upstreamModel: string;
  /** Keel request id, forwarded upstream as a header for correlation. */
  requestId: string;
}

/**
 * One event of a streamed completion, always in the OpenAI chunk dialect.
 * `data` is the chunk's JSON text exactly as it should go to an OpenAI-dialect client, so
 * same-dialect routes pass it through without re-serialising.
 */
export type StreamPart =
  | {
      type: 'chunk';
      data: string;
      /** Present when this chunk carried usage. */
      usage?: Usage;
      /** True for the usage-only chunk (no choices) that `include_usage` adds at the end. */
      usageOnly?: boolean;
    }
  /** The upstream ended the stream properly ([DONE] or message_stop). */
  | { type: 'finish' }
  /** The upstream stream broke or ended early; the gateway must end the client stream with an error. */
  | { type: 'error'; error: Error };

export interface ChatResult {
  body: ChatCompletion;
  usage?: Usage;
}

/**
 * A started stream: the promise that yields it resolves once the upstream answered with a success
 * status (before the first token), so the router can still fail over until then.
 */
export interface ChatStream {
  parts: AsyncIterable<StreamPart>;
}

export interface EmbedResult {
  body: EmbeddingResponse;
  usage?: Usage;
}

export interface ProviderCapabilities {
  chat: boolean;
  stream: boolean;
  embeddings: boolean;
  tools: boolean;
}

export type ProviderDialect = 'openai' | 'anthropic';

/** A configured upstream (one entry of `providers:` in keel.yaml). Errors thrown are KeelErrors. */
export interface Provider {
  readonly specVersion: 'v1';
  /** The provider's configured name. */
  readonly name: string;
  readonly type: string;
  readonly dialect: ProviderDialect;
  readonly capabilities: ProviderCapabilities;
  chat(request: ChatRequest, ctx: CallContext): Promise<ChatResult>;
  chatStream(request: ChatRequest, ctx: CallContext): Promise<ChatStream>;
  embed(request: EmbeddingRequest, ctx: CallContext): Promise<EmbedResult>;
  close?(): Promise<void>;
}
