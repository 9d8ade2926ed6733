import type { SqlValue } from '../../spec/index.ts';

/**
 * `WHERE a = ? AND b = ?` for the filters that are set. Column names come from code, never from
 * callers; values are always bound.
 */
export function whereEquals(filters: ReadonlyArray<readonly [column: string, value: SqlValue | undefined]>): {
  clause: string;
  params: SqlValue[];
} {
  const parts: string[] = [];
  const params: SqlValue[] = [];
  for (const [column, value] of filters) {
    if (value === undefined) continue;
    parts.push(`${column} = ?`);
    params.push(value);
  }
  return { clause: parts.length > 0 ? `WHERE ${parts.join(' AND ')}` : '', params };
}

/** `?, ?, ?` for an IN list. */
export const placeholders = (count: number): string => Array.from({ length: count }, () => '?').join(', ');

export const numOrNull = (value: unknown): number | null =>
  value === null || value === undefined ? null : Number(value);

export function jsonList(value: unknown): string[] | null {
  if (value === null || value === undefined) return null;
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  return Array.isArray(parsed) ? parsed.map(String) : null;
}
