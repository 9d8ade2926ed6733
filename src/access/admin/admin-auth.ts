import { KeelError } from '../../errors/index.ts';
import type { SqlExecutor } from '../../spec/index.ts';
import { presentedCredential } from '../auth/credentials.ts';
import { hashSecret, isAdminToken, isVirtualKey, sameHash } from '../principals/secrets.ts';
import { findTokenByHash } from '../principals/user-repo.ts';
import type { AdminCaller } from '../rbac/index.ts';

export interface AdminAuthOptions {
  sql: SqlExecutor;
  /** `KEEL_ADMIN_TOKEN`: an instance owner token accepted as-is, for first setup. */
  bootstrapToken?: string | undefined;
  now?: () => number;
  /** Called on every failed attempt (failure-burst detection). */
  onFailure?(reason: string): void;
}

export type AdminAuthenticator = (
  headers: Readonly<Record<string, string | string[] | undefined>>,
  context?: { ip?: string },
) => Promise<AdminCaller>;

const MISSING = 'Missing admin token: send Authorization: Bearer sk-keel-admin-…';

/**
 * Authenticates an admin API call by its admin token. Virtual keys are refused outright (they are
 * for model calls only). Tokens are looked up by hash on every call — the admin API is not a hot
 * path, and a revoked token must stop at once. Messages never echo what was sent.
 */
export function createAdminAuthenticator(options: AdminAuthOptions): AdminAuthenticator {
  const now = options.now ?? Date.now;
  const bootstrapHash = options.bootstrapToken ? hashSecret(options.bootstrapToken) : undefined;
  const fail = (reason: string, message: string): never => {
    options.onFailure?.(reason);
    throw new KeelError('unauthorized', message);
  };
  return async (headers, context = {}) => {
    const secret = presentedCredential(headers);
    if (secret === undefined) return fail('missing', MISSING);
    const hash = hashSecret(secret);
    const meta = context.ip === undefined ? {} : { ip: context.ip };
    if (bootstrapHash !== undefined && sameHash(hash, bootstrapHash)) {
      return {
        actor: { kind: 'admin_token', id: 'bootstrap' },
        role: 'owner',
        meta: { ...meta, via: 'KEEL_ADMIN_TOKEN' },
      };
    }
    if (isVirtualKey(secret))
      return fail('virtual_key', 'Virtual keys cannot call the admin API; use an admin token');
    if (!isAdminToken(secret)) return fail('invalid', 'Invalid admin token');
    const found = await findTokenByHash(options.sql, hash);
    if (!found || found.token.revokedAt !== null) return fail('invalid', 'Invalid admin token');
    if (found.token.expiresAt !== null && found.token.expiresAt <= now())
      return fail('expired', 'Admin token has expired');
    const { user, token } = found;
    return {
      actor: { kind: 'user', id: user.id, orgId: user.orgId },
      role: user.role,
      orgId: user.orgId,
      teamId: user.teamId ?? undefined,
      userId: user.id,
      meta: { ...meta, tokenId: token.id, email: user.email },
    };
  };
}
