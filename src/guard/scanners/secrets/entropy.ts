/** Shannon entropy in bits per character. */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<number, number>();
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let h = 0;
  for (const n of counts.values()) {
    const p = n / value.length;
    h -= p * Math.log2(p);
  }
  return h;
}

const HEX = /^[0-9a-fA-F]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type TokenKind = 'hex' | 'base64';

export interface EntropyVerdict {
  kind: TokenKind;
  entropy: number;
}

/**
 * Judges one candidate token. `assigned` means it is the value of a `key: value` / `key = value`
 * pair or alone on its line — the shape config files and pasted keys have — where shorter values
 * count (detect-secrets' model); in running text only long, mixed-class runs count, so words,
 * identifiers, UUIDs and commit hashes pass.
 */
export function judgeToken(token: string, assigned: boolean): EntropyVerdict | undefined {
  if (UUID.test(token)) return undefined;
  const core = token.replace(/=+$/, '');
  if (HEX.test(core)) {
    if (!/\d/.test(core) || !/[a-f]/i.test(core)) return undefined;
    // Free-standing hex runs are far more often digests and commit ids than credentials.
    if (!assigned || core.length < 10) return undefined;
    const entropy = shannonEntropy(core);
    return entropy >= 3 ? { kind: 'hex', entropy } : undefined;
  }
  if (!/^[A-Za-z0-9+/_-]+$/.test(core)) return undefined;
  const classes = Number(/[a-z]/.test(core)) + Number(/[A-Z]/.test(core)) + Number(/\d/.test(core));
  const entropy = shannonEntropy(core);
  if (assigned) {
    if (core.length < 16) return undefined;
    return entropy >= 3.5 && (classes >= 2 || core.length >= 24) ? { kind: 'base64', entropy } : undefined;
  }
  if (core.length < 20 || classes < 3) return undefined;
  // Random base64 of length n has entropy close to log2(n); English identifiers sit well below.
  const floor = Math.min(4.3, Math.log2(core.length) - 0.6);
  return entropy >= floor ? { kind: 'base64', entropy } : undefined;
}
