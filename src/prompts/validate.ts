import type { z } from 'zod';
import { KeelError } from '../errors/index.ts';

/**
 * Parses a boundary value with zod; the first issue becomes a 400 naming the field (as OpenAI's
 * `param`). `where` prefixes messages for values that come from files (`greet.yaml: …`). Local so
 * the CLI does not load the gateway to validate a YAML file.
 */
export function parseWith<T>(schema: z.ZodType<T>, value: unknown, where?: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const param = issue ? issue.path.map(String).join('.') : '';
  const prefix = where ? `${where}: ` : '';
  const message = issue
    ? `${prefix}Invalid value for '${param || 'body'}': ${issue.message}`
    : `${prefix}Invalid input`;
  return throwInvalid(message, param);
}

function throwInvalid(message: string, param: string): never {
  throw new KeelError('invalid_request', message, param ? { param } : {});
}
