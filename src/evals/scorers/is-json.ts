import { z } from 'zod';
import { defineScorer, passFail } from './define.ts';
import { checkSchema, schemaParam } from './json-schema.ts';
import { findJsonValues, parseOutputJson } from './json-value.ts';

/** The whole output is JSON (optionally also valid against `schema`, as promptfoo's is-json with a value). */
export const isJsonScorer = defineScorer({
  type: 'is-json',
  modelGraded: false,
  description: 'the whole output parses as JSON (optionally valid against a schema)',
  params: z.strictObject({
    schema: schemaParam.optional(),
    allowCodeFence: z.boolean().default(false),
  }),
  build: (p) => (input) => {
    const parsed = parseOutputJson(input.output, p.allowCodeFence);
    if (!parsed.ok) return passFail(false, parsed.why);
    return p.schema ? checkSchema(p.schema, parsed.value) : passFail(true, 'output is valid JSON');
  },
});

/** Some JSON object or array appears inside the output (first valid one against `schema` if given). */
export const containsJsonScorer = defineScorer({
  type: 'contains-json',
  modelGraded: false,
  description: 'the output contains a JSON object or array (optionally valid against a schema)',
  params: z.strictObject({ schema: schemaParam.optional() }),
  build: (p) => (input) => {
    const values = findJsonValues(input.output);
    if (values.length === 0) return passFail(false, 'no JSON object or array found in the output');
    if (!p.schema) return passFail(true, `found ${values.length} JSON value(s)`);
    const schema = p.schema;
    const checks = values.map((v) => checkSchema(schema, v));
    return checks.find((c) => c.pass) ?? checks[0] ?? passFail(false, 'no JSON found');
  },
});
