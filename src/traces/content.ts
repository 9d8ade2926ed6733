/**
 * Inputs and outputs as stored: JSON text, redacted or dropped per policy, size-capped. A value
 * over the cap is replaced by a marker object holding a prefix, so the column is always valid JSON
 * and readers can tell a truncated value from a real one:
 *   {"keel.truncated":true,"originalLength":123456,"preview":"first N characters…"}
 */
export type ContentMode = 'none' | 'redacted' | 'full';

export interface ContentPolicy {
  mode: ContentMode;
  /** Largest stored text, in characters (UTF-16 code units) of the JSON text. */
  maxChars: number;
  /** Applied to every string inside the value in 'redacted' mode. */
  redact: (text: string) => string;
}

export const TRUNCATED_KEY = 'keel.truncated';

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;
// Runs of 7+ digits, optionally grouped by spaces, dots or dashes: phone, card, account numbers.
const NUMBER = /\+?\d(?:[ .-]?\d){6,}/g;

/** The default redactor (the guard module's PII scanner can replace it): emails and long numbers. */
export function maskBasicPii(text: string): string {
  return text.replace(EMAIL, '[EMAIL]').replace(NUMBER, '[NUMBER]');
}

function looksLikeJson(text: string): boolean {
  const first = text.trimStart()[0];
  return first === '{' || first === '[';
}

/** Strings that hold JSON (SDKs serialise input objects) are kept as that JSON, others quoted. */
function parseMaybeJson(text: string): unknown {
  if (!looksLikeJson(text) || text.length > 4 * 1024 * 1024) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const TOO_DEEP = '[keel: nested too deep to redact]';

/** Every string, keys included; what nests too deep to walk is dropped, never stored unmasked. */
function redactDeep(value: unknown, redact: (text: string) => string, depth = 0): unknown {
  if (typeof value === 'string') return redact(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 64) return TOO_DEEP;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, redact, depth + 1));
  const out: Record<string, unknown> = Object.create(null); // a key named __proto__ stays a key
  for (const [k, v] of Object.entries(value)) out[redact(k)] = redactDeep(v, redact, depth + 1);
  return out;
}

function stringify(value: unknown): string | null {
  try {
    return JSON.stringify(value) ?? null;
  } catch {
    return JSON.stringify('[unserialisable value]');
  }
}

/** Caps a JSON text at `maxChars`, replacing it by the truncation marker when longer. */
export function capJson(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  // The marker itself must fit: leave room for its keys and the escaping of the preview.
  let preview = text.slice(0, Math.max(0, Math.floor(maxChars / 2) - 80));
  const code = preview.charCodeAt(preview.length - 1);
  if (code >= 0xd800 && code <= 0xdbff) preview = preview.slice(0, -1);
  return JSON.stringify({ [TRUNCATED_KEY]: true, originalLength: text.length, preview });
}

/**
 * Stores a value per policy: null in 'none' mode or when absent. A string is taken as JSON when it
 * parses as an object/array (what SDKs send), else as a JSON string.
 */
export function contentText(value: unknown, policy: ContentPolicy): string | null {
  if (policy.mode === 'none' || value === undefined || value === null) return null;
  if (typeof value === 'string' && policy.mode === 'full') {
    const text = looksLikeJson(value) && parseMaybeJson(value) !== value ? value : JSON.stringify(value);
    return capJson(text, policy.maxChars);
  }
  const parsed = typeof value === 'string' ? parseMaybeJson(value) : value;
  const shaped = policy.mode === 'redacted' ? redactDeep(parsed, policy.redact) : parsed;
  const text = stringify(shaped);
  return text === null ? null : capJson(text, policy.maxChars);
}
