/**
 * The sim server's routes. Chat-style routes share one flow for both dialects: validate, generate,
 * decide the injected failure, wait, then answer as JSON or as an SSE stream.
 */
import type { SimOptions } from '../../config/schema.ts';
import type { ChatRequest, EmbeddingRequest } from '../../spec/index.ts';
import { anthropicMessageBody, anthropicStreamItems } from './anthropic-format.ts';
import { anthropicRequestSchema, toChatRequest } from './anthropic-request.ts';
import { checkAnthropicThinking } from './anthropic-thinking.ts';
import { simEmbeddings } from './embeddings.ts';
import type { FailureInjector, SimFailure } from './failure.ts';
import { generateCompletion, requestSeed, type SimGeneration } from './generate.ts';
import { cutConnection, type Exchange, sendError, sendJson, startSse, writeText } from './http-io.ts';
import { ids } from './ids.ts';
import { chatCompletionBody, openAiStreamItems, type ResponseMeta } from './openai-format.ts';
import { chatRequestSchema, embeddingRequestSchema } from './openai-request.ts';
import type { SimPlan } from './overrides.ts';
import { halfway, sleep, type TimedItem, timeline } from './timeline.ts';
import { type Dialect, injectedWireError, invalidRequest } from './wire-error.ts';

export interface RouteContext {
  ex: Exchange;
  body: unknown;
  plan: SimPlan;
  failures: FailureInjector;
}

interface CompletionDialect {
  dialect: Dialect;
  idPrefix: string;
  parse(body: unknown): ChatRequest;
  json(gen: SimGeneration, meta: ResponseMeta): unknown;
  items(gen: SimGeneration, meta: ResponseMeta, request: ChatRequest): TimedItem[];
  /** One item as SSE text. */
  sse(item: TimedItem): string;
  /** Written after the last item of a complete stream. */
  done: string;
}

const openAi: CompletionDialect = {
  dialect: 'openai',
  idPrefix: 'chatcmpl-',
  parse(body) {
    const result = chatRequestSchema.safeParse(body);
    if (!result.success) throw invalidRequest(result.error, 'openai');
    return result.data as ChatRequest;
  },
  json: chatCompletionBody,
  items: (gen, meta, request) =>
    openAiStreamItems(gen, meta, { includeUsage: request.stream_options?.include_usage === true }),
  sse: (item) => `data: ${item.text}\n\n`,
  done: 'data: [DONE]\n\n',
};

const anthropic: CompletionDialect = {
  dialect: 'anthropic',
  idPrefix: 'msg_',
  parse(body) {
    const result = anthropicRequestSchema.safeParse(body);
    if (!result.success) throw invalidRequest(result.error, 'anthropic');
    checkAnthropicThinking(result.data);
    const request = toChatRequest(result.data);
    if (result.data.stream === true) request.stream = true;
    return request;
  },
  json: anthropicMessageBody,
  items: (gen, meta) => anthropicStreamItems(gen, meta),
  sse: (item) => item.text,
  done: '',
};

/** Handles an injected failure; returns 'disconnect' for the caller to act on, true when answered. */
function injectFailure(ctx: RouteContext, failure: SimFailure | null): boolean | 'disconnect' {
  if (failure === null) return false;
  if (failure === 'disconnect') return 'disconnect';
  if (failure === 'timeout') {
    // The simulated hung upstream: no answer; node frees the socket when the client gives up.
    ctx.ex.outcome('timeout');
    return true;
  }
  sendError(ctx.ex, injectedWireError(failure, ctx.plan.options.retryAfterSeconds));
  return true;
}

function decide(ctx: RouteContext, seed?: number): SimFailure | null {
  if (ctx.plan.disconnectAfter !== undefined) return 'disconnect';
  return ctx.failures.decide(ctx.plan.options, seed);
}

async function stream(ctx: RouteContext, dialect: CompletionDialect, items: TimedItem[], cut: boolean) {
  const { ex, plan } = ctx;
  const options: SimOptions = plan.options;
  startSse(ex);
  const batches = timeline(items, {
    firstDelayMs: options.ttftMs ?? options.latencyMs,
    interTokenMs: options.interTokenMs,
    disconnectAfter: cut ? (plan.disconnectAfter ?? halfway(items)) : undefined,
    signal: ex.signal,
  });
  let step = await batches.next();
  while (!step.done) {
    let text = '';
    for (const item of step.value) text += dialect.sse(item);
    await writeText(ex, text);
    step = await batches.next();
  }
  if (step.value === 'disconnected') return cutConnection(ex);
  ex.res.end(dialect.done);
  ex.outcome(200);
}

async function completion(ctx: RouteContext, dialect: CompletionDialect): Promise<void> {
  const request = dialect.parse(ctx.body);
  const { options, reply } = ctx.plan;
  const gen = generateCompletion(request, {
    outputTokens: options.outputTokens,
    contextWindow: options.contextWindow,
    reply,
  });
  const failure = injectFailure(
    ctx,
    decide(ctx, typeof request.seed === 'number' ? requestSeed(request) : undefined),
  );
  if (failure === true) return;
  const meta = { id: ids.next(dialect.idPrefix), created: ids.now(), model: request.model };
  if (request.stream === true) {
    return stream(ctx, dialect, dialect.items(gen, meta, request), failure === 'disconnect');
  }
  if (failure === 'disconnect') return cutConnection(ctx.ex);
  await sleep(options.latencyMs, ctx.ex.signal);
  sendJson(ctx.ex, 200, dialect.json(gen, meta));
}

export const chatRoute = (ctx: RouteContext) => completion(ctx, openAi);
export const messagesRoute = (ctx: RouteContext) => completion(ctx, anthropic);

export async function embeddingsRoute(ctx: RouteContext): Promise<void> {
  const parsed = embeddingRequestSchema.safeParse(ctx.body);
  if (!parsed.success) throw invalidRequest(parsed.error, 'openai');
  const result = simEmbeddings(parsed.data as EmbeddingRequest, ctx.plan.options);
  const failure = injectFailure(ctx, decide(ctx));
  if (failure === true) return;
  if (failure === 'disconnect') return cutConnection(ctx.ex);
  await sleep(ctx.plan.options.latencyMs, ctx.ex.signal);
  sendJson(ctx.ex, 200, result.body);
}

/** Any model name is accepted; these are only what GET /v1/models lists. */
export const SIM_MODELS = ['sim-1', 'sim-1-mini', 'sim-embed-1'];

export function modelsBody(): unknown {
  const data = SIM_MODELS.map((id) => ({ id, object: 'model', created: 0, owned_by: 'keel-sim' }));
  return { object: 'list', data };
}
