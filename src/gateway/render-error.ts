import type { FastifyReply } from 'fastify';
import { isKeelError, KeelError, toKeelError } from '../errors/index.ts';
import { toAnthropicError } from '../providers/anthropic/index.ts';

export type Dialect = 'openai' | 'anthropic';

/** Maps Fastify's own errors (body too large, bad content type) onto the Keel catalog. */
export function normaliseError(error: unknown): KeelError {
  if (isKeelError(error)) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return new KeelError('body_too_large', 'Request body is too large');
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return new KeelError('unsupported_media_type', 'Content-Type must be application/json');
  }
  if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return new KeelError('invalid_json', 'Request body is empty');
  if (code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH') {
    return new KeelError('invalid_request', 'Content-Length does not match the body');
  }
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new KeelError('invalid_request', 'Malformed request', { status });
  }
  return toKeelError(error);
}

/**
 * Catalog codes whose OpenAI name differs: clients test `code === 'context_length_exceeded'` to
 * decide to trim the prompt. Records and metrics keep Keel's name; only the wire uses OpenAI's.
 */
const OPENAI_WIRE_CODES: Partial<Record<KeelError['code'], string>> = {
  context_window_exceeded: 'context_length_exceeded',
};

/**
 * The body of an error in the caller's dialect. The one place error shapes are decided (the
 * Anthropic shape, shared with its stream `error` event, is built by toAnthropicError).
 */
export function errorBody(error: KeelError, dialect: Dialect): Record<string, unknown> {
  if (dialect === 'anthropic') return { ...toAnthropicError(error).body };
  return {
    error: {
      message: error.message,
      type: error.type,
      code: OPENAI_WIRE_CODES[error.code] ?? error.code,
      param: error.param ?? null,
      ...(error.details ? { details: error.details } : {}),
    },
  };
}

export function errorHeaders(error: KeelError): Record<string, string> {
  // The OpenAI and Anthropic SDKs retry 429/5xx unless told not to; a spent budget or an open
  // circuit with no other deployment will not change by retrying in a few hundred ms.
  const headers: Record<string, string> = { 'x-should-retry': String(error.retryable) };
  if (error.retryAfterMs !== undefined)
    headers['retry-after'] = String(Math.max(1, Math.ceil(error.retryAfterMs / 1000)));
  return headers;
}

export function sendError(reply: FastifyReply, error: unknown, dialect: Dialect): FastifyReply {
  const keelError = normaliseError(error);
  return reply.code(keelError.status).headers(errorHeaders(keelError)).send(errorBody(keelError, dialect));
}
