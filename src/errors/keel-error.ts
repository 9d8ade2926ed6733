/**
 * The one error type of Keel. Every failure that reaches a caller is a KeelError with a code from
 * the catalog below; the gateway renders it in the caller's dialect in one place
 * (src/gateway/render-error.ts), so status codes and shapes never drift between routes.
 */

export type ErrorCode =
  | 'invalid_json'
  | 'invalid_encoding'
  | 'invalid_request'
  | 'body_too_large'
  | 'unsupported_media_type'
  | 'not_found'
  | 'conflict'
  | 'model_not_found'
  | 'unauthorized'
  | 'forbidden'
  | 'rate_limited'
  | 'budget_exceeded'
  | 'guardrail_blocked'
  | 'output_invalid'
  | 'context_window_exceeded'
  | 'content_filter'
  | 'upstream_error'
  | 'upstream_rate_limited'
  | 'upstream_timeout'
  | 'upstream_connection'
  | 'upstream_stream_broken'
  | 'circuit_open'
  | 'no_deployment'
  | 'config_invalid'
  | 'store_unavailable'
  | 'shutting_down'
  | 'client_closed'
  | 'internal_error';

/** OpenAI's error `type` field, which SDKs map to exception classes. */
export type OpenAiErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'rate_limit_error'
  | 'api_error'
  | 'server_error'
  | 'timeout_error';

interface CatalogEntry {
  status: number;
  type: OpenAiErrorType;
  retryable: boolean;
}

export const ERROR_CATALOG: Record<ErrorCode, CatalogEntry> = {
  invalid_json: { status: 400, type: 'invalid_request_error', retryable: false },
  invalid_encoding: { status: 400, type: 'invalid_request_error', retryable: false },
  invalid_request: { status: 400, type: 'invalid_request_error', retryable: false },
  body_too_large: { status: 413, type: 'invalid_request_error', retryable: false },
  unsupported_media_type: { status: 415, type: 'invalid_request_error', retryable: false },
  not_found: { status: 404, type: 'not_found_error', retryable: false },
  conflict: { status: 409, type: 'invalid_request_error', retryable: false },
  model_not_found: { status: 404, type: 'not_found_error', retryable: false },
  unauthorized: { status: 401, type: 'authentication_error', retryable: false },
  forbidden: { status: 403, type: 'permission_error', retryable: false },
  rate_limited: { status: 429, type: 'rate_limit_error', retryable: true },
  budget_exceeded: { status: 429, type: 'rate_limit_error', retryable: false },
  guardrail_blocked: { status: 400, type: 'invalid_request_error', retryable: false },
  // A model's answer failed validation Keel was asked to enforce (e.g. the quarantine schema).
  output_invalid: { status: 422, type: 'invalid_request_error', retryable: false },
  context_window_exceeded: { status: 400, type: 'invalid_request_error', retryable: false },
  content_filter: { status: 400, type: 'invalid_request_error', retryable: false },
  upstream_error: { status: 502, type: 'api_error', retryable: true },
  upstream_rate_limited: { status: 429, type: 'rate_limit_error', retryable: true },
  upstream_timeout: { status: 504, type: 'timeout_error', retryable: true },
  upstream_connection: { status: 502, type: 'api_error', retryable: true },
  upstream_stream_broken: { status: 502, type: 'api_error', retryable: false },
  circuit_open: { status: 503, type: 'api_error', retryable: true },
  no_deployment: { status: 503, type: 'api_error', retryable: false },
  config_invalid: { status: 400, type: 'invalid_request_error', retryable: false },
  store_unavailable: { status: 503, type: 'server_error', retryable: true },
  shutting_down: { status: 503, type: 'server_error', retryable: true },
  // nginx's de-facto status for "client closed request"; only ever recorded, never sent.
  client_closed: { status: 499, type: 'invalid_request_error', retryable: false },
  internal_error: { status: 500, type: 'server_error', retryable: false },
};

export interface KeelErrorOptions {
  /** Overrides the catalog status (e.g. the exact upstream 5xx). */
  status?: number;
  /** Overrides the catalog's retryability (e.g. a 400 from upstream is not retryable). */
  retryable?: boolean;
  /** The request field at fault, as OpenAI's `param`. */
  param?: string;
  /** Milliseconds the caller should wait (from an upstream Retry-After, or a limit's reset). */
  retryAfterMs?: number;
  /** The upstream HTTP status, when the error came from a provider. */
  upstreamStatus?: number;
  /** Extra machine-readable detail rendered next to the message (never secrets). */
  details?: Record<string, unknown>;
  cause?: unknown;
}

export class KeelError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly type: OpenAiErrorType;
  readonly retryable: boolean;
  readonly param: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly upstreamStatus: number | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: KeelErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    const entry = ERROR_CATALOG[code];
    this.name = 'KeelError';
    this.code = code;
    this.status = options.status ?? entry.status;
    this.type = entry.type;
    this.retryable = options.retryable ?? entry.retryable;
    this.param = options.param;
    this.retryAfterMs = options.retryAfterMs;
    this.upstreamStatus = options.upstreamStatus;
    this.details = options.details;
  }
}

export function isKeelError(value: unknown): value is KeelError {
  return value instanceof KeelError;
}

/** Wraps anything thrown into a KeelError without leaking its message (it may hold secrets). */
export function toKeelError(value: unknown): KeelError {
  if (value instanceof KeelError) return value;
  return new KeelError('internal_error', 'Internal error', { cause: value });
}
