import { hash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Virtual keys (model calls) and admin tokens (admin API) share a family prefix but never a shape. */
export const KEY_PREFIX = 'sk-keel-';
export const ADMIN_TOKEN_PREFIX = 'sk-keel-admin-';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** 43 characters of a 62-letter alphabet ≈ 256 bits. */
const SECRET_LENGTH = 43;
/** Characters kept for display (`sk-keel-AbCd…`): enough to tell keys apart, far too few to guess. */
const DISPLAY_CHARS = 6;

/**
 * Random body without `-` or `_`, so a virtual key can never start with `admin-` and be mistaken
 * for an admin token. Rejection sampling keeps every letter equally likely.
 */
function randomBody(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += ALPHABET[byte % 62];
    }
  }
  return out;
}

export interface NewSecret {
  /** Shown once to whoever created it, then gone. */
  secret: string;
  /** SHA-256 hex; what the database keeps. */
  hash: string;
  /** Non-secret display form, e.g. `sk-keel-AbCdEf…`. */
  prefix: string;
}

export function newSecret(kind: 'key' | 'admin'): NewSecret {
  const head = kind === 'key' ? KEY_PREFIX : ADMIN_TOKEN_PREFIX;
  const secret = head + randomBody(SECRET_LENGTH);
  return { secret, hash: hashSecret(secret), prefix: displayPrefix(secret) };
}

/**
 * SHA-256 is enough (no salt, no slow hash): the secrets are 256-bit random, so there is nothing to
 * brute-force, and a fast hash keeps the per-request cost in microseconds.
 */
export function hashSecret(secret: string): string {
  return hash('sha256', secret, 'hex');
}

export function displayPrefix(secret: string): string {
  const head = secret.startsWith(ADMIN_TOKEN_PREFIX) ? ADMIN_TOKEN_PREFIX : KEY_PREFIX;
  return `${secret.slice(0, head.length + DISPLAY_CHARS)}…`;
}

export const isAdminToken = (value: string): boolean => value.startsWith(ADMIN_TOKEN_PREFIX);
export const isVirtualKey = (value: string): boolean => value.startsWith(KEY_PREFIX) && !isAdminToken(value);

/** Constant-time comparison of two hex hashes (the bootstrap token check). */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}
