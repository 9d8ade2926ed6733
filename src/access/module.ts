import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { KeelModule, ModuleContext, ModuleInstance } from '../gateway/module.ts';
import { ANONYMOUS_TENANT } from '../spec/hooks.ts';
import type { AdminAuthenticator } from './admin/admin-auth.ts';
import { registerAdminRoutes } from './admin/routes.ts';
import { type AccessService, createAccessService } from './admin/service.ts';
import type { AdminCredentialStore } from './admin/service-deps.ts';
import type { AdminGate } from './admin-gate.ts';
import { ownsAnonymousTenant } from './anonymous-tenant.ts';
import {
  type AuditLog,
  type AuditPermission,
  type AuditScope,
  createAuditLog,
  registerAuditRoutes,
} from './audit/index.ts';
import { startAuth } from './auth/start-auth.ts';
import { createCredentialStore, masterKeyFromEnv, openProviderCredentials } from './crypto/index.ts';
import { type Enforcement, startEnforcement } from './limits/index.ts';
import type { KeyCache } from './principals/key-cache.ts';
import { forbidden } from './rbac/index.ts';
import type { SpendScope } from './spend/spend-routes.ts';
import type { AuditSink } from './types.ts';

export interface AccessModuleOptions {
  /** Where admin changes and security events go; default: the hash-chained audit log in the store. */
  audit?: AuditSink;
  /**
   * Provider credential storage for `/api/credentials`. Pass the instance `keel serve` opened (so
   * providers see changes at once); default: a store opened here with KEEL_MASTER_KEY.
   */
  credentials?: AdminCredentialStore;
  /** Bootstrap owner token; default env KEEL_ADMIN_TOKEN. */
  bootstrapToken?: string;
  /**
   * Rate limits, budgets and spend (src/access/limits): their `limits` and `spend` hooks run right
   * after auth, and GET /api/spend is served. Default true; false leaves auth and the admin API only.
   */
  enforcement?: boolean;
  /** Shares admin authentication and the audit log with other modules' routes. */
  gate?: AdminGate;
}

/** What the started module exposes beyond ModuleInstance (tests, composition). */
export interface AccessInstance extends ModuleInstance {
  service: AccessService;
  keyCache: KeyCache;
  audit: AuditSink;
  /** Limits, budgets and spend, when enabled. */
  enforcement?: Enforcement;
}

/**
 * The access module: the virtual-key auth hook (first in the pipeline), then enforcement (limits,
 * spend), the admin API under /api with its OpenAPI document, audit and spend routes. Keys are
 * served from memory; revocations and policy changes reach every replica through the change
 * notifier, with the cache TTL as a safety net.
 */
export function accessModule(options: AccessModuleOptions = {}): KeelModule {
  let opened: AdminCredentialStore | undefined;
  return {
    name: 'access',
    // Before providers are built: decrypt stored provider credentials (a wrong KEEL_MASTER_KEY
    // fails start-up here) and install the resolver that `apiKey: { credential: NAME }` uses. The
    // same instance then serves /api/credentials, so changes reach this process's resolver.
    async prepare({ store, logger }) {
      if (options.credentials) return;
      const audit = options.audit ?? createAuditLog(store, { logger });
      opened = await openProviderCredentials(store, { logger, audit });
    },
    start: (ctx) =>
      startAccess(ctx, opened ? { ...options, credentials: options.credentials ?? opened } : options),
  };
}

