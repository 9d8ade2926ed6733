import { KeelError } from '../../errors/index.ts';

/**
 * Maps pg failures to KeelErrors. Reaching the server at all (network errors, a server starting
 * or shutting down, too many connections, bad credentials or database name) is
 * `store_unavailable`, retryable. Other SQL errors are internal errors named by SQLSTATE only:
 * server messages can quote values (e.g. "invalid input syntax … 'x'") and records must not leak.
 */

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
]);

// SQLSTATE classes: 08 connection, 28 auth, 3D no such database, 53 resources, 57 operator intervention.
const UNAVAILABLE_CLASSES = new Set(['08', '28', '3D', '53', '57']);

const CLIENT_MESSAGES = [
  /^Connection terminated/,
  /timeout exceeded when trying to connect/,
  /^Client has encountered a connection error/,
  /Cannot use a pool after calling end/,
  /Client was closed and is not queryable/,
];

function connectionReason(error: { code?: unknown; message?: unknown }): string | null {
  const code = typeof error.code === 'string' ? error.code : '';
  const message = typeof error.message === 'string' ? error.message : '';
  if (NETWORK_CODES.has(code)) return code;
  // Server messages for these classes (e.g. 'password authentication failed for user "x"',
  // 'database "x" does not exist') carry no credentials or record values.
  if (code.length === 5 && UNAVAILABLE_CLASSES.has(code.slice(0, 2))) return `${code} ${message}`;
  if (CLIENT_MESSAGES.some((pattern) => pattern.test(message))) return message;
  return null;
}

export function toPgError(error: unknown, options: { action: string; target: string }): KeelError {
  if (error instanceof KeelError) return error;
  const detail = (error ?? {}) as { code?: unknown; message?: unknown };
  const reason = connectionReason(detail);
  if (reason !== null) {
    return new KeelError('store_unavailable', `Postgres unavailable at ${options.target}: ${reason}`, {
      cause: error,
    });
  }
  const sqlstate = typeof detail.code === 'string' ? detail.code : 'unknown';
  if (sqlstate === '23505') {
    return new KeelError('conflict', `Already exists (${options.action})`, {
      cause: error,
      details: { sqlstate },
    });
  }
  return new KeelError('internal_error', `Postgres error during ${options.action} (SQLSTATE ${sqlstate})`, {
    cause: error,
  });
}
