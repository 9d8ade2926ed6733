import { safeJsonParse, stripCodeFence } from '../../guard/index.ts';

/** Structural equality of JSON values (object key order does not matter). */
export function jsonEqual(a: unknown, b: unknown, depth = 0): boolean {
  if (a === b) return true;
  if (depth > 64 || typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => jsonEqual(item, b[i], depth + 1));
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = Object.keys(ra);
  if (keys.length !== Object.keys(rb).length) return false;
  return keys.every((k) => Object.hasOwn(rb, k) && jsonEqual(ra[k], rb[k], depth + 1));
}

export type ParsedJson = { ok: true; value: unknown } | { ok: false; why: string };

const WHY: Record<string, string> = {
  empty: 'the output is empty',
  too_large: 'the output is too large to parse',
  too_deep: 'the output nests too deeply',
  invalid_json: 'the output is not valid JSON',
};

/** Parses a whole output as JSON (size/depth capped), optionally inside a ```json fence. */
export function parseOutputJson(output: string, allowCodeFence: boolean): ParsedJson {
  const text = allowCodeFence ? stripCodeFence(output) : output;
  const parsed = safeJsonParse(text);
  return parsed.ok ? parsed : { ok: false, why: WHY[parsed.reason] ?? 'the output is not valid JSON' };
}

/**
 * Every JSON object or array embedded in free text, outermost first (for contains-json): a bracket
 * scan that respects strings, each candidate span then parsed. Bounded: at most `limit` spans.
 */
export function findJsonValues(text: string, limit = 20): unknown[] {
  const found: unknown[] = [];
  let i = 0;
  while (i < text.length && found.length < limit) {
    const c = text[i];
    if (c !== '{' && c !== '[') {
      i++;
      continue;
    }
    const end = matchingBracket(text, i);
    if (end > 0) {
      const parsed = safeJsonParse(text.slice(i, end + 1));
      if (parsed.ok) {
        found.push(parsed.value);
        i = end + 1;
        continue;
      }
    }
    i++;
  }
  return found;
}

function matchingBracket(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}
