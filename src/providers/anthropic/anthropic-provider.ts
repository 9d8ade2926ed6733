import type { ProviderConfig } from '../../config/schema.ts';
import { KeelError } from '../../errors/index.ts';
import type { Logger } from '../../log/index.ts';
import type {
  CallContext,
  ChatRequest,
  ChatResult,
  ChatStream,
  EmbedResult,
  Provider,
  ProviderCapabilities,
} from '../../spec/index.ts';
import {
  createUpstreamClient,
  lowerCaseKeys,
  parseUpstreamError,
  resolveSecret,
  sanitizeUpstreamText,
  type UpstreamAgentOptions,
  type UpstreamClient,
  type UpstreamResponse,
} from '../http/index.ts';
import { readAnthropicMessage } from './anthropic-message-schema.ts';
import { anthropicHttpError } from './errors.ts';
import { toAnthropicRequest } from './request-to-anthropic.ts';
import { fromAnthropicMessage } from './response-from-anthropic.ts';
import { anthropicStreamParts } from './stream-parts.ts';
import type { TranslationWarning } from './types.ts';

export type AnthropicProviderConfig = Extract<ProviderConfig, { type: 'anthropic' }>;

export interface AnthropicProviderOptions {
  /** Where `{env: NAME}` / `${NAME}` secrets are read from (tests inject their own). */
  env?: NodeJS.ProcessEnv;
  agent?: UpstreamAgentOptions;
  /** Receives translation warnings (dropped parameters) at debug level. */
  logger?: Logger;
}

/** Error bodies are read only this far: enough for any real message, bounded for a hostile one. */
const ERROR_BODY_LIMIT = 64 * 1024;

/** `https://api.anthropic.com` and `https://proxy/anthropic/v1` both reach `…/v1/messages`. */
export function messagesPath(baseUrl: string): string {
  const path = new URL(baseUrl).pathname.replace(/\/+$/, '');
  return path.endsWith('/v1') ? `${path}/messages` : `${path}/v1/messages`;
}

class AnthropicProvider implements Provider {
  readonly specVersion = 'v1' as const;
  readonly type = 'anthropic';
  readonly dialect = 'anthropic' as const;
  readonly capabilities: ProviderCapabilities = { chat: true, stream: true, embeddings: false, tools: true };
  readonly name: string;
  readonly #config: AnthropicProviderConfig;
  readonly #client: UpstreamClient;
  readonly #path: string;
  readonly #headers: Record<string, string>;
  readonly #secrets: readonly string[];
  readonly #logger: Logger | undefined;

  constructor(name: string, config: AnthropicProviderConfig, options: AnthropicProviderOptions) {
    this.name = name;
    this.#config = config;
    this.#logger = options.logger;
    const apiKey = resolveSecret(config.apiKey, options.env ?? process.env, `provider ${name} apiKey`);
    this.#secrets = apiKey === undefined ? [] : [apiKey];
    this.#headers = {
      'anthropic-version': config.apiVersion,
      ...lowerCaseKeys(config.headers),
      ...(apiKey === undefined ? {} : { 'x-api-key': apiKey }),
    };
    this.#path = messagesPath(config.baseUrl);
    this.#client = createUpstreamClient(config.baseUrl, {
      bodyTimeoutMs: config.streamIdleMs,
      ...options.agent,
      provider: name,
    });
  }

  async chat(request: ChatRequest, ctx: CallContext): Promise<ChatResult> {
    const res = await this.#post(request, ctx, false);
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new KeelError('upstream_error', `Provider ${this.name} returned a body that is not JSON`);
    }
    const message = readAnthropicMessage(parsed);
    if (message === undefined) {
      throw new KeelError(
        'upstream_error',
        `Provider ${this.name} returned a body that is not an Anthropic message`,
      );
    }
    return fromAnthropicMessage(message);
  }

  async chatStream(request: ChatRequest, ctx: CallContext): Promise<ChatStream> {
    const res = await this.#post(request, ctx, true);
    if (String(res.headers['content-type'] ?? '').includes('application/json')) {
      // A proxy that ignored `stream: true` (or answered with a JSON error and 200): fail before the
      // first byte, while the router can still fail over.
      const detail = sanitizeUpstreamText(
        parseUpstreamError(await res.textLimited(ERROR_BODY_LIMIT)).message,
        this.#secrets,
      );
      throw new KeelError(
        'upstream_error',
        `Provider ${this.name} answered a stream request with JSON: ${detail}`,
        {
          upstreamStatus: res.status,
        },
      );
    }
    const parts = anthropicStreamParts(res, {
      provider: this.name,
      signal: ctx.signal,
      secrets: this.#secrets,
      includeUsage: request.stream_options?.include_usage === true,
    });
    return { parts };
  }

  async embed(): Promise<EmbedResult> {
    throw new KeelError('invalid_request', 'anthropic has no embeddings API', { param: 'model' });
  }

  close(): Promise<void> {
    return this.#client.close();
  }

  /** Translates and sends; resolves only on a 2xx status so the router can still fail over. */
  async #post(request: ChatRequest, ctx: CallContext, stream: boolean): Promise<UpstreamResponse> {
    const { body, warnings } = toAnthropicRequest(request, {
      model: ctx.upstreamModel,
      defaultMaxTokens: this.#config.defaultMaxTokens,
      stream,
    });
    this.#warn(warnings, ctx);
    const res = await this.#client.postJson({
      path: this.#path,
      headers: {
        'content-type': 'application/json',
        accept: stream ? 'text/event-stream' : 'application/json',
        'x-request-id': ctx.requestId,
        'x-keel-request-id': ctx.requestId,
        ...this.#headers,
      },
      body: JSON.stringify(body),
      signal: ctx.signal,
    });
    if (res.status >= 200 && res.status < 300) return res;
    const bodyText = await res.textLimited(ERROR_BODY_LIMIT);
    const { status, headers } = res;
    throw anthropicHttpError({ provider: this.name, status, headers, bodyText, secrets: this.#secrets });
  }

  #warn(warnings: TranslationWarning[], ctx: CallContext): void {
    if (warnings.length === 0 || this.#logger === undefined) return;
    this.#logger.debug(
      { provider: this.name, requestId: ctx.requestId, warnings },
      'anthropic translation warnings',
    );
  }
}

/** A provider speaking Anthropic's Messages API upstream, for OpenAI-dialect requests. */
export function createAnthropicProvider(
  name: string,
  config: AnthropicProviderConfig,
  options: AnthropicProviderOptions = {},
): Provider {
  return new AnthropicProvider(name, config, options);
}
