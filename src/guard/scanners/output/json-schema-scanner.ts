import type { ScanContext, ScanInput, Scanner, ScanResult } from '../../../spec/scanner.ts';
import { type JsonSchema, validateJsonSchema } from './json-schema.ts';
import { safeJsonParse, stripCodeFence } from './safe-json.ts';

export interface JsonSchemaScannerOptions {
  id?: string;
  /** Schema the answer must satisfy; `ctx.responseSchema` (from the request) takes precedence. */
  schema?: JsonSchema;
  /** Accept an answer wrapped in a ```json fence. Default true. */
  allowCodeFence?: boolean;
  /** When neither option nor request gives a schema: require only that the answer is JSON. Default false. */
  requireJson?: boolean;
}

/** Output checkpoint: the answer must be JSON and satisfy the schema (error paths only in `reason`). */
export function createJsonSchemaScanner(options: JsonSchemaScannerOptions = {}): Scanner {
  return {
    specVersion: 'v1',
    id: options.id ?? 'json-schema',
    checkpoints: ['output'],
    scan(input: ScanInput, ctx: ScanContext): ScanResult {
      const schema = ctx.responseSchema ?? options.schema;
      if (!schema && !options.requireJson) return { verdict: 'pass', score: 0 };
      const raw = input.kind === 'text' ? input.text : input.call.function.arguments;
      const text = options.allowCodeFence === false ? raw : stripCodeFence(raw);
      const parsed = safeJsonParse(text);
      if (!parsed.ok)
        return { verdict: 'block', score: 1, reason: `answer is not valid JSON (${parsed.reason})` };
      if (!schema) return { verdict: 'pass', score: 0 };
      const errors = validateJsonSchema(schema, parsed.value);
      if (errors.length === 0) return { verdict: 'pass', score: 0 };
      const shown = errors
        .slice(0, 3)
        // Schema paths only: the data path holds the answer's own keys, which can be anything.
        .map((e) => `${e.schemaPath}: ${e.message}`)
        .join('; ');
      return {
        verdict: 'block',
        score: 1,
        reason: `answer does not match the schema: ${shown}${errors.length > 3 ? ` (+${errors.length - 3} more)` : ''}`,
      };
    },
  };
}
