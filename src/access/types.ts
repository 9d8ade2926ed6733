import type { Principal } from '../spec/index.ts';

/**
 * Contracts shared by the access sub-modules: principals & admin API (principals/, admin/),
 * enforcement (limits/, budgets/, spend/) and audit & credentials (audit/, crypto/).
 */

export type Role = 'owner' | 'admin' | 'developer' | 'viewer';
export type ScopeKind = 'org' | 'team' | 'project' | 'key';
export type BudgetPeriod = 'day' | 'week' | 'month' | 'total';

export interface RateLimitPolicy {
  scope: ScopeKind;
  scopeId: string;
  rpm?: number;
  tpm?: number;
  maxParallel?: number;
}

export interface BudgetPolicy {
  /** Stable id of the budget row. */
  id: string;
  scope: ScopeKind;
  scopeId: string;
  amountUsd: number;
  period: BudgetPeriod;
  /** Fractions (0.5, 0.8, 1) at which a soft alert fires once per period. */
  alertThresholds: number[];
  /** Webhook for soft alerts (optional; alerts are always recorded as events). */
  alertWebhook?: string;
}

/** Everything enforcement needs about a caller, merged over key → project → team → org. */
export interface EffectivePolicy {
  /** Public model names the caller may use; undefined = all. */
  allowedModels?: string[];
  /** Deployment regions the router may use; undefined = all. */
  allowedRegions?: string[];
  limits: RateLimitPolicy[];
  budgets: BudgetPolicy[];
}

/** The principal the auth hook puts on RequestContext for a virtual key. */
export interface AccessPrincipal extends Principal {
  kind: 'virtual_key';
  keyId: string;
  orgId: string;
  teamId: string;
  projectId: string;
  policy: EffectivePolicy;
}

/** Who did something, for the audit log. */
export interface Actor {
  kind: 'user' | 'admin_token' | 'virtual_key' | 'system' | 'cli';
  id: string;
  /** Team/org the actor belongs to, when known. */
  orgId?: string;
}

export interface AuditEvent {
  actor: Actor;
  /** Dotted verb, e.g. `key.create`, `key.revoke`, `budget.breach`, `auth.failure_burst`, `user.erase`. */
  action: string;
  /** What was acted on, e.g. `key:01J…`, `team:t_…`. */
  target: string;
  /** Snapshots for changes (secrets and hashes removed by the caller). */
  before?: unknown;
  after?: unknown;
  /** Extra context (ip, reason…). */
  meta?: Record<string, unknown>;
}

/** Where access (and other modules) record admin actions and security events. Never throws. */
export interface AuditSink {
  record(event: AuditEvent): Promise<void>;
}
