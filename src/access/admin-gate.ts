import type { FastifyRequest } from 'fastify';
import { KeelError } from '../errors/index.ts';
import type { AdminAuthenticator } from './admin/admin-auth.ts';
import type { KeyCheck, KeyHeaders, VerifyKey } from './auth/key-verifier.ts';
import type { AdminCaller } from './rbac/rbac.ts';
import type { AccessPrincipal, Actor, AuditEvent, AuditSink, Role } from './types.ts';

/**
 * Lets other modules (prompts, traces, evals, guard) protect their admin routes with the access
 * module's admin tokens and RBAC, their model-facing routes with its virtual keys, and write to its
 * audit log, without importing its internals. `keel serve` creates one gate, hands it to
 * `accessModule({ gate })`, which attaches its authenticators and audit log when it starts, and
 * builds the other modules' callbacks from it.
 */
export interface AdminGate {
  authenticate(request: FastifyRequest): Promise<AdminCaller>;
  /**
   * The virtual key on a model-facing route (guard scan, trace ingest…), from the access module's
   * in-memory key cache: its principal (tenant = the key's project), or null for an anonymous
   * caller. Throws 401 for an invalid/revoked/expired key or an admin token, and — unless
   * `check.required` says otherwise — when `access.requireKey` is on and no key was sent. Without
   * an access module there are no keys: every caller is anonymous (null).
   */
  authenticateKey(headers: KeyHeaders, check?: KeyCheck): Promise<AccessPrincipal | null>;
  /** Forwards to the access module's audit log once attached; never throws. */
  readonly audit: AuditSink;
  attach(parts: {
    authenticate: AdminAuthenticator;
    audit: AuditSink;
    verifyKey?: VerifyKey;
    tenantsOf?: TenantsOf;
  }): void;
  /** Tenants (project ids) an admin caller may see; undefined = every tenant (instance-wide callers). */
  tenantsOf(caller: AdminCaller): Promise<string[] | undefined>;
}

/** Project ids of the caller's organisation (and team, for team-scoped users). */
export type TenantsOf = (scope: { orgId: string; teamId?: string | undefined }) => Promise<string[]>;

export function createAdminGate(): AdminGate {
  let authenticator: AdminAuthenticator | undefined;
  let verifyKey: VerifyKey | undefined;
  let sink: AuditSink | undefined;
  let tenantsOf: TenantsOf | undefined;
  return {
    async tenantsOf(caller) {
      if (caller.orgId === undefined) return undefined;
      // Fail closed: without the access module's lookup, a scoped caller sees nothing.
      return tenantsOf ? tenantsOf({ orgId: caller.orgId, teamId: caller.teamId }) : [];
    },
    async authenticate(request) {
      if (!authenticator) throw new KeelError('unauthorized', 'Admin authentication is not available');
      return authenticator(request.headers, { ip: request.ip });
    },
    async authenticateKey(headers, check) {
      return verifyKey ? verifyKey(headers, check) : null;
    },
    audit: {
      async record(event: AuditEvent) {
        await sink?.record(event);
      },
    },
    attach(parts) {
      authenticator = parts.authenticate;
      verifyKey = parts.verifyKey;
      sink = parts.audit;
      tenantsOf = parts.tenantsOf;
    },
  };
}

const WRITERS: ReadonlySet<Role> = new Set(['owner', 'admin', 'developer']);

/**
 * An authorize callback for module routes: every authenticated role may read; owners, admins and
 * developers may write. Returns the audit actor. Team scoping of module data (prompts are shared
 * per instance) is not modelled yet.
 */
export function roleAuthorizer(gate: AdminGate) {
  return async (request: FastifyRequest, action: string): Promise<Actor> => {
    const caller = await gate.authenticate(request);
    const isRead = /(^|[:.])(read|list|get)$/.test(action);
    if (!isRead && !WRITERS.has(caller.role)) {
      throw new KeelError('forbidden', `Role '${caller.role}' may not ${action}`);
    }
    return caller.actor;
  };
}

/** Spend reads for the enforcement module's routes: every role, pinned to the caller's org/team. */
export function spendScopeAuthorizer(gate: AdminGate) {
  return async (request: FastifyRequest): Promise<{ orgId?: string; teamId?: string }> => {
    const caller = await gate.authenticate(request);
    return {
      ...(caller.orgId === undefined ? {} : { orgId: caller.orgId }),
      ...(caller.teamId === undefined ? {} : { teamId: caller.teamId }),
    };
  };
}

/**
 * Trace ingest's `resolveTenant`: traces sent with a virtual key land in its tenant (the key's
 * project). Without a Keel key this answers null, so ingest falls back to its own credentials
 * (OTLP tokens, Langfuse keys) even when `requireKey` is on; a bad `sk-keel-…` key is still a 401.
 */
export function keyTenantResolver(gate: AdminGate) {
  return async (headers: KeyHeaders): Promise<string | null> =>
    (await gate.authenticateKey(headers, { required: false }))?.tenant ?? null;
}

/** Model-facing module routes (guard scan and quarantine): the auth hook's key rules, before any work. */
export function keyAuthenticator(gate: AdminGate) {
  return (request: FastifyRequest): Promise<AccessPrincipal | null> =>
    gate.authenticateKey(request.headers, { clientIp: request.ip });
}

const ERASERS: ReadonlySet<Role> = new Set(['owner', 'admin']);

/**
 * Authorization for the observability routes: every role may read, developers and up may write
 * (alert rules), owners and admins may erase a user's data; callers see only their org's tenants.
 */
export function tracesAuthorizer(gate: AdminGate) {
  return async (request: FastifyRequest, action: string): Promise<{ tenants?: string[]; actor: Actor }> => {
    const caller = await gate.authenticate(request);
    if (action === 'erase' && !ERASERS.has(caller.role)) {
      throw new KeelError('forbidden', `Role '${caller.role}' may not erase user data`);
    }
    if (action === 'write' && !WRITERS.has(caller.role)) {
      throw new KeelError('forbidden', `Role '${caller.role}' may not change alert rules`);
    }
    const tenants = await gate.tenantsOf(caller);
    return { ...(tenants ? { tenants } : {}), actor: caller.actor };
  };
}
