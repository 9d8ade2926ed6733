/**
 * A validator for the JSON-schema subset that tool parameters and `response_format` schemas use in
 * practice: type (incl. arrays of types), properties, required, additionalProperties, items,
 * enum, const, min/max (exclusive too), minLength/maxLength, minItems/maxItems, pattern, anyOf,
 * oneOf, allOf. Written here rather than pulling in ajv because ajv compiles schemas to code with
 * `new Function` (a per-request schema would mean per-request code generation) and its errors
 * carry data values; ours carry paths and keywords only, so they are safe to log. `$ref` and
 * formats are not supported and are reported as such rather than silently passing.
 */

export type JsonSchema = Record<string, unknown>;

export interface SchemaError {
  /** JSON pointer-ish path, e.g. `/items/2/name`. */
  path: string;
  keyword: string;
  message: string;
}

export interface ValidateOptions {
  /** Deepest nesting walked (data and schema). Default 64. */
  maxDepth?: number;
  /** Stop after this many errors. Default 20. */
  maxErrors?: number;
}

interface State {
  errors: SchemaError[];
  maxDepth: number;
  maxErrors: number;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeMatches(expected: unknown, actual: string): boolean {
  const list = Array.isArray(expected) ? expected : [expected];
  return list.some((t) => t === actual || (t === 'number' && actual === 'integer'));
}

const patternCache = new Map<string, RegExp | null>();
function compilePattern(source: string): RegExp | null {
  if (!patternCache.has(source)) {
    let re: RegExp | null = null;
    // Long patterns are refused rather than risking a slow regex from an untrusted schema.
    if (source.length <= 512) {
      try {
        re = new RegExp(source, 'u');
      } catch {
        re = null;
      }
    }
    if (patternCache.size > 256) patternCache.clear();
    patternCache.set(source, re);
  }
  return patternCache.get(source) ?? null;
}

function fail(state: State, path: string, keyword: string, message: string): void {
  if (state.errors.length < state.maxErrors) state.errors.push({ path: path || '/', keyword, message });
}

function checkScalar(schema: JsonSchema, value: unknown, path: string, state: State): void {
  if (typeof value === 'number') {
    const { minimum, maximum, exclusiveMinimum, exclusiveMaximum } = schema;
    if (typeof minimum === 'number' && value < minimum) fail(state, path, 'minimum', `must be >= ${minimum}`);
    if (typeof maximum === 'number' && value > maximum) fail(state, path, 'maximum', `must be <= ${maximum}`);
    if (typeof exclusiveMinimum === 'number' && value <= exclusiveMinimum)
      fail(state, path, 'exclusiveMinimum', `must be > ${exclusiveMinimum}`);
    if (typeof exclusiveMaximum === 'number' && value >= exclusiveMaximum)
      fail(state, path, 'exclusiveMaximum', `must be < ${exclusiveMaximum}`);
  }
  if (typeof value === 'string') {
    const length = [...value].length;
    if (typeof schema.minLength === 'number' && length < schema.minLength)
      fail(state, path, 'minLength', `must have at least ${schema.minLength} characters`);
    if (typeof schema.maxLength === 'number' && length > schema.maxLength)
      fail(state, path, 'maxLength', `must have at most ${schema.maxLength} characters`);
    if (typeof schema.pattern === 'string') {
      const re = compilePattern(schema.pattern);
      if (!re) fail(state, path, 'pattern', 'schema pattern is invalid or too long');
      else if (!re.test(value)) fail(state, path, 'pattern', 'does not match the required pattern');
    }
  }
}

function checkObject(
  schema: JsonSchema,
  value: Record<string, unknown>,
  path: string,
  state: State,
  depth: number,
) {
  const props = isObject(schema.properties) ? schema.properties : {};
  if (Array.isArray(schema.required)) {
    for (const key of schema.required) {
      if (typeof key === 'string' && !(key in value))
        fail(state, `${path}/${key}`, 'required', 'is required');
    }
  }
  for (const [key, child] of Object.entries(value)) {
    const sub = props[key];
    if (isObject(sub)) walk(sub, child, `${path}/${key}`, state, depth + 1);
    else if (schema.additionalProperties === false)
      fail(state, `${path}/${key}`, 'additionalProperties', 'is not allowed');
    else if (isObject(schema.additionalProperties))
      walk(schema.additionalProperties, child, `${path}/${key}`, state, depth + 1);
  }
}

function checkArray(schema: JsonSchema, value: unknown[], path: string, state: State, depth: number): void {
  if (typeof schema.minItems === 'number' && value.length < schema.minItems)
    fail(state, path, 'minItems', `must have at least ${schema.minItems} items`);
  if (typeof schema.maxItems === 'number' && value.length > schema.maxItems)
    fail(state, path, 'maxItems', `must have at most ${schema.maxItems} items`);
  if (isObject(schema.items)) {
    const items = schema.items;
    value.forEach((item, i) => {
      walk(items, item, `${path}/${i}`, state, depth + 1);
    });
  }
}

function checkCombinators(
  schema: JsonSchema,
  value: unknown,
  path: string,
  state: State,
  depth: number,
): void {
  const passes = (sub: unknown): boolean => {
    if (!isObject(sub)) return true;
    const inner: State = { errors: [], maxDepth: state.maxDepth, maxErrors: 1 };
    walk(sub, value, path, inner, depth + 1);
    return inner.errors.length === 0;
  };
  if (Array.isArray(schema.allOf))
    for (const sub of schema.allOf) if (isObject(sub)) walk(sub, value, path, state, depth + 1);
  if (Array.isArray(schema.anyOf) && !schema.anyOf.some(passes))
    fail(state, path, 'anyOf', 'matches none of the allowed shapes');
  if (Array.isArray(schema.oneOf) && schema.oneOf.filter(passes).length !== 1)
    fail(state, path, 'oneOf', 'must match exactly one allowed shape');
}

function walk(schema: JsonSchema, value: unknown, path: string, state: State, depth: number): void {
  if (state.errors.length >= state.maxErrors) return;
  if (depth > state.maxDepth) {
    fail(state, path, 'depth', `nesting deeper than ${state.maxDepth}`);
    return;
  }
  if (typeof schema.$ref === 'string') {
    fail(state, path, '$ref', '$ref is not supported');
    return;
  }
  const actual = typeOf(value);
  if (schema.type !== undefined && !typeMatches(schema.type, actual)) {
    const expected = Array.isArray(schema.type) ? schema.type.join(' or ') : String(schema.type);
    fail(state, path, 'type', `must be ${expected}`);
    return;
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => deepEqual(e, value)))
    fail(state, path, 'enum', 'must be one of the allowed values');
  if ('const' in schema && !deepEqual(schema.const, value))
    fail(state, path, 'const', 'must equal the constant');
  checkScalar(schema, value, path, state);
  if (isObject(value)) checkObject(schema, value, path, state, depth);
  if (Array.isArray(value)) checkArray(schema, value, path, state, depth);
  checkCombinators(schema, value, path, state, depth);
}

function deepEqual(a: unknown, b: unknown, depth = 0): boolean {
  if (a === b) return true;
  if (depth > 32 || typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  if (ka.length !== kb.length) return false;
  return ka.every((k) =>
    deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], depth + 1),
  );
}

/** Validates `value` against `schema`; an empty array means valid. */
export function validateJsonSchema(
  schema: JsonSchema,
  value: unknown,
  options: ValidateOptions = {},
): SchemaError[] {
  const state: State = { errors: [], maxDepth: options.maxDepth ?? 64, maxErrors: options.maxErrors ?? 20 };
  walk(schema, value, '', state, 0);
  return state.errors;
}
