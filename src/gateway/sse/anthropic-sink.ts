import type { FastifyReply } from 'fastify';
import type { KeelError } from '../../errors/index.ts';
import { errorEvent, StreamToAnthropic } from '../../providers/anthropic/index.ts';
import type { ChatCompletionChunk } from '../../spec/index.ts';
import { STREAM_TRAILERS } from './openai-sink.ts';
import { endWithTrailers, type StreamSink, writeSseHead } from './sink.ts';

/**
 * Anthropic SSE for /v1/messages: every OpenAI chunk is translated into Messages events
 * (message_start, content_block_*, message_delta, message_stop). Translation needs the parsed chunk,
 * so this dialect pays one JSON.parse per chunk that same-dialect streams do not.
 */
export function anthropicSink(reply: FastifyReply, options: { model: string }): StreamSink {
  const res = reply.raw;
  const translator = new StreamToAnthropic({ model: options.model });
  let started = false;
  const write = (events: string[]): void => {
    if (events.length > 0) res.write(events.join(''));
  };
  return {
    get started() {
      return started;
    },
    start(headers) {
      started = true;
      reply.hijack();
      writeSseHead(res, headers, STREAM_TRAILERS);
    },
    chunk(data) {
      write(translator.push(JSON.parse(data) as ChatCompletionChunk));
    },
    end(trailers) {
      endWithTrailers(res, trailers, translator.finish().join(''));
    },
    fail(error: KeelError) {
      if (res.writableEnded) return;
      res.end(errorEvent(error));
    },
  };
}
