import type { Logger } from '../log/index.ts';
import type {
  ChatCompletion,
  GatewayHook,
  RequestContext,
  RequestRecord,
  StreamFilter,
} from '../spec/index.ts';
import { type ContentPolicy, contentText } from './content.ts';
import { gatewayTraceItems } from './gateway-trace.ts';
import type { QueueItem } from './model.ts';
import { parseTraceparent } from './traceparent.ts';

export interface TracesHookDeps {
  offer(items: readonly QueueItem[]): boolean;
  /** traces.captureContent as a policy (follows hot reloads). */
  content(): ContentPolicy;
  maxMetadataChars(): number;
  /** Called when the queue refused a request's trace (counted, never fails the request). */
  onDropped?(count: number): void;
  logger?: Logger | undefined;
}

const STATE_KEY = 'traces';

interface Captured {
  /** The non-streamed answer's first message. */
  message?: unknown;
  /** The streamed answer's text so far (bounded). */
  streamed?: string;
}

function captured(ctx: RequestContext): Captured {
  let state = ctx.state.get(STATE_KEY) as Captured | undefined;
  if (!state) {
    state = {};
    ctx.state.set(STATE_KEY, state);
  }
  return state;
}

/** Accumulates streamed deltas (up to the content cap) while passing every chunk through as is. */
function captureStream(ctx: RequestContext, maxChars: number): StreamFilter {
  const state = captured(ctx);
  state.streamed = '';
  return {
    chunk(data, parsed) {
      if ((state.streamed?.length ?? 0) < maxChars) {
        try {
          const delta = parsed().choices?.[0]?.delta?.content;
          if (typeof delta === 'string') state.streamed += delta;
        } catch {
          // Not JSON (e.g. [DONE]): nothing to capture.
        }
      }
      return [data];
    },
    flush: () => [],
  };
}

function inputOf(ctx: RequestContext): unknown {
  const request = ctx.request as { messages?: unknown; input?: unknown };
  return request.messages ?? request.input;
}

/**
 * The 'traces' pipeline hook: every gateway request becomes a trace (see gateway-trace.ts). A
 * client `traceparent` puts the generation span into the client's own trace. Inputs/outputs are
 * captured only when traces.captureContent is not 'none' (then from the request as finally sent
 * upstream — after prompt rendering and guard masking — and the answer).
 */
export function tracesHook(deps: TracesHookDeps): GatewayHook {
  return {
    name: 'traces',
    afterResponse(ctx: RequestContext, body: ChatCompletion) {
      if (deps.content().mode !== 'none') captured(ctx).message = body.choices?.[0]?.message;
      return undefined;
    },
    streamFilter(ctx: RequestContext) {
      const policy = deps.content();
      return policy.mode === 'none' ? undefined : captureStream(ctx, policy.maxChars);
    },
    afterRecord(ctx: RequestContext, record: RequestRecord) {
      try {
        const policy = deps.content();
        const state = ctx.state.get(STATE_KEY) as Captured | undefined;
        const output =
          state?.message ?? (state?.streamed ? { role: 'assistant', content: state.streamed } : undefined);
        const teamId = typeof ctx.principal?.teamId === 'string' ? ctx.principal.teamId : null;
        const items = gatewayTraceItems(record, {
          parent: parseTraceparent(ctx.headers.traceparent),
          teamId,
          input: policy.mode === 'none' ? null : contentText(inputOf(ctx), policy),
          output: policy.mode === 'none' ? null : contentText(output, policy),
          maxMetadataChars: deps.maxMetadataChars(),
        });
        if (!deps.offer(items)) deps.onDropped?.(items.length);
      } catch (error) {
        deps.logger?.warn(
          { err: error instanceof Error ? error.name : 'error' },
          'gateway trace not recorded',
        );
      }
    },
  };
}
