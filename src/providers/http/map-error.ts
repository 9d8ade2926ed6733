import type { IncomingHttpHeaders } from 'node:http';
import { KeelError } from '../../errors/index.ts';
import { parseRetryAfterMs } from './retry-after.ts';
import { sanitizeUpstreamText } from './sanitize.ts';

/** What we could read out of an upstream error body, whatever its dialect. */
export interface UpstreamErrorInfo {
  message: string;
  code?: string;
  type?: string;
  param?: string;
}

function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

/**
 * Reads OpenAI (`{error:{message,code,type,param}}`), Anthropic (`{type:'error',error:{…}}`),
 * vLLM/Ollama (`{message}` / `{error:"text"}`) error bodies; anything else is kept as raw text.
 */
export function parseUpstreamError(text: string): UpstreamErrorInfo {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { message: text };
  }
  if (parsed === null || typeof parsed !== 'object') return { message: text };
  const root = parsed as Record<string, unknown>;
  const inner = root.error;
  if (typeof inner === 'string') return { message: inner, code: str(root.code), type: str(root.type) };
  const source = inner !== null && typeof inner === 'object' ? (inner as Record<string, unknown>) : root;
  const innerError = source.innererror as Record<string, unknown> | undefined;
  return {
    message: str(source.message) ?? text,
    code: str(source.code) ?? str(innerError?.code),
    type: str(source.type),
    param: str(source.param),
  };
}

const CONTEXT_WINDOW = /context_length_exceeded|maximum context length|context window|prompt is too long/i;
const CONTENT_FILTER = /^(content_filter|content_policy_violation|ResponsibleAIPolicyViolation)$/i;

export interface MapHttpErrorInput {
  provider: string;
  status: number;
  headers: IncomingHttpHeaders;
  /** The upstream's error body text (possibly truncated). */
  bodyText: string;
  /** Credentials this provider sends, removed literally from any echoed text. */
  secrets?: readonly string[];
  now?: number;
}

/** Maps a non-2xx upstream answer to the KeelError the router and the client should see. */
export function mapHttpError(input: MapHttpErrorInput): KeelError {
  const { provider, status } = input;
  const info = parseUpstreamError(input.bodyText);
  const text = sanitizeUpstreamText(info.message, input.secrets);
  const message = `Provider ${provider} returned HTTP ${status}${text === '' ? '' : `: ${text}`}`;
  const common = { upstreamStatus: status, param: info.param };
  if (status === 429) {
    const retryAfterMs = parseRetryAfterMs(input.headers, input.now);
    return new KeelError('upstream_rate_limited', message, { ...common, retryAfterMs });
  }
  if (status === 401 || status === 403) {
    const why = `Provider ${provider} rejected Keel's credentials (HTTP ${status}); check the provider's apiKey`;
    return new KeelError('upstream_error', why, { upstreamStatus: status, retryable: false });
  }
  if (status === 408) return new KeelError('upstream_timeout', message, common);
  if (status >= 500) return new KeelError('upstream_error', message, common);
  const code = info.code ?? info.type ?? '';
  if (CONTENT_FILTER.test(code)) return new KeelError('content_filter', message, common);
  if (CONTEXT_WINDOW.test(code) || CONTEXT_WINDOW.test(info.message)) {
    return new KeelError('context_window_exceeded', message, common);
  }
  const clientStatus = status >= 400 && status < 500 ? status : 502;
  return new KeelError('invalid_request', message, { ...common, status: clientStatus, retryable: false });
}

const TIMEOUT_CODES = new Set([
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'ETIMEDOUT',
]);

function errorCode(err: unknown): string | undefined {
  if (err === null || typeof err !== 'object') return undefined;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Maps a failure to talk to the upstream (connect, reset, abort) to a KeelError. When the caller's
 * signal fired, its reason says why: a KeelError reason (attempt/total timeout) is the answer as is.
 */
export function mapTransportError(
  err: unknown,
  options: { provider: string; signal?: AbortSignal },
): KeelError {
  if (err instanceof KeelError) return err;
  const { provider, signal } = options;
  if (signal?.aborted) {
    const reason: unknown = signal.reason;
    if (reason instanceof KeelError) return reason;
    if (reason instanceof Error && reason.name === 'TimeoutError') {
      return new KeelError('upstream_timeout', `Provider ${provider} timed out`, { cause: reason });
    }
    return new KeelError('upstream_connection', `Request to provider ${provider} was aborted`, {
      retryable: false,
      cause: reason,
    });
  }
  const code = errorCode(err);
  if (code !== undefined && TIMEOUT_CODES.has(code)) {
    return new KeelError('upstream_timeout', `Provider ${provider} timed out (${code})`, { cause: err });
  }
  const detail = code ?? (err instanceof Error ? err.name : 'unknown error');
  return new KeelError('upstream_connection', `Could not reach provider ${provider} (${detail})`, {
    cause: err,
  });
}

/**
 * A failure while reading an upstream stream (socket error, abort) as a broken stream; a deadline
 * that fired mid-stream keeps its own code.
 */
export function mapStreamError(err: unknown, options: { provider: string; signal: AbortSignal }): KeelError {
  const mapped = mapTransportError(err, options);
  if (options.signal.aborted && options.signal.reason instanceof KeelError) return mapped;
  return new KeelError(
    'upstream_stream_broken',
    `Stream from provider ${options.provider} broke: ${mapped.message}`,
    {
      cause: err,
    },
  );
}
