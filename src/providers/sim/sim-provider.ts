/**
 * The in-process simulated provider (type 'sim'): answers from the generator with real delays and
 * the configured failure injection, without a network hop. It follows the configured SimOptions
 * only; the per-request x-sim-* overrides belong to the HTTP server (`keel sim`).
 */
import type { SimOptions } from '../../config/schema.ts';
import { KeelError, toKeelError } from '../../errors/index.ts';
import type {
  CallContext,
  ChatRequest,
  ChatResult,
  ChatStream,
  EmbeddingRequest,
  EmbedResult,
  Provider,
  StreamPart,
} from '../../spec/index.ts';
import { simEmbeddings } from './embeddings.ts';
import { FailureInjector, injectedError, type SimFailure } from './failure.ts';
import { generateCompletion, requestSeed } from './generate.ts';
import { ids } from './ids.ts';
import { chatCompletionBody, openAiStreamItems, usageOf } from './openai-format.ts';
import { halfway, sleep, type TimedItem, type TimelineOptions, timeline, untilAborted } from './timeline.ts';

/** Throws the injected failure (after the signal aborts, for 'timeout'); 'disconnect' is returned. */
async function raise(failure: SimFailure | null, options: SimOptions, signal: AbortSignal): Promise<boolean> {
  if (failure === null) return false;
  if (failure === 'timeout') await untilAborted(signal);
  if (failure === 'disconnect') return true;
  throw injectedError(failure as 429 | 500 | 503, options.retryAfterSeconds);
}

function seedOf(request: ChatRequest): number | undefined {
  return typeof request.seed === 'number' ? requestSeed(request) : undefined;
}

async function* streamParts(items: TimedItem[], options: TimelineOptions): AsyncGenerator<StreamPart> {
  try {
    const batches = timeline(items, options);
    let step = await batches.next();
    while (!step.done) {
      for (const item of step.value) {
        yield item.usage
          ? { type: 'chunk', data: item.text, usage: item.usage, usageOnly: true }
          : { type: 'chunk', data: item.text };
      }
      step = await batches.next();
    }
    if (step.value === 'disconnected') {
      const error = new KeelError('upstream_stream_broken', 'Simulated upstream closed the stream early');
      yield { type: 'error', error };
    } else {
      yield { type: 'finish' };
    }
  } catch (error) {
    // An abort mid-stream is a broken stream too: never end it as if it were complete.
    yield { type: 'error', error: toKeelError(error) };
  }
}

export function createSimProvider(name: string, options: SimOptions): Provider {
  const failures = new FailureInjector();
  const meta = (model: string, prefix: string) => ({ id: ids.next(prefix), created: ids.now(), model });

  async function chat(request: ChatRequest, ctx: CallContext): Promise<ChatResult> {
    const req = request.model === ctx.upstreamModel ? request : { ...request, model: ctx.upstreamModel };
    const gen = generateCompletion(req, options);
    if (await raise(failures.decide(options, seedOf(req)), options, ctx.signal)) {
      throw new KeelError('upstream_connection', 'Simulated upstream closed the connection');
    }
    await sleep(options.latencyMs, ctx.signal);
    const body = chatCompletionBody(gen, meta(req.model, 'chatcmpl-'), { reportStopSequence: true });
    return { body, usage: usageOf(gen) };
  }

  async function chatStream(request: ChatRequest, ctx: CallContext): Promise<ChatStream> {
    const req = request.model === ctx.upstreamModel ? request : { ...request, model: ctx.upstreamModel };
    const gen = generateCompletion(req, options);
    const disconnect = await raise(failures.decide(options, seedOf(req)), options, ctx.signal);
    const includeUsage = req.stream_options?.include_usage === true;
    const items = openAiStreamItems(gen, meta(req.model, 'chatcmpl-'), {
      includeUsage,
      reportStopSequence: true,
    });
    const parts = streamParts(items, {
      firstDelayMs: options.ttftMs ?? options.latencyMs,
      interTokenMs: options.interTokenMs,
      disconnectAfter: disconnect ? halfway(items) : undefined,
      signal: ctx.signal,
    });
    return { parts };
  }

  async function embed(request: EmbeddingRequest, ctx: CallContext): Promise<EmbedResult> {
    const req = request.model === ctx.upstreamModel ? request : { ...request, model: ctx.upstreamModel };
    const result = simEmbeddings(req, options);
    if (await raise(failures.decide(options), options, ctx.signal)) {
      throw new KeelError('upstream_connection', 'Simulated upstream closed the connection');
    }
    await sleep(options.latencyMs, ctx.signal);
    return result;
  }

  return {
    specVersion: 'v1',
    name,
    type: 'sim',
    dialect: 'openai',
    capabilities: { chat: true, stream: true, embeddings: true, tools: true },
    chat,
    chatStream,
    embed,
  };
}
