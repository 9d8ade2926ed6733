import { dict, type Obj } from './values.ts';

/**
 * A span's attributes while conventions are mapped: each getter returns the first of its keys that
 * holds a usable value and removes that key, so whatever no convention claimed is kept as metadata.
 */
export class Attrs {
  readonly #values: Obj;

  constructor(values: Obj) {
    this.#values = values;
  }

  has(key: string): boolean {
    return this.#values[key] !== undefined && this.#values[key] !== null;
  }

  /** The raw value of the first present key (removed). */
  take(...keys: string[]): unknown {
    for (const key of keys) {
      const value = this.#values[key];
      if (value === undefined || value === null) continue;
      delete this.#values[key];
      return value;
    }
    return undefined;
  }

  /** A non-empty string (numbers and booleans are stringified), capped at `max` characters. */
  str(keys: string | string[], max = 1024): string | null {
    for (const key of typeof keys === 'string' ? [keys] : keys) {
      const value = this.#values[key];
      if (typeof value === 'number' || typeof value === 'boolean') {
        delete this.#values[key];
        return String(value);
      }
      if (typeof value !== 'string' || value === '') continue;
      delete this.#values[key];
      return value.length > max ? value.slice(0, max) : value;
    }
    return null;
  }

  /** A finite, non-negative number (numeric strings accepted). */
  num(...keys: string[]): number | null {
    for (const key of keys) {
      const n = toNumber(this.#values[key]);
      if (n === null) continue;
      delete this.#values[key];
      return n;
    }
    return null;
  }

  /** Every remaining key under `prefix.` (removed), keyed by the rest of the name. */
  prefixed(prefix: string): Obj | null {
    let out: Obj | null = null;
    const head = `${prefix}.`;
    for (const key of Object.keys(this.#values)) {
      if (!key.startsWith(head)) continue;
      out ??= dict();
      out[key.slice(head.length)] = this.#values[key];
      delete this.#values[key];
    }
    return out;
  }

  /** Keys matching `pattern` (removed) with their capture groups, for indexed attributes. */
  matching(pattern: RegExp): Array<{ match: RegExpExecArray; value: unknown }> {
    const out: Array<{ match: RegExpExecArray; value: unknown }> = [];
    for (const key of Object.keys(this.#values)) {
      const match = pattern.exec(key);
      if (!match) continue;
      out.push({ match, value: this.#values[key] });
      delete this.#values[key];
    }
    return out;
  }

  /** What no convention claimed. */
  rest(): Obj {
    return this.#values;
  }
}

export function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) && n >= 0 ? n : null;
  }
  return null;
}

/** A JSON object given as an object or as JSON text (Langfuse serialises details to strings). */
export function toObject(value: unknown): Obj | null {
  if (typeof value === 'string') {
    try {
      const parsed: unknown = JSON.parse(value);
      return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Obj) : null;
    } catch {
      return null;
    }
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Obj) : null;
}

/** Tags given as a string array, a JSON array text or a comma-separated string. */
export function toTags(value: unknown): string[] {
  let list: unknown = value;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (trimmed.startsWith('[')) {
      try {
        list = JSON.parse(trimmed);
      } catch {
        list = [];
      }
    } else list = trimmed.split(',');
  }
  if (!Array.isArray(list)) return [];
  const tags = list
    .filter((t): t is string => typeof t === 'string')
    .map((t) => t.trim().slice(0, 256))
    .filter((t) => t !== '');
  return [...new Set(tags)].slice(0, 100);
}
