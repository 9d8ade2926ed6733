import { KeelError } from '../../errors/index.ts';
import type { StreamPart } from '../../spec/index.ts';
import { mapTransportError, type UpstreamResponse } from '../http/index.ts';
import { SseParser } from '../sse/index.ts';
import { StreamFromAnthropic } from './stream-from-anthropic.ts';

export interface AnthropicStreamPartsOptions {
  provider: string;
  signal: AbortSignal;
  secrets: readonly string[];
  includeUsage: boolean;
}

function brokenError(err: unknown, options: AnthropicStreamPartsOptions): KeelError {
  const mapped = mapTransportError(err, { provider: options.provider, signal: options.signal });
  // A deadline that fired mid-stream keeps its own code; anything else is a broken stream.
  if (options.signal.aborted && options.signal.reason instanceof KeelError) return mapped;
  return new KeelError(
    'upstream_stream_broken',
    `Stream from provider ${options.provider} broke: ${mapped.message}`,
    {
      cause: err,
    },
  );
}

/**
 * The upstream SSE body → Keel stream parts (OpenAI chunks). Ends with `finish` after message_stop
 * or with one `error` part (error event, socket error, abort, or a body that ended early). Stopping
 * iteration early drops the upstream connection.
 */
export async function* anthropicStreamParts(
  res: UpstreamResponse,
  options: AnthropicStreamPartsOptions,
): AsyncGenerator<StreamPart> {
  const parser = new SseParser();
  const translator = new StreamFromAnthropic(options);
  try {
    for await (const bytes of res.body) {
      for (const event of parser.push(bytes)) yield* translator.push(event);
    }
    parser.end();
    yield* translator.end();
  } catch (err) {
    yield* translator.fail(brokenError(err, options));
  } finally {
    res.dispose();
  }
}
