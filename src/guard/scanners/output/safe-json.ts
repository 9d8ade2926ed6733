/**
 * JSON parsing for untrusted model output and tool arguments with size and nesting caps checked
 * before parsing, so a megabyte of `[[[[…` is a clear "too deep" verdict rather than a stack
 * overflow somewhere downstream.
 */

export type SafeJsonResult =
  | { ok: true; value: unknown }
  | { ok: false; reason: 'too_large' | 'too_deep' | 'invalid_json' | 'empty' };

export interface SafeJsonOptions {
  /** Default 1 MiB (in UTF-16 code units). */
  maxChars?: number;
  /** Default 64. */
  maxDepth?: number;
}

/** Deepest bracket nesting outside strings; stops counting once past `limit`. */
export function jsonDepth(text: string, limit: number): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      depth++;
      if (depth > max) max = depth;
      if (max > limit) return max;
    } else if (c === 125 || c === 93) depth--;
  }
  return max;
}

export function safeJsonParse(text: string, options: SafeJsonOptions = {}): SafeJsonResult {
  const maxChars = options.maxChars ?? 1024 * 1024;
  const maxDepth = options.maxDepth ?? 64;
  if (text.trim().length === 0) return { ok: false, reason: 'empty' };
  if (text.length > maxChars) return { ok: false, reason: 'too_large' };
  if (jsonDepth(text, maxDepth) > maxDepth) return { ok: false, reason: 'too_deep' };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, reason: 'invalid_json' };
  }
}

/** Models often wrap JSON answers in a ```json fence; the content inside is what is validated. */
export function stripCodeFence(text: string): string {
  const m = /^\s*```(?:json|JSON)?\s*\n([\s\S]*?)\n?```\s*$/.exec(text);
  return m?.[1] ?? text;
}
