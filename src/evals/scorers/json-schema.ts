import { z } from 'zod';
import { type JsonSchema, validateJsonSchema } from '../../guard/index.ts';
import type { ScoreResult } from '../../spec/scorer.ts';
import { defineScorer, passFail } from './define.ts';
import { parseOutputJson } from './json-value.ts';

export const schemaParam = z.record(z.string(), z.unknown());

/** Validates a parsed value with the guard's JSON-schema subset validator; errors name paths, not values. */
export function checkSchema(schema: JsonSchema, value: unknown): ScoreResult {
  const errors = validateJsonSchema(schema, value, { maxErrors: 10 });
  if (errors.length === 0) return passFail(true, 'valid JSON matching the schema');
  const list = errors.slice(0, 3).map((e) => `${e.path} ${e.message}`);
  return passFail(false, `JSON does not match the schema: ${list.join('; ')}`, { schemaErrors: errors });
}

export const jsonSchemaScorer = defineScorer({
  type: 'json-schema',
  modelGraded: false,
  description: 'output is JSON valid against a JSON schema (the subset the guard validator supports)',
  params: z.strictObject({
    schema: schemaParam,
    /** Accept an answer wrapped in a ```json fence. */
    allowCodeFence: z.boolean().default(true),
  }),
  build: (p) => (input) => {
    const parsed = parseOutputJson(input.output, p.allowCodeFence);
    if (!parsed.ok) return passFail(false, parsed.why);
    return checkSchema(p.schema, parsed.value);
  },
});
