/**
 * Errors as the sim server writes them, in the dialect of the route: OpenAI
 * `{error:{message,type,param,code}}` or Anthropic `{type:'error',error:{type,message}}`.
 */
import type { z } from 'zod';
import { KeelError } from '../../errors/index.ts';

export type Dialect = 'openai' | 'anthropic';

export interface WireError {
  status: number;
  message: string;
  /** OpenAI's error type. */
  type: string;
  code: string | null;
  param: string | null;
  /** Sent as Retry-After (429s). */
  retryAfterSeconds?: number;
}

/** OpenAI's code for an over-long prompt differs from Keel's internal name. */
const WIRE_CODES: Partial<Record<string, string>> = { context_window_exceeded: 'context_length_exceeded' };

export function wireErrorFromKeel(error: KeelError): WireError {
  return {
    status: error.upstreamStatus ?? error.status,
    message: error.message,
    type: error.type,
    code: WIRE_CODES[error.code] ?? error.code,
    param: error.param ?? null,
  };
}

export function injectedWireError(failure: 429 | 500 | 503, retryAfterSeconds: number): WireError {
  if (failure === 429) {
    const message = 'Rate limit reached for requests (simulated).';
    return {
      status: 429,
      message,
      type: 'rate_limit_error',
      code: 'rate_limit_exceeded',
      param: null,
      retryAfterSeconds,
    };
  }
  const message =
    failure === 500
      ? 'The server had an error while processing your request (simulated).'
      : 'The server is overloaded or not ready yet (simulated).';
  return { status: failure, message, type: 'server_error', code: null, param: null };
}

function anthropicType(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 413) return 'request_too_large';
  if (status === 429) return 'rate_limit_error';
  if (status === 529) return 'overloaded_error';
  return status >= 500 ? 'api_error' : 'invalid_request_error';
}

export function errorBody(dialect: Dialect, error: WireError): string {
  if (dialect === 'anthropic') {
    return JSON.stringify({
      type: 'error',
      error: { type: anthropicType(error.status), message: error.message },
    });
  }
  const { message, type, param, code } = error;
  return JSON.stringify({ error: { message, type, param, code } });
}

/** A zod failure as a 400, naming the first offending field like the real APIs do. */
export function invalidRequest(error: z.ZodError, dialect: Dialect): KeelError {
  const issue = error.issues[0];
  const path = issue?.path.map(String).join('.') ?? '';
  const missing = issue?.code === 'invalid_type' && /received undefined/.test(issue.message);
  const detail = missing ? 'Field required' : (issue?.message ?? 'invalid value');
  const message = dialect === 'anthropic' ? `${path}: ${detail}` : `Invalid '${path}': ${detail}`;
  return new KeelError('invalid_request', message, { param: path || undefined });
}
