import { KeelError } from '../../errors/index.ts';

/**
 * node:sqlite throws plain Errors with `errcode` (the extended SQLite result code). Conditions an
 * operator can fix or that pass (busy, locked, read-only, I/O, full disk, cannot open, closed
 * handle) are `store_unavailable` and retryable; anything else is an internal error.
 */

// Primary result codes: BUSY, LOCKED, READONLY, IOERR, FULL, CANTOPEN, PROTOCOL.
const UNAVAILABLE = new Set([5, 6, 8, 10, 13, 14, 15]);

export function toSqliteError(error: unknown, action: string): KeelError {
  if (error instanceof KeelError) return error;
  const detail = error as { code?: unknown; errcode?: unknown; errstr?: unknown; message?: unknown };
  if (detail.code === 'ERR_INVALID_STATE') {
    return new KeelError('store_unavailable', `SQLite store is closed (${action})`, { cause: error });
  }
  const errcode = typeof detail.errcode === 'number' ? detail.errcode : -1;
  // SQLite messages name tables and constraints, never bound values, so they are safe to surface.
  const reason = typeof detail.message === 'string' ? detail.message : String(detail.errstr ?? 'error');
  // SQLITE_CONSTRAINT_UNIQUE (2067) and _PRIMARYKEY (1555): a duplicate, which callers report as 409.
  if (errcode === 2067 || errcode === 1555) {
    return new KeelError('conflict', `Already exists (${action})`, { cause: error });
  }
  if (UNAVAILABLE.has(errcode & 0xff)) {
    return new KeelError('store_unavailable', `SQLite unavailable (${action}): ${reason}`, { cause: error });
  }
  return new KeelError('internal_error', `SQLite error (${action}): ${reason}`, { cause: error });
}
