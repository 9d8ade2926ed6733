import { KeelError } from '../../errors/index.ts';
import type { ChatCompletion, ChatRequest, EmbeddingRequest, EmbeddingResponse } from '../../spec/chat.ts';
import type {
  CallContext,
  ChatResult,
  ChatStream,
  EmbedResult,
  Provider,
  ProviderCapabilities,
} from '../../spec/provider.ts';
import {
  createUpstreamClient,
  mapHttpError,
  parseUpstreamError,
  sanitizeUpstreamText,
  type UpstreamAgentOptions,
  type UpstreamClient,
  type UpstreamResponse,
} from '../http/index.ts';
import { openAiStreamParts } from './stream-parts.ts';
import { stripForeignFields } from './strip-foreign.ts';
import { toUsage } from './usage.ts';

export type OpenAiOperation = 'chat' | 'embeddings';

/** Optional wiring for provider factories (the config itself stays plain data). */
export interface ProviderFactoryOptions {
  /** Where `{env: NAME}` secrets are read from (tests inject their own). */
  env?: NodeJS.ProcessEnv;
  agent?: UpstreamAgentOptions;
}

/** What makes one OpenAI-dialect upstream different from another. */
export interface OpenAiCompatibleOptions {
  name: string;
  type: string;
  /** e.g. `https://api.openai.com/v1`; operation paths are appended to its path. */
  baseUrl: string;
  /** Path (and query) below baseUrl's path for an operation, e.g. `/chat/completions`. */
  path(operation: OpenAiOperation, ctx: CallContext): string;
  /** Static headers, auth included; config headers already merged in. */
  headers: Record<string, string>;
  /** Adjusts the outgoing body (model already replaced by ctx.upstreamModel). */
  transformBody?(body: Record<string, unknown>, operation: OpenAiOperation): Record<string, unknown>;
  /** Credential values, scrubbed from any upstream text we show. */
  secrets?: readonly string[];
  capabilities?: Partial<ProviderCapabilities>;
  agent?: UpstreamAgentOptions;
}

interface PostCall {
  operation: OpenAiOperation;
  body: Record<string, unknown>;
  ctx: CallContext;
  stream?: boolean;
}

/** Error bodies are read only this far: enough for any real message, bounded for a hostile one. */
const ERROR_BODY_LIMIT = 64 * 1024;

function basePathOf(baseUrl: string): string {
  const path = new URL(baseUrl).pathname;
  return path.endsWith('/') ? path.slice(0, -1) : path;
}

class OpenAiCompatibleProvider implements Provider {
  readonly specVersion = 'v1' as const;
  readonly dialect = 'openai' as const;
  readonly name: string;
  readonly type: string;
  readonly capabilities: ProviderCapabilities;
  readonly #options: OpenAiCompatibleOptions;
  readonly #client: UpstreamClient;
  readonly #basePath: string;
  readonly #secrets: readonly string[];

  constructor(options: OpenAiCompatibleOptions) {
    this.name = options.name;
    this.type = options.type;
    this.capabilities = { chat: true, stream: true, embeddings: true, tools: true, ...options.capabilities };
    this.#options = options;
    this.#basePath = basePathOf(options.baseUrl);
    this.#secrets = options.secrets ?? [];
    this.#client = createUpstreamClient(options.baseUrl, { ...options.agent, provider: options.name });
  }

  async chat(request: ChatRequest, ctx: CallContext): Promise<ChatResult> {
    const { stream_options: _dropped, ...rest } = request;
    const res = await this.#post({
      operation: 'chat',
      body: { ...rest, model: ctx.upstreamModel, stream: false },
      ctx,
    });
    const body = await this.#readJson(res);
    if (!Array.isArray(body.choices)) throw this.#malformed('a chat completion without choices');
    const completion = body as unknown as ChatCompletion;
    return { body: completion, usage: toUsage(completion.usage) };
  }

  async chatStream(request: ChatRequest, ctx: CallContext): Promise<ChatStream> {
    const body = { ...request, model: ctx.upstreamModel, stream: true };
    const res = await this.#post({ operation: 'chat', body, ctx, stream: true });
    if (String(res.headers['content-type'] ?? '').includes('application/json')) {
      // Some OpenAI-compatible servers answer a stream request with a JSON error and status 200.
      const detail = parseUpstreamError(await res.textLimited(ERROR_BODY_LIMIT)).message;
      const message = `Provider ${this.name} answered a stream request with JSON: ${detail}`;
      throw new KeelError('upstream_error', sanitizeUpstreamText(message, this.#secrets), {
        upstreamStatus: res.status,
      });
    }
    const parts = openAiStreamParts(res.body, {
      provider: this.name,
      signal: ctx.signal,
      secrets: this.#secrets,
      dispose: res.dispose,
    });
    return { parts };
  }

  async embed(request: EmbeddingRequest, ctx: CallContext): Promise<EmbedResult> {
    const res = await this.#post({
      operation: 'embeddings',
      body: { ...request, model: ctx.upstreamModel },
      ctx,
    });
    const body = await this.#readJson(res);
    if (!Array.isArray(body.data)) throw this.#malformed('an embeddings response without data');
    const embedding = body as unknown as EmbeddingResponse;
    // Embedding usage has no completion side; absent usage stays absent so the gateway can estimate.
    const usage = embedding.usage ? toUsage({ completion_tokens: 0, ...embedding.usage }) : undefined;
    return { body: embedding, usage };
  }

  close(): Promise<void> {
    return this.#client.close();
  }

  async #post(call: PostCall): Promise<UpstreamResponse> {
    const { operation, body, ctx, stream = false } = call;
    const portable = stripForeignFields(body);
    const transformed = this.#options.transformBody?.(portable, operation) ?? portable;
    const res = await this.#client.postJson({
      path: this.#basePath + this.#options.path(operation, ctx),
      headers: {
        'content-type': 'application/json',
        accept: stream ? 'text/event-stream' : 'application/json',
        'x-request-id': ctx.requestId,
        'x-keel-request-id': ctx.requestId,
        ...this.#options.headers,
      },
      body: JSON.stringify(transformed),
      signal: ctx.signal,
    });
    if (res.status >= 200 && res.status < 300) return res;
    throw this.#httpError(res, await res.textLimited(ERROR_BODY_LIMIT));
  }

  async #readJson(res: UpstreamResponse): Promise<Record<string, unknown>> {
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw this.#malformed('a body that is not JSON');
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw this.#malformed('a body that is not a JSON object');
    }
    return parsed as Record<string, unknown>;
  }

  #httpError(res: UpstreamResponse, text: string): KeelError {
    const { status, headers } = res;
    return mapHttpError({ provider: this.name, status, headers, bodyText: text, secrets: this.#secrets });
  }

  #malformed(what: string): KeelError {
    return new KeelError('upstream_error', `Provider ${this.name} returned ${what}`);
  }
}

/** The shared base of every OpenAI-dialect upstream (OpenAI, Azure, vLLM, Ollama, Together, Groq…). */
export function createOpenAiCompatibleProvider(options: OpenAiCompatibleOptions): Provider {
  return new OpenAiCompatibleProvider(options);
}
