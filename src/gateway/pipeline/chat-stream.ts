import { performance } from 'node:perf_hooks';
import { assembleFromChunks, replayAsChunks } from '../../cache/index.ts';
import { formatUsd } from '../../cost/index.ts';
import { KeelError, toKeelError } from '../../errors/index.ts';
import { usageOnlyChunk } from '../../providers/anthropic/index.ts';
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatRequest,
  StreamFilter,
  StreamPart,
  Usage,
} from '../../spec/index.ts';
import type { GatewayDeps } from '../deps.ts';
import type { StreamSink } from '../sse/sink.ts';
import { type ChatPlan, lookupCache, storable } from './chat.ts';
import type { Exchange } from './exchange.ts';
import { chainStreamFilters } from './hooks.ts';
import { routeCall } from './route-call.ts';
import { settleUsage } from './usage.ts';

interface Started {
  parts: AsyncIterator<StreamPart>;
  first: StreamPart;
}

/**
 * Streamed chat. Usage is always requested upstream (`include_usage`) so streamed calls are metered
 * exactly; the extra usage chunk is dropped when the client did not ask for it. Failover happens only
 * until the first part arrived; after that a broken upstream ends the client stream with an error event.
 */
export async function streamChat(
  ex: Exchange,
  request: ChatRequest,
  io: { plan: ChatPlan; deps: GatewayDeps; sink: StreamSink; headers: () => Record<string, string> },
): Promise<void> {
  const { plan, deps, sink } = io;
  const cached = await lookupCache(ex, plan, deps);
  if (cached) {
    replayCached(ex, { cached, request, deps, sink, headers: io.headers() });
    return;
  }
  const clientWantsUsage = request.stream_options?.include_usage === true;
  const withUsage: ChatRequest = {
    ...request,
    stream: true,
    stream_options: { ...request.stream_options, include_usage: true },
  };
  // Upstreams that reject stream_options (streamUsage: false) get none at all, not even the
  // client's own (or the one the Anthropic route adds); Keel then counts the tokens itself and
  // reports that count where the client asked for usage (see finishStream).
  const { stream_options: _rejected, ...withoutOptions } = request;
  const asSent: ChatRequest = { ...withoutOptions, stream: true };
  const { result: started, release } = await routeCall(
    ex,
    { deps, runtime: plan.runtime, model: plan.model, messages: request.messages, hold: true },
    async (provider, ctx, target): Promise<Started> => {
      const providerConfig = plan.runtime.config.providers[target.provider];
      const base = providerConfig?.type === 'openai' && !providerConfig.streamUsage ? asSent : withUsage;
      const stream = await provider.chatStream({ ...base, model: ctx.upstreamModel }, ctx);
      const parts = stream.parts[Symbol.asyncIterator]();
      const first = await parts.next();
      if (first.done)
        throw new KeelError('upstream_stream_broken', 'Upstream closed the stream before sending anything');
      if (first.value.type === 'error') throw first.value.error;
      return { parts, first: first.value };
    },
  );
  ex.ttftMs = performance.now() - ex.t0;
  sink.start(io.headers());
  const filter = chainStreamFilters(ex, deps.hooks);
  const state = await pump(ex, {
    started,
    sink: filter ? filteredSink(sink, filter) : plainSink(sink),
    clientWantsUsage,
  }).finally(release);
  finishStream(ex, state, { request, io });
}

/** What pump writes to: the client sink, possibly behind the hooks' stream filters. */
interface PumpSink {
  chunk(data: string): void;
  /** The usage-only chunk: never filtered (it carries no content). */
  usage(data: string): void;
  /** End of upstream content: release what filters held back. */
  flush(): void;
  fail(error: KeelError): void;
}

function plainSink(sink: StreamSink): PumpSink {
  return {
    chunk: (data) => sink.chunk(data),
    usage: (data) => sink.chunk(data),
    flush: () => {},
    fail: (error) => sink.fail(error),
  };
}

function filteredSink(sink: StreamSink, filter: StreamFilter): PumpSink {
  const forward = (items: string[]): void => {
    for (const data of items) sink.chunk(data);
  };
  return {
    chunk: (data) => forward(filter.chunk(data, () => JSON.parse(data) as ChatCompletionChunk)),
    usage: (data) => sink.chunk(data),
    flush: () => forward(filter.flush()),
    fail: (error) => sink.fail(error),
  };
}

/**
 * A replayed answer goes through the same stream filters as a live one (mask restore, output
 * screening): a cache hit must not be a way around the guard.
 */
function replayCached(
  ex: Exchange,
  io: {
    cached: ChatCompletion;
    request: ChatRequest;
    deps: GatewayDeps;
    sink: StreamSink;
    headers: Record<string, string>;
  },
): void {
  io.sink.start(io.headers);
  const filter = chainStreamFilters(ex, io.deps.hooks);
  const out = filter ? filteredSink(io.sink, filter) : plainSink(io.sink);
  try {
    for (const data of replayAsChunks(io.cached, {
      includeUsage: io.request.stream_options?.include_usage === true,
    })) {
      if (data.includes('"choices":[]')) out.usage(data);
      else out.chunk(data);
    }
    out.flush();
  } catch (error) {
    failStream(ex, out, error);
    return;
  }
  io.sink.end(trailers(ex));
}

