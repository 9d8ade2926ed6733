import { z } from 'zod';
import { KeelError } from '../../errors/index.ts';

/** A scorer's params failed validation: one message naming every field at fault. */
export function paramsError(type: string, error: z.ZodError): KeelError {
  const issues = error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    return path === '' ? issue.message : `${path}: ${issue.message}`;
  });
  const first = error.issues[0]?.path.map(String).join('.');
  return new KeelError('invalid_request', `Invalid params for scorer "${type}": ${issues.join('; ')}`, {
    ...(first ? { param: first } : {}),
    details: { scorer: type, issues },
  });
}

/** Caps keep a scorer's work bounded whatever the dataset holds. */
export const MAX_REFERENCE_CHARS = 100_000;

export const referenceText = z.string().max(MAX_REFERENCE_CHARS);
export const unitThreshold = (fallback: number) => z.number().min(0).max(1).default(fallback);

/** promptfoo accepts either a list or one comma-separated string for the *-any / *-all types. */
export const stringList = z
  .union([z.array(referenceText).min(1).max(1000), referenceText])
  .transform((v) =>
    Array.isArray(v)
      ? v
      : v
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s.length > 0),
  )
  .pipe(z.array(z.string()).min(1, 'needs at least one value'));
