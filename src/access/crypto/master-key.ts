import { createHash } from 'node:crypto';
import { KeelError } from '../../errors/index.ts';

export const MASTER_KEY_ENV = 'KEEL_MASTER_KEY';

/** A parsed 256-bit master key and its public id (stored beside each ciphertext). */
export interface MasterKey {
  /** 16 hex chars derived from the key: says which key encrypted a value without revealing it. */
  readonly id: string;
  readonly key: Buffer;
}

const HEX = /^[0-9a-fA-F]{64}$/;
// 32 bytes are 43 base64 characters plus one '=' (padding optional; base64url accepted too).
const BASE64 = /^[A-Za-z0-9+/]{43}=?$/;
const BASE64URL = /^[A-Za-z0-9_-]{43}=?$/;

/**
 * Parses a master key given as 64 hex characters or base64/base64url of exactly 32 bytes. Anything
 * else (a passphrase, 16 bytes, stray characters) is rejected rather than stretched, so a typo can
 * never silently become a weak key. Messages never echo the value.
 */
export function parseMasterKey(text: string, source = MASTER_KEY_ENV): MasterKey {
  const value = text.trim();
  let key: Buffer | undefined;
  if (HEX.test(value)) key = Buffer.from(value, 'hex');
  else if (BASE64.test(value)) key = Buffer.from(value, 'base64');
  else if (BASE64URL.test(value)) key = Buffer.from(value, 'base64url');
  if (key?.length !== 32) {
    throw new KeelError(
      'config_invalid',
      `${source} must be a 256-bit key: 64 hex characters or 44 base64 characters (32 bytes); got ${value.length} character${value.length === 1 ? '' : 's'} that are neither. Generate one with: openssl rand -base64 32`,
    );
  }
  return { id: keyId(key), key };
}

/** The master key from the environment, or undefined when the variable is unset or empty. */
export function masterKeyFromEnv(
  env: Record<string, string | undefined> = process.env,
  name = MASTER_KEY_ENV,
): MasterKey | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : parseMasterKey(value, name);
}

function keyId(key: Buffer): string {
  return createHash('sha256').update('keel-master-key-id:v1:').update(key).digest('hex').slice(0, 16);
}
