import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every level and `undefined` members left out, so equal content
 * always serialises (and hashes) the same whatever order a file, an API body or a JSONB column
 * delivered its keys in. Stored hashes depend on these exact bytes (prompt content hashes, eval
 * item ids and config hashes), so the output must never change: keys are re-inserted in sorted
 * order into a plain object and JSON.stringify writes them, which puts integer-like keys first in
 * numeric order ("2" before "10"), as JavaScript objects always do, and a member named `__proto__`
 * is lost in that assignment. A top-level value JSON cannot hold (undefined, a function)
 * serialises as `null`.
 *
 * `keepProto: true` rebuilds objects without a prototype, so a `__proto__` member is kept as an
 * ordinary key (same bytes otherwise): for hashes that must tell such requests apart, like cache keys.
 *
 * Not for the audit log: its canonical form also normalises Dates, bigints, bytes and cycles
 * (see access/audit/canonical-json.ts), and its hash chain pins that form.
 */
export function canonicalJson(value: unknown, options: { keepProto?: boolean } = {}): string {
  return JSON.stringify(sortKeys(value, options.keepProto === true)) ?? 'null';
}

function sortKeys(value: unknown, keepProto: boolean): unknown {
  if (Array.isArray(value)) return value.map((v) => sortKeys(v, keepProto));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = keepProto ? Object.create(null) : {};
    for (const key of Object.keys(value).sort()) {
      const item = (value as Record<string, unknown>)[key];
      if (item !== undefined) out[key] = sortKeys(item, keepProto);
    }
    return out;
  }
  return value;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
