/**
 * A validator for the JSON-schema subset that tool parameters and `response_format` schemas use in
 * practice: type (incl. arrays of types), properties, required, additionalProperties, items,
 * enum, const, min/max (exclusive too), minLength/maxLength, minItems/maxItems, pattern, anyOf,
 * oneOf, allOf. Written here rather than pulling in ajv because ajv compiles schemas to code with
 * `new Function` (a per-request schema would mean per-request code generation) and its errors
 * carry data values; ours carry paths and keywords only, so they are safe to log. `$ref` and
 * formats are not supported and are reported as such rather than silently passing. A `pattern`
 * is only run when it is provably free of catastrophic backtracking (safe-pattern.ts), on values
 * up to the length its worst case allows; anything else is a validation error, never a slow regex.
 */

import { analyzePattern, PATTERN_STEP_BUDGET } from './safe-pattern.ts';

export type JsonSchema = Record<string, unknown>;

export interface SchemaError {
  /**
   * JSON pointer-ish path in the data, e.g. `/items/2/name`. It holds the data's own keys, so it
   * is for the caller that sent the data; reasons shown elsewhere use `schemaPath`.
   */
  path: string;
  /**
   * Path of the failing keyword in the schema, e.g. `#/properties/tags/maxItems`; a missing
   * property is named after the schema's own entry, e.g. `#/required/city`. Holds nothing from the
   * data, so it is safe in reasons and logs.
   */
  schemaPath: string;
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
  /** Worst-case regex steps left for `pattern` checks in this validation (shared by every value). */
  patternBudget: number;
}

/** Regex work one validation may do across all its `pattern` checks (each run is bounded too). */
const VALIDATION_PATTERN_BUDGET = 5 * PATTERN_STEP_BUDGET;

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

type CompiledPattern = { re: RegExp; maxInput: number; cost(length: number): number } | { reason: string };

const MAX_PATTERN_LENGTH = 512;
// Patterns come from the caller's schema: each is analysed once (safe-pattern.ts) and cached.
const patternCache = new Map<string, CompiledPattern>();
function compilePattern(source: string): CompiledPattern {
  const cached = patternCache.get(source);
  if (cached) return cached;
  let compiled: CompiledPattern;
  if (source.length > MAX_PATTERN_LENGTH) compiled = { reason: 'schema pattern is too long' };
  else {
    let re: RegExp | undefined;
    try {
      re = new RegExp(source, 'u');
    } catch {
      re = undefined;
    }
    const analysis = re ? analyzePattern(source) : undefined;
    if (!re || !analysis) compiled = { reason: 'schema pattern is invalid' };
    else if (!analysis.ok) compiled = { reason: `schema pattern refused as unsafe: ${analysis.reason}` };
    else compiled = { re, maxInput: analysis.maxInput, cost: analysis.cost };
  }
  if (patternCache.size > 256) patternCache.clear();
  patternCache.set(source, compiled);
  return compiled;
}

/** Where the walk is: the data path (for the caller's own use) and the schema path (safe to show). */
interface Where {
  data: string;
  schema: string;
  depth: number;
}

const child = (at: Where, data: string, schema: string): Where => ({
  data: `${at.data}/${data}`,
  schema: `${at.schema}/${schema}`,
  depth: at.depth + 1,
});

// JSON-pointer escaping, so a schema's property name cannot fake path segments.
const escapeKey = (key: string): string => key.replaceAll('~', '~0').replaceAll('/', '~1');

function fail(state: State, at: Where, keyword: string, message: string): void {
  if (state.errors.length >= state.maxErrors) return;
  const schemaPath = keyword === 'required' ? `#${at.schema}` : `#${at.schema}/${keyword}`;
  state.errors.push({ path: at.data || '/', schemaPath, keyword, message });
}

/** Checks `value` against the schema's pattern within the per-string and per-validation budgets. */
function checkPattern(source: string, value: string, at: Where, state: State): void {
  const compiled = compilePattern(source);
  if ('reason' in compiled) {
    fail(state, at, 'pattern', compiled.reason);
    return;
  }
  if (value.length > compiled.maxInput) {
    fail(
      state,
      at,
      'pattern',
      `is too long to check against the pattern (at most ${compiled.maxInput} characters)`,
    );
    return;
  }
  state.patternBudget -= compiled.cost(value.length);
  if (state.patternBudget < 0) fail(state, at, 'pattern', 'too many values to check against patterns');
  else if (!compiled.re.test(value)) fail(state, at, 'pattern', 'does not match the required pattern');
}

