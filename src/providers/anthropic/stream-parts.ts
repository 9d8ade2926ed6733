import type { StreamPart } from '../../spec/index.ts';
import { mapStreamError, type UpstreamResponse } from '../http/index.ts';
import { SseParser } from '../sse/index.ts';
import { StreamFromAnthropic } from './stream-from-anthropic.ts';

export interface AnthropicStreamPartsOptions {
  provider: string;
  signal: AbortSignal;
  secrets: readonly string[];
  includeUsage: boolean;
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
    yield* translator.fail(mapStreamError(err, options));
  } finally {
    res.dispose();
  }
}
