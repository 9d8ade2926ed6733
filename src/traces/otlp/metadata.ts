import { TRUNCATED_KEY } from '../content.ts';

/**
 * Span metadata as JSON object text under `maxChars`. Null entries are left out. When too big, the
 * largest parts are replaced by a marker (`{"keel.truncated": true, "keys": N}`) in this order:
 * leftover attributes, events, caller metadata — the mapped columns never depend on them.
 */
const DROP_ORDER = ['attributes', 'events', 'metadata', 'modelParameters'];

export function boundedMetadata(parts: Record<string, unknown>, maxChars: number): string {
  const clean: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parts)) {
    if (value === null || value === undefined) continue;
    if (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0) continue;
    clean[key] = value;
  }
  let text = safeStringify(clean);
  for (const key of DROP_ORDER) {
    if (text.length <= maxChars) return text;
    const value = clean[key];
    if (value === undefined) continue;
    const size = typeof value === 'object' && value !== null ? Object.keys(value).length : 1;
    clean[key] = { [TRUNCATED_KEY]: true, keys: size };
    text = safeStringify(clean);
  }
  return text.length <= maxChars ? text : JSON.stringify({ [TRUNCATED_KEY]: true });
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '{}';
  } catch {
    return JSON.stringify({ [TRUNCATED_KEY]: true });
  }
}