function checkScalar(schema: JsonSchema, value: unknown, at: Where, state: State): void {
  if (typeof value === 'number') {
    const { minimum, maximum, exclusiveMinimum, exclusiveMaximum } = schema;
    if (typeof minimum === 'number' && value < minimum) fail(state, at, 'minimum', `must be >= ${minimum}`);
    if (typeof maximum === 'number' && value > maximum) fail(state, at, 'maximum', `must be <= ${maximum}`);
    if (typeof exclusiveMinimum === 'number' && value <= exclusiveMinimum)
      fail(state, at, 'exclusiveMinimum', `must be > ${exclusiveMinimum}`);
    if (typeof exclusiveMaximum === 'number' && value >= exclusiveMaximum)
      fail(state, at, 'exclusiveMaximum', `must be < ${exclusiveMaximum}`);
  }
  if (typeof value === 'string') {
    const length = [...value].length;
    if (typeof schema.minLength === 'number' && length < schema.minLength)
      fail(state, at, 'minLength', `must have at least ${schema.minLength} characters`);
    if (typeof schema.maxLength === 'number' && length > schema.maxLength)
      fail(state, at, 'maxLength', `must have at most ${schema.maxLength} characters`);
    if (typeof schema.pattern === 'string') checkPattern(schema.pattern, value, at, state);
  }
}

function checkObject(schema: JsonSchema, value: Record<string, unknown>, at: Where, state: State): void {
  const props = isObject(schema.properties) ? schema.properties : {};
  if (Array.isArray(schema.required)) {
    for (const key of schema.required) {
      if (typeof key === 'string' && !(key in value))
        // The name comes from the schema, so the schema path may show it.
        fail(
          state,
          { ...at, data: `${at.data}/${key}`, schema: `${at.schema}/required/${escapeKey(key)}` },
          'required',
          'is required',
        );
    }
  }
  for (const [key, item] of Object.entries(value)) {
    const sub = props[key];
    if (isObject(sub)) walk(sub, item, child(at, key, `properties/${escapeKey(key)}`), state);
    else if (schema.additionalProperties === false)
      fail(state, { ...at, data: `${at.data}/${key}` }, 'additionalProperties', 'is not allowed');
    else if (isObject(schema.additionalProperties))
      walk(schema.additionalProperties, item, child(at, key, 'additionalProperties'), state);
  }
}

function checkArray(schema: JsonSchema, value: unknown[], at: Where, state: State): void {
  if (typeof schema.minItems === 'number' && value.length < schema.minItems)
    fail(state, at, 'minItems', `must have at least ${schema.minItems} items`);
  if (typeof schema.maxItems === 'number' && value.length > schema.maxItems)
    fail(state, at, 'maxItems', `must have at most ${schema.maxItems} items`);
  if (isObject(schema.items)) {
    const items = schema.items;
    value.forEach((item, i) => {
      walk(items, item, child(at, String(i), 'items'), state);
    });
  }
}

function checkCombinators(schema: JsonSchema, value: unknown, at: Where, state: State): void {
  const branch = (keyword: string, i: number): Where => ({
    ...at,
    schema: `${at.schema}/${keyword}/${i}`,
    depth: at.depth + 1,
  });
  const passes =
    (keyword: string) =>
    (sub: unknown, i: number): boolean => {
      if (!isObject(sub)) return true;
      const inner: State = { ...state, errors: [], maxErrors: 1 };
      walk(sub, value, branch(keyword, i), inner);
      state.patternBudget = inner.patternBudget;
      return inner.errors.length === 0;
    };
  if (Array.isArray(schema.allOf))
    schema.allOf.forEach((sub, i) => {
      if (isObject(sub)) walk(sub, value, branch('allOf', i), state);
    });
  if (Array.isArray(schema.anyOf) && !schema.anyOf.some(passes('anyOf')))
    fail(state, at, 'anyOf', 'matches none of the allowed shapes');
  if (Array.isArray(schema.oneOf) && schema.oneOf.filter(passes('oneOf')).length !== 1)
    fail(state, at, 'oneOf', 'must match exactly one allowed shape');
}