interface PumpState {
  usage: Usage | undefined;
  /** A chunk carrying the upstream's usage went to the client. */
  usageSent: boolean;
  chunks: string[];
  ended: 'finish' | 'error' | 'aborted' | null;
}

async function pump(
  ex: Exchange,
  opts: { started: Started; sink: PumpSink; clientWantsUsage: boolean },
): Promise<PumpState> {
  const state: PumpState = { usage: undefined, usageSent: false, chunks: [], ended: null };
  let part: StreamPart | undefined = opts.started.first;
  try {
    while (part) {
      if (part.type === 'chunk') {
        if (part.usage) state.usage = part.usage;
        if (part.usageOnly) {
          if (opts.clientWantsUsage) opts.sink.usage(part.data);
          state.usageSent ||= opts.clientWantsUsage;
        } else {
          opts.sink.chunk(part.data);
          state.chunks.push(part.data);
          state.usageSent ||= part.usage !== undefined;
        }
      } else if (part.type === 'finish') {
        opts.sink.flush();
        state.ended = 'finish';
        break;
      } else {
        // An upstream error caused by our own abort (client gone) is a disconnect, not a broken upstream.
        state.ended = ex.signal.aborted ? 'aborted' : 'error';
        if (state.ended === 'error') failStream(ex, opts.sink, part.error);
        break;
      }
      if (ex.signal.aborted) break;
      const next: IteratorResult<StreamPart> = await opts.started.parts.next();
      part = next.done ? undefined : next.value;
    }
    if (state.ended === null) {
      if (ex.signal.aborted) state.ended = 'aborted';
      else {
        state.ended = 'error';
        failStream(
          ex,
          opts.sink,
          new KeelError('upstream_stream_broken', 'Upstream stream ended without a proper end'),
        );
      }
    }
  } catch (error) {
    state.ended = ex.signal.aborted ? 'aborted' : 'error';
    if (!ex.signal.aborted) failStream(ex, opts.sink, toKeelError(error));
  } finally {
    ex.upstreamEnd = performance.now();
    if (state.ended !== 'finish') await opts.started.parts.return?.();
  }
  return state;
}

function failStream(ex: Exchange, sink: PumpSink, error: unknown): void {
  const keelError =
    error instanceof KeelError
      ? error
      : new KeelError('upstream_stream_broken', 'Upstream stream failed', { cause: error });
  ex.errorCode = keelError.code;
  sink.fail(keelError);
}

/**
 * The usage-only chunk for a client that asked for usage when the upstream sent none: Keel's own
 * count (the same numbers as the x-keel-*-tokens trailers), framed like the stream's other chunks.
 */
function countedUsageChunk(usage: Usage, frame: ChatCompletion | undefined): string {
  const at = {
    id: frame?.id ?? '',
    created: frame?.created ?? Math.floor(Date.now() / 1000),
    model: frame?.model ?? '',
  };
  return usageOnlyChunk(at, usage);
}

function finishStream(
  ex: Exchange,
  state: PumpState,
  ctx: { request: ChatRequest; io: { plan: ChatPlan; deps: GatewayDeps; sink: StreamSink } },
): void {
  const { plan, deps, sink } = ctx.io;
  let assembled: ReturnType<typeof assembleFromChunks> | undefined;
  const assemble = () => {
    assembled ??= assembleFromChunks(state.chunks.map((data) => JSON.parse(data) as ChatCompletionChunk));
    return assembled;
  };
  settleUsage({
    ex,
    runtime: plan.runtime,
    request: ctx.request,
    usage: state.usage,
    completionText: () => {
      let text = '';
      for (const choice of assemble().choices)
        text += (choice.message.content ?? '') + JSON.stringify(choice.message.tool_calls ?? '');
      return text;
    },
  });
  if (state.ended === 'aborted') {
    ex.status = 499;
    ex.errorCode = 'client_disconnected';
    return;
  }
  if (state.ended !== 'finish') {
    deps.metrics.streamErrors.inc({ model: ex.model, code: ex.errorCode ?? 'unknown' });
    return;
  }
  if (ex.usage && !state.usageSent && ctx.request.stream_options?.include_usage === true) {
    sink.chunk(countedUsageChunk(ex.usage, state.chunks.length > 0 ? assemble() : undefined));
  }
  sink.end(trailers(ex));
  if (plan.cacheKey && storable(ex)) {
    const body = assemble();
    // Settled usage (Keel's count when the upstream sent none), so a replay reports what this
    // stream reported.
    if (ex.usage)
      body.usage = {
        prompt_tokens: ex.usage.promptTokens,
        completion_tokens: ex.usage.completionTokens,
        total_tokens: ex.usage.totalTokens,
      };
    void deps.cache.set(plan.cacheKey, body, { ttlSeconds: plan.ttlSeconds, tenant: ex.tenant });
  }
}

function trailers(ex: Exchange): Record<string, string> {
  return {
    'x-keel-cost-usd': formatUsd(ex.costUsd),
    'x-keel-prompt-tokens': String(ex.usage?.promptTokens ?? 0),
    'x-keel-completion-tokens': String(ex.usage?.completionTokens ?? 0),
  };
}
