/**
 * Defensive secret removal for audit snapshots. Callers are expected to strip secrets and hashes
 * themselves; this catches what slips through: any property whose name ends like a secret (`key`,
 * `apiKey`, `secret`, `token`, `password`, `authorization`, …) and string values that look like
 * bearer credentials (`sk-…`, `Bearer …`). Names such as `keyId`, `maxTokens` or `tokenLimit` are
 * kept: they describe a secret, they are not one.
 */

export const REDACTED = '[redacted]';

const SECRET_NAME_ENDINGS = [
  'key',
  'secret',
  'token',
  'password',
  'passwd',
  'passphrase',
  'authorization',
  'cookie',
  'credential',
  'plaintext',
];

const SECRET_VALUE = /^(?:sk-[A-Za-z0-9_-]{8,}|Bearer\s+\S{8,}|Basic\s+[A-Za-z0-9+/=]{8,})/;

/** True when a property of this name would hold a secret (`api_key`, `X-Api-Key`, `clientSecret`). */
export function isSecretName(name: string): boolean {
  const normalised = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  return SECRET_NAME_ENDINGS.some((ending) => normalised.endsWith(ending));
}

/** A deep copy of `value` with secret-looking fields and values replaced by `[redacted]`. */
export function redactSecrets(value: unknown): unknown {
  return walk(value, new WeakSet<object>());
}

function walk(value: unknown, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return SECRET_VALUE.test(value) ? REDACTED : value;
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date || value instanceof Uint8Array) return value;
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => walk(item, seen));
    const out: Record<string, unknown> = {};
    for (const [name, item] of Object.entries(value)) {
      out[name] = isSecretName(name) && item !== null && item !== undefined ? REDACTED : walk(item, seen);
    }
    return out;
  } finally {
    seen.delete(value);
  }
}