/** What ends a walk at this schema: enough errors, too deep, or a `$ref` (reported). */
function stopsHere(schema: JsonSchema, at: Where, state: State): boolean {
  if (state.errors.length >= state.maxErrors) return true;
  if (at.depth > state.maxDepth) {
    fail(state, at, 'depth', `nesting deeper than ${state.maxDepth}`);
    return true;
  }
  if (typeof schema.$ref === 'string') {
    fail(state, at, '$ref', '$ref is not supported');
    return true;
  }
  return false;
}

function walk(schema: JsonSchema, value: unknown, at: Where, state: State): void {
  if (stopsHere(schema, at, state)) return;
  const actual = typeOf(value);
  if (schema.type !== undefined && !typeMatches(schema.type, actual)) {
    const expected = Array.isArray(schema.type) ? schema.type.join(' or ') : String(schema.type);
    fail(state, at, 'type', `must be ${expected}`);
    return;
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => deepEqual(e, value)))
    fail(state, at, 'enum', 'must be one of the allowed values');
  if ('const' in schema && !deepEqual(schema.const, value))
    fail(state, at, 'const', 'must equal the constant');
  checkScalar(schema, value, at, state);
  if (isObject(value)) checkObject(schema, value, at, state);
  if (Array.isArray(value)) checkArray(schema, value, at, state);
  checkCombinators(schema, value, at, state);
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

/** The schema entries `walk` descends into: properties, additionalProperties, items, combinators. */
function inspect(schema: JsonSchema, at: Where, state: State): void {
  if (stopsHere(schema, at, state)) return;
  if (typeof schema.pattern === 'string') {
    const compiled = compilePattern(schema.pattern);
    if ('reason' in compiled) fail(state, at, 'pattern', compiled.reason);
  }
  if (isObject(schema.properties))
    for (const [key, sub] of Object.entries(schema.properties))
      if (isObject(sub)) inspect(sub, child(at, key, `properties/${escapeKey(key)}`), state);
  if (isObject(schema.additionalProperties))
    inspect(schema.additionalProperties, child(at, '*', 'additionalProperties'), state);
  if (isObject(schema.items)) inspect(schema.items, child(at, '*', 'items'), state);
  for (const keyword of ['allOf', 'anyOf', 'oneOf']) {
    const list = schema[keyword];
    if (!Array.isArray(list)) continue;
    list.forEach((sub, i) => {
      if (isObject(sub))
        inspect(sub, { ...at, schema: `${at.schema}/${keyword}/${i}`, depth: at.depth + 1 }, state);
    });
  }
}

/**
 * Checks a schema alone, before there is any data: what `validateJsonSchema` refuses whatever the
 * data — `$ref`, a `pattern` that is invalid, too long or refused as unsafe, nesting deeper than
 * `maxDepth` — wherever data could reach (`*` in `path` stands for any item or extra property).
 * Lets a caller that pays for the data (a model call) refuse the schema first. Same errors and
 * schema paths as validation.
 */
export function checkJsonSchema(schema: JsonSchema, options: ValidateOptions = {}): SchemaError[] {
  const state: State = {
    errors: [],
    maxDepth: options.maxDepth ?? 64,
    maxErrors: options.maxErrors ?? 20,
    patternBudget: 0,
  };
  inspect(schema, { data: '', schema: '', depth: 0 }, state);
  return state.errors;
}

/** Validates `value` against `schema`; an empty array means valid. */
export function validateJsonSchema(
  schema: JsonSchema,
  value: unknown,
  options: ValidateOptions = {},
): SchemaError[] {
  const state: State = {
    errors: [],
    maxDepth: options.maxDepth ?? 64,
    maxErrors: options.maxErrors ?? 20,
    patternBudget: VALIDATION_PATTERN_BUDGET,
  };
  walk(schema, value, { data: '', schema: '', depth: 0 }, state);
  return state.errors;
}
