import { KeelError } from '../../errors/index.ts';
import { ANONYMOUS_TENANT } from '../../spec/hooks.ts';
import type { GatewayHook, Principal, RequestContext } from '../../spec/index.ts';
import type { KeyCache } from '../principals/key-cache.ts';
import type { AccessPrincipal } from '../types.ts';
import { type AuthFailureReason, createKeyVerifier, type KeyCheck } from './key-verifier.ts';

export type { AuthFailureReason } from './key-verifier.ts';

/** Who runs a request when no key is required and none is sent. */
export const ANONYMOUS_PRINCIPAL: Readonly<Principal> = Object.freeze({
  id: 'anonymous',
  kind: 'anonymous',
  tenant: ANONYMOUS_TENANT,
});

export interface AuthHookOptions {
  cache: KeyCache;
  /** Read per request so a config reload applies at once. */
  requireKey(): boolean;
  /** Every rejected credential (metrics, failure-burst detection); gets the request context. Must not throw. */
  onFailure?(ctx: KeyCheck, reason: AuthFailureReason): void;
  now?: () => number;
}

/**
 * The first gateway hook: turns the presented virtual key into `ctx.principal` (tenant = the key's
 * project), `ctx.allowedRegions` and `ctx.allowedModels` (for the router's fallbacks), and refuses
 * models the key may not use. A cached key costs a SHA-256 and a Map lookup — no await, no store
 * round trip. Key checks (and their 401s) are the shared key verifier's; this hook adds the model
 * allow-list and the anonymous principal.
 */
export function createAuthHook(options: AuthHookOptions): GatewayHook {
  const verify = createKeyVerifier(options);
  const admit = (ctx: RequestContext, principal: AccessPrincipal | null): void => {
    if (principal === null) {
      ctx.principal = ANONYMOUS_PRINCIPAL as Principal;
      return;
    }
    const { allowedModels, allowedRegions } = principal.policy;
    const model = ctx.request.model;
    if (allowedModels !== undefined && !allowedModels.includes(model)) {
      throw new KeelError('forbidden', `Model '${model.slice(0, 256)}' is not allowed for this key`, {
        param: 'model',
      });
    }
    ctx.principal = principal;
    if (allowedRegions !== undefined) ctx.allowedRegions = allowedRegions;
    // The router's fallbacks are configured per model, not per key: it skips the ones not listed.
    if (allowedModels !== undefined) ctx.allowedModels = allowedModels;
  };
  return {
    name: 'auth',
    beforeRequest(ctx) {
      // The context doubles as the key check (its clientIp; `required` unset → access.requireKey).
      const verified = verify(ctx.headers, ctx);
      if (verified instanceof Promise) return verified.then((principal) => admit(ctx, principal));
      admit(ctx, verified);
    },
  };
}
