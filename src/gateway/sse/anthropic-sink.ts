import type { FastifyReply } from 'fastify';
import { KeelError } from '../../errors/index.ts';
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
      write(translator.push(parseChunk(data)));
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

/** Chunk text comes from the upstream; one that is not JSON is a broken stream, not Keel's fault. */
function parseChunk(data: string): ChatCompletionChunk {
  try {
    return JSON.parse(data) as ChatCompletionChunk;
  } catch (error) {
    throw new KeelError('upstream_stream_broken', 'Upstream sent a stream event that is not valid JSON', {
      cause: error,
    });
  }
}
