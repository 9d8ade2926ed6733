/**
 * Small helpers shared by the evals repositories. JSON goes into the store as text (TEXT on
 * SQLite, JSONB on Postgres) and may come back parsed (Postgres) or as text (SQLite): every reader
 * goes through `json()`. Booleans are stored as 0/1 INTEGERs on both backends.
 */

export const json = <T>(value: unknown): T =>
  typeof value === 'string' ? (JSON.parse(value) as T) : (value as T);

export const jsonOrNull = <T>(value: unknown): T | null =>
  value === null || value === undefined ? null : json<T>(value);

export const num = (value: unknown): number => Number(value);

export const numOrNull = (value: unknown): number | null =>
  value === null || value === undefined ? null : Number(value);

export const strOrNull = (value: unknown): string | null =>
  value === null || value === undefined ? null : String(value);

export const boolOrNull = (value: unknown): boolean | null =>
  value === null || value === undefined ? null : Number(value) === 1;

export const bit = (value: boolean): number => (value ? 1 : 0);

/** `?, ?, ?` for an IN list. */
export const placeholders = (n: number): string => Array.from({ length: n }, () => '?').join(', ');
