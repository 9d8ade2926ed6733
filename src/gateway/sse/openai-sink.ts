import type { FastifyReply } from 'fastify';
import type { KeelError } from '../../errors/index.ts';
import { encodeSseData } from '../../providers/index.ts';
import { errorBody } from '../render-error.ts';
import { endWithTrailers, type StreamSink, writeSseHead } from './sink.ts';

export const STREAM_TRAILERS = ['x-keel-cost-usd', 'x-keel-prompt-tokens', 'x-keel-completion-tokens'];

/**
 * OpenAI SSE: `data: <chunk>\n\n` … `data: [DONE]\n\n`; errors as `data: {"error":…}` with no [DONE].
 * The reply is hijacked only when the stream starts, so failures before the first byte still get a
 * normal HTTP error status (which is what SDKs turn into typed exceptions).
 */
export function openAiSink(reply: FastifyReply): StreamSink {
  const res = reply.raw;
  let started = false;
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
      // An upstream event of several `data:` lines (pretty-printed JSON) arrives joined with LF;
      // written as one line, the client would read only its first line. Single-line data (nearly
      // every chunk) is written as it came.
      res.write(encodeSseData(data));
    },
    end(trailers) {
      endWithTrailers(res, trailers, 'data: [DONE]\n\n');
    },
    fail(error: KeelError) {
      if (res.writableEnded) return;
      // The OpenAI SDKs raise an APIError when a data event carries `error`; ending without [DONE]
      // makes clients that ignore it see a truncated stream rather than a complete answer.
      res.end(`data: ${JSON.stringify(errorBody(error, 'openai'))}\n\n`);
    },
  };
}
