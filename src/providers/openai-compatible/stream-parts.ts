import { KeelError } from '../../errors/index.ts';
import type { StreamPart } from '../../spec/provider.ts';
import { mapStreamError, parseUpstreamError, sanitizeUpstreamText } from '../http/index.ts';
import { type SseEvent, SseParser } from '../sse/index.ts';
import { toUsage } from './usage.ts';

export interface StreamPartsOptions {
  provider: string;
  signal: AbortSignal;
  secrets: readonly string[];
  /** Called when iteration stops for any reason, so a half-read upstream socket is dropped. */
  dispose: () => void;
}

/**
 * A chunk as a JSON object, or undefined when it is not one. Every chunk is parsed: a check of its
 * ends alone let a line like `{"choices": nope}` through to the client, whose SDK then fails on
 * it. The parse costs about 1-3 µs for a 280-420 byte chunk (0.8-2.4 µs more than that check), and
 * its result serves the usage and in-stream error checks below, so no chunk is parsed twice here.
 */
function parseObject(data: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(data);
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch {
    // falls through: not JSON
  }
  return undefined;
}

function malformed(options: StreamPartsOptions): StreamPart {
  const why = `Provider ${options.provider} sent a stream event that is not a JSON object`;
  return { type: 'error', error: new KeelError('upstream_stream_broken', why) };
}

/** The chunk's own text is passed on unchanged; the parse only adds its usage, if any. */
function chunkPart(data: string, parsed: Record<string, unknown>): StreamPart {
  const usage = toUsage(parsed.usage);
  if (usage === undefined) return { type: 'chunk', data };
  const usageOnly = !Array.isArray(parsed.choices) || parsed.choices.length === 0;
  return { type: 'chunk', data, usage, usageOnly };
}

/** An in-stream error (`event: error`, or `data: {"error":{…}}` without choices) as a KeelError. */
function inStreamError(data: string, options: StreamPartsOptions): KeelError {
  const text = sanitizeUpstreamText(parseUpstreamError(data).message, options.secrets);
  return new KeelError(
    'upstream_stream_broken',
    `Provider ${options.provider} sent an error mid-stream: ${text}`,
  );
}

/** The part for one non-[DONE] event; undefined for an empty data line (some proxies' keep-alive). */
function eventPart(
  event: string | undefined,
  data: string,
  options: StreamPartsOptions,
): StreamPart | undefined {
  if (event === 'error') return { type: 'error', error: inStreamError(data, options) };
  if (data.length === 0) return undefined;
  const parsed = parseObject(data);
  if (parsed === undefined) return malformed(options);
  const { error } = parsed;
  if (error !== undefined && error !== null && parsed.choices === undefined)
    return { type: 'error', error: inStreamError(data, options) };
  return chunkPart(data, parsed);
}

/**
 * Turns an OpenAI-dialect SSE body into stream parts, passing each chunk's JSON text through
 * unchanged. Only `data: [DONE]` is a clean finish: an early end or a socket error is an error part,
 * so the gateway can never present a truncated answer as complete.
 */
export async function* openAiStreamParts(
  body: AsyncIterable<Uint8Array>,
  options: StreamPartsOptions,
): AsyncGenerator<StreamPart> {
  // The parser is driven inline (not through parseSse) to save one async hop per token.
  const parser = new SseParser();
  try {
    for await (const bytes of body) {
      const events = parser.push(bytes);
      for (let i = 0; i < events.length; i++) {
        const { event, data } = events[i] as SseEvent;
        if (data === '[DONE]') {
          yield { type: 'finish' };
          return;
        }
        const part = eventPart(event, data, options);
        if (part === undefined) continue;
        yield part;
        if (part.type === 'error') return;
      }
    }
    const early = `Stream from provider ${options.provider} ended without [DONE]`;
    yield { type: 'error', error: new KeelError('upstream_stream_broken', early) };
  } catch (err) {
    yield { type: 'error', error: mapStreamError(err, options) };
  } finally {
    options.dispose();
  }
}
