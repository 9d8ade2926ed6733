import type { MaskSession } from '../mask/index.ts';
import { safeJsonParse } from '../scanners/output/index.ts';

function restoreDeep(value: unknown, mask: MaskSession): unknown {
  if (typeof value === 'string') return mask.restore(value);
  if (Array.isArray(value)) return value.map((v) => restoreDeep(v, mask));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[mask.restore(k)] = restoreDeep(v, mask);
    return out;
  }
  return value;
}

/**
 * Puts masked values back into tool-call arguments. The arguments are JSON, so values are
 * restored inside the parsed document and re-serialised (a raw text replace could break the
 * JSON when a value contains a quote or backslash); unparseable arguments are restored as text.
 */
export function restoreArguments(args: string, mask: MaskSession): string {
  if (!args.includes('<')) return args;
  const parsed = safeJsonParse(args);
  if (!parsed.ok) return mask.restore(args);
  return JSON.stringify(restoreDeep(parsed.value, mask));
}
