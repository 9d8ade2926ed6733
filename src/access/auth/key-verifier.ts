import { KeelError } from '../../errors/index.ts';
import type { KeyCache } from '../principals/key-cache.ts';
import type { LoadedKey } from '../principals/principal-loader.ts';
import { ADMIN_TOKEN_PREFIX, hashSecret, KEY_PREFIX } from '../principals/secrets.ts';
import type { AccessPrincipal } from '../types.ts';
import { presentedCredential } from './credentials.ts';

export type AuthFailureReason = 'missing' | 'invalid' | 'revoked' | 'expired' | 'admin_token';

export type KeyHeaders = Readonly<Record<string, string | string[] | undefined>>;

/** Per-call details of a key check. The gateway passes its RequestContext, which fits this shape. */
export interface KeyCheck {
  /** The caller's address, for failure-burst detection. */
  readonly clientIp?: string | undefined;
  /**
   * Whether a request without a Keel key is refused; default `access.requireKey`. Trace ingest
   * passes false: it has credentials of its own (OTLP tokens, Langfuse keys) to fall back on.
   */
  readonly required?: boolean | undefined;
}

/**
 * The presented virtual key's principal, or null for an anonymous caller (no Keel key sent and
 * none required). Throws 401 for an invalid, revoked or expired key, an admin token, or a missing
 * key when one is required; 503 when the key cannot be checked. A cached key is answered
 * synchronously (no promise), so the auth hook keeps its microsecond hot path.
 */
export type VerifyKey = (
  headers: KeyHeaders,
  check?: KeyCheck,
) => AccessPrincipal | null | Promise<AccessPrincipal | null>;

export interface KeyVerifierOptions {
  cache: KeyCache;
  /** Read per call so a config reload applies at once. */
  requireKey(): boolean;
  /** Every rejected credential (metrics, failure-burst detection). Must not throw. */
  onFailure?(check: KeyCheck, reason: AuthFailureReason): void;
  now?: () => number;
}

const MESSAGES: Record<AuthFailureReason, string> = {
  missing: 'Missing API key: send Authorization: Bearer sk-keel-… (or x-api-key)',
  invalid: 'Invalid API key',
  revoked: 'API key has been revoked',
  expired: 'API key has expired',
  admin_token: 'Admin tokens cannot call model endpoints; use a virtual key',
};

const DEFAULT_CHECK: KeyCheck = Object.freeze({});

/**
 * Virtual-key verification shared by the auth hook (model requests) and the gate that other
 * modules' model-facing routes use (/v1/models, guard scan, trace ingest). Messages never echo the
 * key. Without `requireKey`, a request with no Keel credential is anonymous, but a presented
 * `sk-keel-…` credential must be valid: a typo'd key is an error, not a silent downgrade.
 */
export function createKeyVerifier(options: KeyVerifierOptions): VerifyKey {
  const now = options.now ?? Date.now;
  const reject = (check: KeyCheck, reason: AuthFailureReason): KeelError => {
    options.onFailure?.(check, reason);
    return new KeelError('unauthorized', MESSAGES[reason]);
  };
  const admit = (check: KeyCheck, loaded: LoadedKey | null): AccessPrincipal => {
    if (loaded === null) throw reject(check, 'invalid');
    if (loaded.revokedAt !== null) throw reject(check, 'revoked');
    if (loaded.expiresAt !== null && loaded.expiresAt <= now()) throw reject(check, 'expired');
    return loaded.principal;
  };
  return (headers, check = DEFAULT_CHECK) => {
    const secret = presentedCredential(headers);
    if (secret === undefined || !secret.startsWith(KEY_PREFIX)) {
      if (check.required ?? options.requireKey()) {
        throw reject(check, secret === undefined ? 'missing' : 'invalid');
      }
      return null;
    }
    if (secret.startsWith(ADMIN_TOKEN_PREFIX)) throw reject(check, 'admin_token');
    const hash = hashSecret(secret);
    const hit = options.cache.peek(hash);
    if (hit !== undefined) return admit(check, hit);
    return options.cache.load(hash).then(
      (loaded) => admit(check, loaded),
      (error: unknown) => {
        // Fail closed: a key that cannot be checked may have been revoked.
        throw new KeelError(
          'store_unavailable',
          'Cannot check the API key right now: the store is unreachable',
          {
            cause: error,
          },
        );
      },
    );
  };
}
