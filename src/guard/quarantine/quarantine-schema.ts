import { z } from 'zod';
import { checkJsonSchema } from '../scanners/output/index.ts';

/** Variable names the caller's code will bind to: identifier-shaped, so they are safe to use as keys anywhere. */
const variableName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'variable names: identifier, ≤ 64 chars');

/** `#/properties/a~1b/pattern` → `['properties', 'a/b', 'pattern']` (a zod issue path). */
const pointerSegments = (schemaPath: string): string[] =>
  schemaPath
    .split('/')
    .slice(1)
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));

/**
 * The JSON schema of the values to extract: an object whose properties are the named variables.
 * What the answer's validator can never accept (`$ref`, an unsafe or invalid `pattern`) is refused
 * here, as a 400 naming the schema path, before any model call is paid for.
 */
const extractionSchema = z
  .looseObject({
    type: z.literal('object'),
    properties: z
      .record(variableName, z.record(z.string(), z.unknown()))
      .refine((p) => Object.keys(p).length >= 1 && Object.keys(p).length <= 64, 'between 1 and 64 variables'),
  })
  .superRefine((schema, ctx) => {
    for (const error of checkJsonSchema(schema))
      ctx.addIssue({ code: 'custom', path: pointerSegments(error.schemaPath), message: error.message });
  });

/**
 * `POST /v1/guard/quarantine`. Strict: a request that sends `tools` (or anything else unknown) is
 * refused with a 400 naming the field — the quarantined model never gets tools.
 */
export const quarantineBodySchema = z.strictObject({
  model: z.string().min(1).max(256),
  /** The untrusted text (a web page, an email, a tool result). */
  content: z
    .string()
    .min(1)
    .max(512 * 1024),
  schema: extractionSchema,
  /** Trusted instructions from the application: what to extract, and how. */
  instructions: z.string().max(4000).optional(),
  max_tokens: z.number().int().min(1).max(100_000).optional(),
});
export type QuarantineBody = z.infer<typeof quarantineBodySchema>;

export interface QuarantineFlag {
  /** Top-level variable the string belongs to. */
  variable: string;
  /** JSON-pointer-ish path of the string inside the variables, e.g. `/links/2`. */
  path: string;
  scanner: string;
  verdict: 'flag' | 'block';
  score: number;
  /** The flagged text is the object key at `path`, not the value there. */
  key?: true;
}

export interface QuarantineResult {
  /** Only the schema-validated values, by variable name. */
  variables: Record<string, unknown>;
  /** String values that look like prompt injection: the privileged caller decides what to do. */
  flags: QuarantineFlag[];
  /** Model that answered (as the gateway reports it). */
  model: string;
  usage: Record<string, unknown> | null;
  /** Model calls made (2 when the first answer was invalid). */
  attempts: number;
}
