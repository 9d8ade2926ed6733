import { KeelError, toKeelError } from '../../errors/index.ts';
import {
  type MapHttpErrorInput,
  mapHttpError,
  parseUpstreamError,
  sanitizeUpstreamText,
} from '../http/index.ts';
import type { AnthropicErrorBody, AnthropicErrorType } from './types.ts';

const BY_OPENAI_TYPE: Record<KeelError['type'], AnthropicErrorType> = {
  invalid_request_error: 'invalid_request_error',
  authentication_error: 'authentication_error',
  permission_error: 'permission_error',
  not_found_error: 'not_found_error',
  rate_limit_error: 'rate_limit_error',
  timeout_error: 'timeout_error',
  api_error: 'api_error',
  server_error: 'api_error',
};

/**
 * KeelError → Anthropic error `type`. 503/529 are "overloaded" in Anthropic's vocabulary (its SDKs
 * retry them), 413 is `request_too_large`; everything else follows the catalog's OpenAI type.
 */
export function anthropicErrorType(err: KeelError): AnthropicErrorType {
  if (err.status === 529 || err.status === 503) return 'overloaded_error';
  if (err.status === 413) return 'request_too_large';
  return BY_OPENAI_TYPE[err.type];
}

/**
 * Anthropic has no error codes: an over-long prompt is an invalid_request_error whose message
 * starts "prompt is too long", and that phrase is what Anthropic clients look for to compact the
 * conversation, so Keel's message (often OpenAI's wording, from an OpenAI upstream) gets it first.
 */
function anthropicMessage(err: KeelError): string {
  if (err.code !== 'context_window_exceeded' || /prompt is too long/i.test(err.message)) return err.message;
  return `prompt is too long: ${err.message}`;
}

/** Renders any error as Anthropic's `{type:'error', error:{type, message}}` with its HTTP status. */
export function toAnthropicError(err: unknown): { status: number; body: AnthropicErrorBody } {
  const keel = toKeelError(err);
  return {
    status: keel.status,
    body: { type: 'error', error: { type: anthropicErrorType(keel), message: anthropicMessage(keel) } },
  };
}

/**
 * A non-2xx answer from Anthropic → KeelError. The shared mapping covers 429 (+ Retry-After),
 * 401/403, 5xx, "prompt is too long" → context_window_exceeded and other 4xx; Anthropic's 529
 * "overloaded" becomes a retryable 503 so Anthropic-dialect callers see overloaded_error again.
 */
export function anthropicHttpError(input: MapHttpErrorInput): KeelError {
  const mapped = mapHttpError(input);
  if (input.status !== 529) return mapped;
  return new KeelError('upstream_error', mapped.message, {
    status: 503,
    upstreamStatus: 529,
    retryable: true,
  });
}

/**
 * The `error` event of an Anthropic stream → KeelError. The stream has already started, so none of
 * these can be failed over; the type decides how the error is rendered to the client.
 */
export function anthropicStreamError(
  data: string,
  options: { provider: string; secrets?: readonly string[] },
): KeelError {
  const info = parseUpstreamError(data);
  const text = sanitizeUpstreamText(info.message, options.secrets);
  const message = `Provider ${options.provider} stream error${info.type ? ` (${info.type})` : ''}: ${text}`;
  const common = { retryable: false, details: { upstreamType: info.type ?? 'unknown' } };
  switch (info.type) {
    case 'overloaded_error':
      return new KeelError('upstream_error', message, { ...common, status: 503 });
    case 'rate_limit_error':
      return new KeelError('upstream_rate_limited', message, common);
    case 'invalid_request_error':
      return /prompt is too long|context window/i.test(info.message)
        ? new KeelError('context_window_exceeded', message, common)
        : new KeelError('invalid_request', message, common);
    default:
      return new KeelError('upstream_stream_broken', message, common);
  }
}
