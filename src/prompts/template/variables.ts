import { KeelError } from '../../errors/index.ts';
import type { VariableSpec, VariableType } from '../types.ts';

/**
 * Typed variables. A declared variable's value must have its type (a number is not silently turned
 * into a string); an undeclared variable used in a template is an implicit `string` that also takes
 * numbers and booleans. Values render as text: json as JSON.
 */

const typeOf = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;

export function valueMatches(type: VariableType, value: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'json':
      return value !== undefined && isJsonValue(value, 0);
  }
}

function isJsonValue(value: unknown, depth: number): boolean {
  if (depth > 64) return false;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((item) => isJsonValue(item, depth + 1));
  if (typeof value === 'object') return Object.values(value).every((item) => isJsonValue(item, depth + 1));
  return false;
}

/** The text a value renders as; throws a 400 naming the variable when the type is wrong. */
export function renderValue(name: string, spec: VariableSpec | undefined, value: unknown): string {
  if (spec === undefined) {
    if (typeof value === 'string') return value;
    if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean')
      return String(value);
    throw new KeelError(
      'invalid_request',
      `Variable '${name}' must be a string, number or boolean (got ${typeOf(value)}); declare it as type json to pass structured values`,
      { param: `variables.${name}` },
    );
  }
  if (!valueMatches(spec.type, value)) {
    throw new KeelError(
      'invalid_request',
      `Variable '${name}' must be of type ${spec.type} (got ${typeOf(value)})`,
      {
        param: `variables.${name}`,
      },
    );
  }
  if (spec.type === 'json') return JSON.stringify(value);
  return typeof value === 'string' ? value : String(value);
}

/** Write-time check of declarations: defaults must have the declared type. */
export function assertVariableSpecs(specs: Record<string, VariableSpec>): void {
  for (const [name, spec] of Object.entries(specs)) {
    if (spec.default !== undefined && !valueMatches(spec.type, spec.default)) {
      throw new KeelError(
        'invalid_request',
        `Default of variable '${name}' must be of type ${spec.type} (got ${typeOf(spec.default)})`,
        { param: `variables.${name}.default` },
      );
    }
  }
}
