import type { z } from 'zod';
import { KeelError } from '../../errors/index.ts';

/**
 * Validates a query string (or body) with zod; the first issue becomes a 400 naming the field, the
 * same shape as the gateway's parseBody (not imported: route files must not import the gateway).
 */
export function parseInput<T>(schema: z.ZodType<T>, input: unknown, what = 'query'): T {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const param = issue ? issue.path.map(String).join('.') : '';
  const message = issue ? `Invalid value for '${param || what}': ${issue.message}` : `Invalid ${what}`;
  throw new KeelError('invalid_request', message, param ? { param } : {});
}
