/**
 * Deterministic JSON values that satisfy a (simple) JSON Schema: used for tool-call arguments and
 * `response_format: json_schema`. Supports type (incl. type arrays), properties/required, items,
 * enum, const, anyOf/oneOf/allOf (first branch), local $ref (#/$defs, #/definitions), string
 * formats date/date-time/email/uri/uuid and min/max bounds. Unknown or empty schemas get a string.
 */
import { generateWords, type Rng } from './vocabulary.ts';

type Schema = Record<string, unknown>;
type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

const MAX_DEPTH = 6;

function asSchema(value: unknown): Schema {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Schema) : {};
}

function resolveRef(schema: Schema, root: Schema): Schema {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return schema;
  const match = /^#\/(\$defs|definitions)\/(.+)$/.exec(ref);
  if (!match) return {};
  return asSchema(asSchema(root[match[1] as string])[match[2] as string]);
}

function pickType(schema: Schema): string | undefined {
  const type = schema.type;
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return type.find((t) => t !== 'null') ?? type[0];
  if (schema.properties) return 'object';
  if (schema.items) return 'array';
  return undefined;
}

function words(rng: Rng, count: number): string {
  return generateWords(rng, count).join('');
}

function stringFor(schema: Schema, rng: Rng): string {
  switch (schema.format) {
    case 'date':
      return '2024-01-01';
    case 'date-time':
      return '2024-01-01T00:00:00Z';
    case 'email':
      return `${words(rng, 1)}@example.com`;
    case 'uri':
    case 'url':
      return `https://example.com/${words(rng, 1)}`;
    case 'uuid':
      return '00000000-0000-4000-8000-000000000000';
  }
  let text = words(rng, 1 + (rng() % 3));
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  while (text.length < min) text += ` ${words(rng, 1)}`;
  if (typeof schema.maxLength === 'number' && text.length > schema.maxLength) {
    text = text.slice(0, Math.max(schema.maxLength, 0));
  }
  return text;
}

function integerFor(schema: Schema, rng: Rng): number {
  const low = typeof schema.minimum === 'number' ? Math.ceil(schema.minimum) : 0;
  const high = typeof schema.maximum === 'number' ? Math.floor(schema.maximum) : low + 100;
  if (high <= low) return low;
  return low + (rng() % (high - low + 1));
}

function objectFor(schema: Schema, ctx: { rng: Rng; root: Schema; depth: number }): { [key: string]: Json } {
  const out: { [key: string]: Json } = {};
  const properties = asSchema(schema.properties);
  // Every listed property is filled: always valid, and closer to what strict mode demands.
  for (const [key, sub] of Object.entries(properties)) {
    out[key] = valueFor(asSchema(sub), { ...ctx, depth: ctx.depth + 1 });
  }
  const required = Array.isArray(schema.required) ? schema.required : [];
  for (const key of required) {
    if (typeof key === 'string' && !(key in out)) out[key] = words(ctx.rng, 1);
  }
  return out;
}

function arrayFor(schema: Schema, ctx: { rng: Rng; root: Schema; depth: number }): Json[] {
  const min = typeof schema.minItems === 'number' ? schema.minItems : 1;
  const max = typeof schema.maxItems === 'number' ? schema.maxItems : min + 1;
  const count = Math.max(0, Math.min(max, min + (ctx.rng() % 2)));
  const items = asSchema(schema.items);
  const out: Json[] = [];
  for (let i = 0; i < count; i++) out.push(valueFor(items, { ...ctx, depth: ctx.depth + 1 }));
  return out;
}

/** A value valid against `schema`; `root` resolves local $refs. */
export function valueFor(input: Schema, ctx: { rng: Rng; root: Schema; depth: number }): Json {
  const schema = resolveRef(input, ctx.root);
  if ('const' in schema) return schema.const as Json;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) {
    return schema.enum[ctx.rng() % schema.enum.length] as Json;
  }
  for (const key of ['anyOf', 'oneOf', 'allOf']) {
    const branches = schema[key];
    if (Array.isArray(branches) && branches.length > 0) return valueFor(asSchema(branches[0]), ctx);
  }
  const type = pickType(schema);
  if (ctx.depth >= MAX_DEPTH) return type === 'null' ? null : type === 'array' ? [] : '';
  switch (type) {
    case 'object':
      return objectFor(schema, ctx);
    case 'array':
      return arrayFor(schema, ctx);
    case 'integer':
    case 'number':
      return integerFor(schema, ctx.rng);
    case 'boolean':
      return (ctx.rng() & 1) === 1;
    case 'null':
      return null;
    default:
      return stringFor(schema, ctx.rng);
  }
}

/** JSON text valid against `schema` (an object schema when none is given). */
export function jsonForSchema(schema: unknown, rng: Rng): string {
  const root = asSchema(schema);
  const effective = Object.keys(root).length === 0 ? { type: 'object' } : root;
  return JSON.stringify(valueFor(effective, { rng, root, depth: 0 }));
}
