import type { FastifyRequest } from 'fastify';
import { KeelError } from '../errors/index.ts';
import type { AdminAuthenticator } from './admin/admin-auth.ts';
import type { AdminCaller } from './rbac/rbac.ts';
import type { Actor, AuditEvent, AuditSink, Role } from './types.ts';

/**
 * Lets other modules (prompts, traces, evals) protect their admin routes with the access module's
 * admin tokens and RBAC, and write to its audit log, without importing its internals. `keel serve`
 * creates one gate, hands it to `accessModule({ gate })`, which attaches its authenticator and audit
 * log when it starts, and builds the other modules' `authorize` callbacks from it.
 */
export interface AdminGate {
  authenticate(request: FastifyRequest): Promise<AdminCaller>;
  /** Forwards to the access module's audit log once attached; never throws. */
  readonly audit: AuditSink;
  attach(parts: { authenticate: AdminAuthenticator; audit: AuditSink }): void;
}

export function createAdminGate(): AdminGate {
  let authenticator: AdminAuthenticator | undefined;
  let sink: AuditSink | undefined;
  return {
    async authenticate(request) {
      if (!authenticator) throw new KeelError('unauthorized', 'Admin authentication is not available');
      return authenticator(request.headers, { ip: request.ip });
    },
    audit: {
      async record(event: AuditEvent) {
        await sink?.record(event);
      },
    },
    attach(parts) {
      authenticator = parts.authenticate;
      sink = parts.audit;
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
