import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatMessage,
  ChatRequest,
  GatewayHook,
  RequestContext,
} from '../../spec/index.ts';
import type { OnlineRule } from '../config.ts';
import type { SampleQueue } from './queue.ts';
import { sampleRules } from './sampler.ts';

/** Calls Keel makes for itself (judges, experiments, schedules) carry it and are never sampled. */
export const INTERNAL_HEADER = 'x-keel-internal';
const STATE = 'evals';

interface Capture {
  rules: string[];
  messages: ChatMessage[];
  output: string;
  size: number;
  tooLarge: boolean;
  feature: string | null;
}

function header(ctx: RequestContext, name: string): string | null {
  const v = ctx.headers[name];
  const text = Array.isArray(v) ? v[0] : v;
  return text === undefined || text === '' ? null : text;
}

function textLength(messages: readonly ChatMessage[]): number {
  let n = 0;
  for (const m of messages)
    n += typeof m.content === 'string' ? m.content.length : JSON.stringify(m.content ?? '').length;
  return n;
}

export interface CaptureHookOptions {
  rules: () => readonly OnlineRule[];
  queue: SampleQueue;
  maxChars: () => number;
  random?: () => number;
  onSampled?: (rules: string[]) => void;
}

/**
 * The online-evaluation hook. beforeRequest decides sampling (cheap: no copy unless sampled);
 * only sampled requests have their input copied and their answer captured — non-streamed from
 * afterResponse, streamed by accumulating deltas in a pass-through stream filter (chunks are
 * returned unchanged) — and afterRecord queues them for scoring off the request path.
 */
export function onlineCaptureHook(o: CaptureHookOptions): GatewayHook {
  const random = o.random ?? Math.random;
  return {
    name: 'evals',
    beforeRequest(ctx) {
      if (ctx.endpoint === 'embeddings' || header(ctx, INTERNAL_HEADER) !== null) return;
      const rules = o.rules();
      if (rules.length === 0) return;
      const request = ctx.request as ChatRequest;
      const { feature, tags } = ctx.caller;
      const picked = sampleRules(rules, { model: String(request.model), feature, tags }, random);
      if (picked.length === 0) return;
      const size = textLength(request.messages);
      const capture: Capture = {
        rules: picked.map((r) => r.name),
        messages: structuredClone(request.messages),
        output: '',
        size,
        tooLarge: size > o.maxChars(),
        feature,
      };
      ctx.state.set(STATE, capture);
    },
    afterResponse(ctx, body: ChatCompletion) {
      const capture = ctx.state.get(STATE) as Capture | undefined;
      if (!capture) return undefined;
      const message = body.choices[0]?.message;
      capture.output =
        typeof message?.content === 'string'
          ? message.content
          : message?.tool_calls
            ? JSON.stringify(message.tool_calls)
            : '';
      return undefined;
    },
    streamFilter(ctx) {
      const capture = ctx.state.get(STATE) as Capture | undefined;
      if (!capture) return undefined;
      const limit = o.maxChars();
      return {
        chunk(data: string, parsed: () => ChatCompletionChunk) {
          if (!capture.tooLarge && data !== '[DONE]') {
            try {
              const delta = parsed().choices?.[0]?.delta?.content;
              if (typeof delta === 'string') {
                capture.output += delta;
                if (capture.size + capture.output.length > limit) capture.tooLarge = true;
              }
            } catch {
              // Not JSON (comments, keep-alives): nothing to capture, forward as is.
            }
          }
          return [data];
        },
        flush: () => [],
      };
    },
    afterRecord(ctx, record) {
      const capture = ctx.state.get(STATE) as Capture | undefined;
      if (!capture || record.status !== 200 || record.errorCode !== null) return;
      if (capture.tooLarge || capture.size + capture.output.length > o.maxChars()) return;
      if (
        o.queue.push({
          requestId: record.id,
          rules: capture.rules,
          messages: capture.messages,
          output: capture.output,
          model: record.model,
          feature: capture.feature,
          latencyMs: record.latencyMs,
          costUsd: record.costUsd,
          at: record.endedAt,
        })
      ) {
        o.onSampled?.(capture.rules);
      }
    },
  };
}
