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
 * `"usage":null` is on every chunk of a stream with include_usage; only a non-null usage is worth a
 * JSON.parse, so look at what follows the key instead of parsing every chunk.
 */
function mayCarryUsage(data: string): boolean {
  const at = data.indexOf('"usage"');
  if (at === -1) return false;
  let i = at + 7;
  while (i < data.length) {
    const c = data.charCodeAt(i);
    if (c !== 32 && c !== 58 && c !== 9 && c !== 10 && c !== 13) break;
    i++;
  }
  return !data.startsWith('null', i);
}

/**
 * A chunk is a JSON object. Parsing every chunk just to check is what mayCarryUsage avoids, so only
 * its ends are checked: that catches a cut or garbled line (`{not json`, HTML, plain text) before
 * it reaches a client as a chunk its SDK cannot parse. A line whose ends look right but whose
 * middle is broken still passes; the Anthropic sink, which parses every chunk, fails it there.
 */
function looksLikeObject(data: string): boolean {
  let start = 0;
  let end = data.length - 1;
  while (start <= end && data.charCodeAt(start) <= 32) start++;
  while (end >= start && data.charCodeAt(end) <= 32) end--;
  return data.charCodeAt(start) === 123 && data.charCodeAt(end) === 125 && end > start;
}

function malformed(options: StreamPartsOptions): StreamPart {
  const why = `Provider ${options.provider} sent a stream event that is not a JSON object`;
  return { type: 'error', error: new KeelError('upstream_stream_broken', why) };
}

function chunkPart(data: string, options: StreamPartsOptions): StreamPart {
  if (!looksLikeObject(data)) return malformed(options);
  if (!mayCarryUsage(data)) return { type: 'chunk', data };
  try {
    const parsed = JSON.parse(data) as { usage?: unknown; choices?: unknown };
    const usage = toUsage(parsed.usage);
    if (usage === undefined) return { type: 'chunk', data };
    const usageOnly = !Array.isArray(parsed.choices) || parsed.choices.length === 0;
    return { type: 'chunk', data, usage, usageOnly };
  } catch {
    return malformed(options);
  }
}

/** An in-stream error (`data: {"error":{…}}` or `event: error`), as a KeelError; undefined if not one. */
function inStreamError(
  event: string | undefined,
  data: string,
  options: StreamPartsOptions,
): KeelError | undefined {
  if (event !== 'error' && !data.includes('"error"')) return undefined;
  let isError = event === 'error';
  if (!isError) {
    try {
      const parsed = JSON.parse(data) as { error?: unknown; choices?: unknown };
      isError = parsed.error !== undefined && parsed.error !== null && parsed.choices === undefined;
    } catch {
      return undefined;
    }
  }
  if (!isError) return undefined;
  const text = sanitizeUpstreamText(parseUpstreamError(data).message, options.secrets);
  return new KeelError(
    'upstream_stream_broken',
    `Provider ${options.provider} sent an error mid-stream: ${text}`,
  );
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
        const error = inStreamError(event, data, options);
        if (error !== undefined) {
          yield { type: 'error', error };
          return;
        }
        // An empty data line carries nothing (some proxies send them as keep-alives).
        if (data.length === 0) continue;
        const part = chunkPart(data, options);
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
