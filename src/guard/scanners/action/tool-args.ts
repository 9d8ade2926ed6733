import type { ScanInput } from '../../../spec/scanner.ts';
import { type SafeJsonResult, safeJsonParse } from '../output/safe-json.ts';

/** Caps for walking model-proposed arguments: deep or huge arguments get a verdict, not a crash. */
export const ARG_LIMITS = { maxChars: 256 * 1024, maxDepth: 32, maxStrings: 2000 } as const;

export interface ArgString {
  /** Path of the value, e.g. `query` or `files/0/path`; keys are scanned too (path ends in `#key`). */
  path: string;
  value: string;
}

export function parseToolArgs(input: ScanInput): SafeJsonResult | undefined {
  if (input.kind !== 'tool_call') return undefined;
  const raw = input.call.function.arguments;
  // An empty argument string is how providers send "no arguments".
  if (raw.trim() === '') return { ok: true, value: {} };
  return safeJsonParse(raw, { maxChars: ARG_LIMITS.maxChars, maxDepth: ARG_LIMITS.maxDepth });
}

/** Every string (and object key) in the arguments, depth-first, up to the caps. */
export function collectStrings(value: unknown, limit: number = ARG_LIMITS.maxStrings): ArgString[] {
  const out: ArgString[] = [];
  const stack: Array<{ path: string; value: unknown; depth: number }> = [{ path: '', value, depth: 0 }];
  while (stack.length > 0 && out.length < limit) {
    const item = stack.pop() as { path: string; value: unknown; depth: number };
    if (item.depth > ARG_LIMITS.maxDepth) continue;
    if (typeof item.value === 'string') out.push({ path: item.path, value: item.value });
    else if (Array.isArray(item.value)) {
      item.value.forEach((v, i) => {
        stack.push({ path: `${item.path}/${i}`, value: v, depth: item.depth + 1 });
      });
    } else if (typeof item.value === 'object' && item.value !== null) {
      for (const [k, v] of Object.entries(item.value)) {
        const path = item.path ? `${item.path}/${k}` : k;
        out.push({ path: `${path}#key`, value: k });
        stack.push({ path, value: v, depth: item.depth + 1 });
      }
    }
  }
  return out;
}
