import { KeelError } from '../../errors/index.ts';
import type { GatewayHook, Principal, RequestContext } from '../../spec/index.ts';
import type { KeyCache } from '../principals/key-cache.ts';
import type { LoadedKey } from '../principals/principal-loader.ts';
import { ADMIN_TOKEN_PREFIX, hashSecret, KEY_PREFIX } from '../principals/secrets.ts';
import { presentedCredential } from './credentials.ts';

/** Who runs a request when no key is required and none is sent. */
export const ANONYMOUS_PRINCIPAL: Readonly<Principal> = Object.freeze({
  id: 'anonymous',
  kind: 'anonymous',
  tenant: 'default',
});

export type AuthFailureReason = 'missing' | 'invalid' | 'revoked' | 'expired' | 'admin_token';

export interface AuthHookOptions {
  cache: KeyCache;
  /** Read per request so a config reload applies at once. */
  requireKey(): boolean;
  /** Every rejected credential (metrics, failure-burst detection). Must not throw. */
  onFailure?(ctx: RequestContext, reason: AuthFailureReason): void;
  now?: () => number;
}

const MESSAGES: Record<AuthFailureReason, string> = {
  missing: 'Missing API key: send Authorization: Bearer sk-keel-… (or x-api-key)',
  invalid: 'Invalid API key',
  revoked: 'API key has been revoked',
  expired: 'API key has expired',
  admin_token: 'Admin tokens cannot call model endpoints; use a virtual key',
};

/**
 * The first gateway hook: turns the presented virtual key into `ctx.principal` (tenant = the key's
 * project) and `ctx.allowedRegions`, and refuses models the key may not use. A cached key costs a
 * SHA-256 and a Map lookup — no await, no store round trip. Messages never echo the key.
 *
 * Without `requireKey`, a request with no Keel credential runs as the anonymous principal, but a
 * presented `sk-keel-…` credential must be valid: a typo'd key is an error, not a silent downgrade.
 */
export function createAuthHook(options: AuthHookOptions): GatewayHook {
  const now = options.now ?? Date.now;
  const reject = (ctx: RequestContext, reason: AuthFailureReason): KeelError => {
    options.onFailure?.(ctx, reason);
    return new KeelError('unauthorized', MESSAGES[reason]);
  };

  const admit = (ctx: RequestContext, loaded: LoadedKey | null): void => {
    if (loaded === null) throw reject(ctx, 'invalid');
    if (loaded.revokedAt !== null) throw reject(ctx, 'revoked');
    if (loaded.expiresAt !== null && loaded.expiresAt <= now()) throw reject(ctx, 'expired');
    const { principal } = loaded;
    const { allowedModels, allowedRegions } = principal.policy;
    const model = ctx.request.model;
    if (allowedModels !== undefined && !allowedModels.includes(model)) {
      throw new KeelError('forbidden', `Model '${model.slice(0, 256)}' is not allowed for this key`, {
        param: 'model',
      });
    }
    ctx.principal = principal;
    if (allowedRegions !== undefined) ctx.allowedRegions = allowedRegions;
  };

  return {
    name: 'auth',
    beforeRequest(ctx) {
      const secret = presentedCredential(ctx.headers);
      if (secret === undefined || !secret.startsWith(KEY_PREFIX)) {
        if (options.requireKey()) throw reject(ctx, secret === undefined ? 'missing' : 'invalid');
        ctx.principal = ANONYMOUS_PRINCIPAL as Principal;
        return;
      }
      if (secret.startsWith(ADMIN_TOKEN_PREFIX)) throw reject(ctx, 'admin_token');
      const hash = hashSecret(secret);
      const hit = options.cache.peek(hash);
      if (hit !== undefined) return admit(ctx, hit);
      return options.cache.load(hash).then(
        (loaded) => admit(ctx, loaded),
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
    },
  };
}
