import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { KeelError } from '../../errors/index.ts';
import type { MasterKey } from './master-key.ts';

/** A value sealed with AES-256-GCM: what is stored (all base64 except the key id). */
export interface Sealed {
  keyId: string;
  /** 96-bit random nonce, fresh for every encryption. */
  nonce: string;
  /** Ciphertext followed by the 16-byte authentication tag. */
  ciphertext: string;
}

const TAG_BYTES = 16;
const NONCE_BYTES = 12;

/**
 * Encrypts `plaintext` under the master key. `aad` (additional authenticated data) binds the
 * ciphertext to its context, e.g. the credential's name: moved to another name it fails to open.
 */
export function seal(key: MasterKey, plaintext: string, aad: string): Sealed {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key.key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return { keyId: key.id, nonce: nonce.toString('base64'), ciphertext: body.toString('base64') };
}

/**
 * Decrypts a sealed value, or throws a KeelError saying why: the wrong key (key id differs), or an
 * authentication failure (ciphertext, nonce or AAD changed: tampered or moved). `what` names the
 * value in messages (never the value itself).
 */
export function open(key: MasterKey, sealed: Sealed, context: { aad: string; what: string }): string {
  if (sealed.keyId !== key.id) {
    throw new KeelError(
      'config_invalid',
      `${context.what} was encrypted under master key id ${sealed.keyId}, but the current key is ${key.id}`,
    );
  }
  const nonce = Buffer.from(sealed.nonce, 'base64');
  const body = Buffer.from(sealed.ciphertext, 'base64');
  if (nonce.length !== NONCE_BYTES || body.length < TAG_BYTES) {
    throw new KeelError(
      'internal_error',
      `${context.what} is damaged: its stored nonce or ciphertext is malformed`,
    );
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.key, nonce, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(context.aad, 'utf8'));
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    return Buffer.concat([
      decipher.update(body.subarray(0, body.length - TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    throw new KeelError(
      'internal_error',
      `${context.what} failed authentication and cannot be decrypted: its ciphertext was altered or moved from another name`,
    );
  }
}
