import { Counter } from 'prom-client';
import type { ModuleContext } from '../../gateway/module.ts';
import { type AdminAuthenticator, createAdminAuthenticator } from '../admin/admin-auth.ts';
import { KEY_TOPIC_PREFIX, SCOPE_TOPIC } from '../admin/service-deps.ts';
import type { AccessConfig } from '../config.ts';
import { KeyCache } from '../principals/key-cache.ts';
import { loadKeysByHash } from '../principals/principal-loader.ts';
import type { AuditSink } from '../types.ts';
import { createAuthHook } from './auth-hook.ts';
import { FailureBurstDetector } from './failure-burst.ts';
import { type AuthFailureReason, createKeyVerifier, type KeyCheck, type VerifyKey } from './key-verifier.ts';

export interface StartedAuth {
  authHook: ReturnType<typeof createAuthHook>;
  /** Virtual-key checks for model-facing routes outside the pipeline (same cache, metrics, bursts). */
  verifyKey: VerifyKey;
  /** Admin-token authentication, counting failures toward bursts. */
  authenticate: AdminAuthenticator;
  keyCache: KeyCache;
  close(): void;
}

/**
 * Everything authentication needs at run time: the key cache (kept fresh by change notices, a
 * background refresh at half the TTL, and the TTL itself), the auth hook, admin-token
 * authentication, failure metrics and failure-burst audit events.
 */
export function startAuth(
  ctx: ModuleContext,
  options: { config: () => AccessConfig; audit: AuditSink; bootstrapToken: string | undefined },
): StartedAuth {
  const start = options.config();
  const keyCache = new KeyCache({
    load: (hashes) => loadKeysByHash(ctx.store.sql, hashes),
    ...start.keyCache,
  });
  const refresh = () =>
    keyCache
      .refresh()
      .catch((error: unknown) => ctx.logger.warn({ err: String(error) }, 'key cache refresh failed'));
  const unsubscribe = ctx.notifier.subscribe((topic) => {
    if (topic.startsWith(KEY_TOPIC_PREFIX)) keyCache.invalidateKey(topic.slice(KEY_TOPIC_PREFIX.length));
    else if (topic === SCOPE_TOPIC) void refresh();
  });
  const timer = setInterval(refresh, Math.max(50, Math.floor(start.keyCache.ttlMs / 2)));
  timer.unref();

  const failures = new Counter({
    name: 'keel_auth_failures_total',
    help: 'Rejected credentials on model and admin endpoints, by reason',
    labelNames: ['surface', 'reason'],
    registers: [ctx.metrics],
  });
  const bursts = new FailureBurstDetector({
    ...start.failureBurst,
    onBurst: ({ ip, failures: count, windowMs }) =>
      void options.audit.record({
        actor: { kind: 'system', id: 'auth' },
        action: 'auth.failure_burst',
        target: `ip:${ip}`,
        meta: { ip, failures: count, windowMs },
      }),
  });
  const keyOptions = {
    cache: keyCache,
    requireKey: () => options.config().requireKey,
    onFailure: (check: KeyCheck, reason: AuthFailureReason) => {
      failures.inc({ surface: 'model', reason });
      bursts.failure(check.clientIp ?? 'unknown');
    },
  };
  const authHook = createAuthHook(keyOptions);
  const adminAuth = createAdminAuthenticator({
    sql: ctx.store.sql,
    bootstrapToken: options.bootstrapToken,
    onFailure: (reason) => failures.inc({ surface: 'admin', reason }),
  });
  if (options.bootstrapToken !== undefined && options.bootstrapToken.length < 20) {
    ctx.logger.warn('KEEL_ADMIN_TOKEN is shorter than 20 characters: use a long random value');
  }
  return {
    authHook,
    verifyKey: createKeyVerifier(keyOptions),
    keyCache,
    authenticate: async (headers, context) => {
      try {
        return await adminAuth(headers, context);
      } catch (error) {
        bursts.failure(context?.ip ?? 'unknown');
        throw error;
      }
    },
    close() {
      clearInterval(timer);
      unsubscribe();
    },
  };
}