async function startAccess(ctx: ModuleContext, options: AccessModuleOptions): Promise<AccessInstance> {
  let config = ctx.config.access;
  ctx.onConfig((next) => {
    config = next.access;
  });
  const auditLog: AuditLog | undefined = options.audit
    ? undefined
    : createAuditLog(ctx.store, { logger: ctx.logger, metrics: ctx.metrics });
  const audit: AuditSink = options.audit ?? (auditLog as AuditLog);
  const credentials =
    options.credentials ?? (await createCredentialStore(ctx.store, { masterKey: masterKeyFromEnv(), audit }));
  const service = createAccessService({
    sql: ctx.store.sql,
    audit,
    notifier: ctx.notifier,
    credentials,
    allowPrivateWebhooks: () => config.webhooks.allowPrivate,
  });
  const auth = startAuth(ctx, {
    config: () => config,
    audit,
    bootstrapToken: options.bootstrapToken ?? process.env.KEEL_ADMIN_TOKEN,
  });
  options.gate?.attach({
    authenticate: auth.authenticate,
    audit,
    verifyKey: auth.verifyKey,
    tenantsOf: async ({ orgId, teamId }) => {
      const rows = await ctx.store.sql.query<{ id: string }>(
        teamId === undefined
          ? 'SELECT id FROM access_projects WHERE org_id = ?'
          : 'SELECT id FROM access_projects WHERE org_id = ? AND team_id = ?',
        teamId === undefined ? [orgId] : [orgId, teamId],
      );
      const tenants = rows.map((row) => row.id);
      // Team-scoped users see their projects only; keyless traffic belongs to no team.
      if (
        teamId === undefined &&
        (await ownsAnonymousTenant(ctx.store.sql, orgId, config.anonymousTenantOrg))
      ) {
        tenants.push(ANONYMOUS_TENANT);
      }
      return tenants;
    },
  });
  const enforcement =
    options.enforcement === false
      ? undefined
      : await startEnforcement(ctx, { audit, authorize: spendAuthorizer(auth.authenticate) });
  return {
    service,
    keyCache: auth.keyCache,
    audit,
    ...(enforcement ? { enforcement } : {}),
    // Pipeline order: who is calling (auth), then what they may spend (limits, spend).
    hooks: [auth.authHook, ...(enforcement?.hooks ?? [])],
    // GET /v1/models: the same key rules as model requests; a key lists only its allowed models.
    async listModelsFor(caller) {
      return (await auth.verifyKey(caller.headers, { clientIp: caller.ip }))?.policy.allowedModels;
    },
    routes(app: FastifyInstance) {
      registerAdminRoutes(app, { service, authenticate: auth.authenticate });
      if (auditLog)
        registerAuditRoutes(app, { audit: auditLog, authorize: auditAuthorizer(auth.authenticate) });
      enforcement?.routes?.(app);
    },
    async close() {
      auth.close();
      await enforcement?.close?.();
    },
  };
}

/**
 * Audit reads: owners and admins with organisation-wide scope (the log spans every team), confined
 * to their organisation's events. Verifying the chain reads every row of every organisation, so it
 * is for instance-wide callers only (the bootstrap token; `keel audit verify` on the database).
 */
function auditAuthorizer(authenticate: AdminAuthenticator) {
  return async (request: FastifyRequest, permission: AuditPermission): Promise<AuditScope> => {
    const caller = await authenticate(request.headers, { ip: request.ip });
    if (caller.role !== 'owner' && caller.role !== 'admin') {
      throw forbidden(`Role '${caller.role}' may not read the audit log`);
    }
    if (caller.teamId !== undefined) throw forbidden('The audit log is readable at organisation level only');
    if (caller.orgId === undefined) return {};
    if (permission === 'audit.verify') {
      throw forbidden(
        "Verifying the audit chain reads every organisation's events: use an instance-wide token or 'keel audit verify'",
      );
    }
    return { orgId: caller.orgId };
  };
}

/** Spend reads: every role, pinned to what the caller sees (their organisation, their team). */
function spendAuthorizer(authenticate: AdminAuthenticator) {
  return async (request: FastifyRequest): Promise<SpendScope> => {
    const caller = await authenticate(request.headers, { ip: request.ip });
    return {
      ...(caller.orgId === undefined ? {} : { orgId: caller.orgId }),
      ...(caller.teamId === undefined ? {} : { teamId: caller.teamId }),
    };
  };
}
