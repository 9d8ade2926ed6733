import { Agent, type Dispatcher } from 'undici';
import { z } from 'zod';
import { ERROR_CATALOG, type ErrorCode, KeelError } from '../../errors/index.ts';
import { mapTransportError } from '../../providers/index.ts';
import type { ChatMessage } from '../../spec/chat.ts';
import type { JudgeModel } from '../../spec/scorer.ts';

export interface GatewayJudgeOptions {
  /** Keel's base URL, with or without the trailing `/v1` (e.g. http://127.0.0.1:4141). */
  baseUrl: string;
  /** Model (or `prompt:`/alias name) the judge calls go to. */
  model: string;
  /** Model for embed(); without it the judge has no embed() and similarity metrics say so. */
  embeddingModel?: string;
  /** A Keel virtual key, sent as `Authorization: Bearer …` (budgets and spend then apply). */
  apiKey?: string;
  /** Extra headers (e.g. x-keel-tags). `x-keel-feature` defaults to `eval-judge`. */
  headers?: Record<string, string>;
  /** Per call; default 120 s. */
  timeoutMs?: number;
  /** Default max_tokens of a judge answer (a cap, not a cost); default 2048. */
  maxTokens?: number;
  /** Send response_format json_object when a scorer asks for JSON; default true. */
  jsonMode?: boolean;
  /** Share a dispatcher (pool) instead of the judge's own keep-alive agent. */
  dispatcher?: Dispatcher;
}

export interface GatewayJudgeModel extends JudgeModel {
  readonly model: string;
  /** Closes the judge's own connection pool (not a shared dispatcher). */
  close(): Promise<void>;
}

const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

const completionSchema = z.object({
  choices: z
    .array(z.object({ message: z.object({ content: z.string().nullable().optional() }).loose() }).loose())
    .min(1),
});
const embeddingsSchema = z.object({
  data: z.array(z.object({ index: z.number().int(), embedding: z.array(z.number()) }).loose()),
});

/** Keel's own error body carries a catalog code; keep it (a 429 budget stays budget_exceeded). */
function errorFrom(status: number, text: string): KeelError {
  let e: { message?: unknown; code?: unknown } | undefined;
  try {
    e = (JSON.parse(text) as { error?: typeof e }).error;
  } catch {
    e = undefined;
  }
  const message = typeof e?.message === 'string' ? e.message : `Judge call failed with HTTP ${status}`;
  const code =
    typeof e?.code === 'string' && e.code in ERROR_CATALOG ? (e.code as ErrorCode) : 'upstream_error';
  return new KeelError(code, `Judge model call failed: ${message}`, { status, upstreamStatus: status });
}

function endpoint(baseUrl: string, path: string): { origin: string; path: string } {
  const url = new URL(baseUrl);
  const base = url.pathname.replace(/\/+$/, '');
  return { origin: url.origin, path: `${base.endsWith('/v1') ? base : `${base}/v1`}${path}` };
}

async function readBody(body: Dispatcher.ResponseData['body']): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_RESPONSE_BYTES) {
      body.destroy();
      throw new KeelError('upstream_error', 'Judge model answer is too large');
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

type Post = (path: string, body: unknown, signal?: AbortSignal) => Promise<unknown>;

/** POSTs JSON to the gateway with a per-call timeout; every failure becomes a KeelError. */
function createPost(options: GatewayJudgeOptions, dispatcher: Dispatcher): Post {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-keel-feature': 'eval-judge',
    ...options.headers,
  };
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
  const timeoutMs = options.timeoutMs ?? 120_000;
  return async (path, body, signal) => {
    // A timer cleared when the call ends (AbortSignal.timeout would keep each call's signal alive
    // for the whole timeout, so long online-eval runs would grow in memory).
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new KeelError('upstream_timeout', 'Judge call timed out')),
      timeoutMs,
    );
    const onAbort = () => controller.abort(signal?.reason);
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    const combined = controller.signal;
    try {
      const res = await dispatcher.request({
        ...endpoint(options.baseUrl, path),
        method: 'POST',
        headers,
        body: JSON.stringify(body),
        signal: combined,
      });
      const text = await readBody(res.body);
      if (res.statusCode !== 200) throw errorFrom(res.statusCode, text);
      return JSON.parse(text) as unknown;
    } catch (err) {
      if (err instanceof SyntaxError) throw new KeelError('upstream_error', 'Judge model answer is not JSON');
      throw mapTransportError(err, { provider: 'keel-gateway', signal: combined });
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  };
}

function embedder(post: Post, embeddingModel: string): NonNullable<JudgeModel['embed']> {
  return async (texts, opts = {}) => {
    const raw = await post('/embeddings', { model: embeddingModel, input: texts }, opts.signal);
    const parsed = embeddingsSchema.safeParse(raw);
    if (!parsed.success || parsed.data.data.length !== texts.length) {
      throw new KeelError('upstream_error', 'Embedding answer does not have one vector per input');
    }
    return [...parsed.data.data].sort((a, b) => a.index - b.index).map((d) => d.embedding);
  };
}

/**
 * A JudgeModel that calls a Keel gateway over HTTP (undici, keep-alive): judge calls are then
 * routed, retried, metered and traced like any other call, and their cost shows up under the
 * `eval-judge` feature.
 */
export function gatewayJudgeModel(options: GatewayJudgeOptions): GatewayJudgeModel {
  const own = options.dispatcher ? undefined : new Agent({ keepAliveTimeout: 10_000, connections: 64 });
  const post = createPost(options, options.dispatcher ?? (own as Agent));
  const model: GatewayJudgeModel = {
    model: options.model,
    async complete(messages: ChatMessage[], opts = {}) {
      const json = (opts.json ?? false) && (options.jsonMode ?? true);
      const body = {
        model: options.model,
        messages,
        temperature: opts.temperature ?? 0,
        max_tokens: opts.maxTokens ?? options.maxTokens ?? 2048,
        ...(json ? { response_format: { type: 'json_object' } } : {}),
      };
      const parsed = completionSchema.safeParse(await post('/chat/completions', body, opts.signal));
      if (!parsed.success) throw new KeelError('upstream_error', 'Judge model answer has no choices');
      return parsed.data.choices[0]?.message.content ?? '';
    },
    async close() {
      await own?.close();
    },
  };
  if (options.embeddingModel !== undefined) model.embed = embedder(post, options.embeddingModel);
  return model;
}
