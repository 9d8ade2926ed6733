import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { KeelError } from '../errors/index.ts';
import { errorBody } from './render-error.ts';

/** A request Node's HTTP parser rejected, as a KeelError (no route ran, so nothing else saw it). */
function clientErrorOf(err: NodeJS.ErrnoException): KeelError {
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return new KeelError('invalid_request', 'The request was not received completely in time', {
      status: 408,
    });
  }
  if (err.code === 'HPE_HEADER_OVERFLOW') {
    return new KeelError('invalid_request', 'Request headers are too large', { status: 431 });
  }
  return new KeelError(
    'invalid_request',
    'Malformed HTTP request (for example a Content-Length that does not match the body)',
  );
}

/**
 * Fastify's `clientErrorHandler`: answers what Node's HTTP parser refused with Keel's error shape
 * instead of Fastify's own `{"error":"Bad Request",…}`. The URL is unknown at this point, so the
 * body is OpenAI-shaped. Must never throw (it runs on a socket event): a socket that is gone, or
 * one already carrying a response, is only closed, as Node's own default handler does.
 */
export function answerClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  try {
    if (err.code === 'ECONNRESET' || socket.destroyed) return;
    const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (socket.writable && inFlight?.headersSent !== true) {
      const error = clientErrorOf(err);
      const body = JSON.stringify(errorBody(error, 'openai'));
      socket.write(
        `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status] ?? 'Bad Request'}\r\n` +
          'Content-Type: application/json; charset=utf-8\r\n' +
          `Content-Length: ${Buffer.byteLength(body)}\r\n` +
          'Connection: close\r\n\r\n' +
          body,
      );
    }
    socket.destroy();
  } catch {
    socket.destroy();
  }
}
