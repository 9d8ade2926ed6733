import type { z } from 'zod';
import { KeelError } from '../../errors/index.ts';

/**
 * Parses admin input (API body/query, CLI flags) with a zod schema; the first problem becomes a
 * 400 `invalid_request` naming the field. Unknown fields get their own message, since a typo in a
 * field name would otherwise silently change nothing.
 */
export function parseInput<T>(schema: z.ZodType<T>, input: unknown, where = 'body'): T {
  if (input === undefined || input === null) input = {};
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw new KeelError('invalid_request', `The request ${where} must be a JSON object`);
  }
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (!issue) throw new KeelError('invalid_request', `Invalid request ${where}`);
  const path = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const qualify = (key: string) => [path, key.slice(0, 64)].filter(Boolean).join('.');
    const field = qualify(issue.keys[0] ?? '');
    const list = issue.keys.map((key) => `'${qualify(key)}'`).join(', ');
    throw new KeelError(
      'invalid_request',
      `Unknown field${issue.keys.length > 1 ? 's' : ''} ${list} in ${where}`,
      {
        param: field,
      },
    );
  }
  const param = path || where;
  throw new KeelError('invalid_request', `Invalid value for '${param}': ${issue.message}`, { param });
}
