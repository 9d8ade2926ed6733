/**
 * Deterministic JSON: object keys sorted, no whitespace. Audit rows hash the exact text they store,
 * so the same snapshot must always serialise to the same bytes whatever order a caller built it in.
 * Values JSON cannot hold are normalised instead of throwing (an audit write must not fail on them):
 * bigint → decimal string, undefined/function/symbol properties dropped (null inside arrays),
 * non-finite numbers → null, Dates → ISO strings, cycles → "[circular]".
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(normalise(value, new WeakSet<object>()) ?? null);
}

function normalise(value: unknown, seen: WeakSet<object>): unknown {
  if (value === null) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'bigint':
      return value.toString();
    case 'object':
      return normaliseObject(value, seen);
    default:
      return undefined;
  }
}

function normaliseObject(value: object, seen: WeakSet<object>): unknown {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => normalise(item, seen) ?? null);
    if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const item = normalise((value as Record<string, unknown>)[key], seen);
      if (item !== undefined) out[key] = item;
    }
    return out;
  } finally {
    // Only ancestors count as cycles: the same object twice side by side is just repeated.
    seen.delete(value);
  }
}
