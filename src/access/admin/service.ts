import type { ChangeNotifier, SqlExecutor } from '../../spec/index.ts';
import type { AdminCaller } from '../rbac/index.ts';
import type { AuditSink } from '../types.ts';
import * as credentials from './service-credentials.ts';
import type { AdminCredentialStore, ServiceDeps } from './service-deps.ts';
import * as keys from './service-keys.ts';
import * as orgs from './service-orgs.ts';
import * as policies from './service-policies.ts';
import * as users from './service-users.ts';

export interface AccessServiceOptions {
  sql: SqlExecutor;
  audit: AuditSink;
  notifier?: ChangeNotifier | undefined;
  credentials?: AdminCredentialStore | undefined;
  now?: () => number;
  /** `access.webhooks.allowPrivate` (read per change): budget webhooks may point at private addresses. */
  allowPrivateWebhooks?: () => boolean;
}

type Id = string;

/**
 * The one service layer behind the admin API and the CLI: every method validates its input (zod),
 * checks the caller's role and scope (RBAC: invisible → 404, not allowed → 403), applies the
 * change, publishes cache invalidations and records the audit event.
 */
export function createAccessService(options: AccessServiceOptions) {
  const deps: ServiceDeps = {
    sql: options.sql,
    audit: options.audit,
    notifier: options.notifier,
    credentials: options.credentials,
    now: options.now ?? Date.now,
    allowPrivateWebhooks: options.allowPrivateWebhooks,
  };
  return {
    me: (c: AdminCaller) => users.me(deps, c),
    listOrgs: (c: AdminCaller) => orgs.listOrgs(deps, c),
    createOrg: (c: AdminCaller, body: unknown) => orgs.createOrg(deps, c, body),
    getOrg: (c: AdminCaller, id: Id) => orgs.getOrg(deps, c, id),
    updateOrg: (c: AdminCaller, id: Id, body: unknown) => orgs.updateOrg(deps, c, id, body),
    deleteOrg: (c: AdminCaller, id: Id) => orgs.deleteOrg(deps, c, id),
    listTeams: (c: AdminCaller, query: unknown = {}) => orgs.listTeams(deps, c, query),
    createTeam: (c: AdminCaller, body: unknown) => orgs.createTeam(deps, c, body),
    getTeam: (c: AdminCaller, id: Id) => orgs.getTeam(deps, c, id),
    updateTeam: (c: AdminCaller, id: Id, body: unknown) => orgs.updateTeam(deps, c, id, body),
    deleteTeam: (c: AdminCaller, id: Id) => orgs.deleteTeam(deps, c, id),
    listProjects: (c: AdminCaller, query: unknown = {}) => orgs.listProjects(deps, c, query),
    createProject: (c: AdminCaller, body: unknown) => orgs.createProject(deps, c, body),
    getProject: (c: AdminCaller, id: Id) => orgs.getProject(deps, c, id),
    updateProject: (c: AdminCaller, id: Id, body: unknown) => orgs.updateProject(deps, c, id, body),
    deleteProject: (c: AdminCaller, id: Id) => orgs.deleteProject(deps, c, id),
    listKeys: (c: AdminCaller, query: unknown = {}) => keys.listKeys(deps, c, query),
    createKey: (c: AdminCaller, body: unknown) => keys.createKey(deps, c, body),
    getKey: (c: AdminCaller, id: Id) => keys.getKey(deps, c, id),
    revokeKey: (c: AdminCaller, id: Id) => keys.revokeKey(deps, c, id),
    effectivePolicy: (c: AdminCaller, id: Id) => keys.effectivePolicy(deps, c, id),
    listUsers: (c: AdminCaller, query: unknown = {}) => users.listUsers(deps, c, query),
    createUser: (c: AdminCaller, body: unknown) => users.createUser(deps, c, body),
    getUser: (c: AdminCaller, id: Id) => users.getUser(deps, c, id),
    updateUser: (c: AdminCaller, id: Id, body: unknown) => users.updateUser(deps, c, { id, body }),
    deleteUser: (c: AdminCaller, id: Id) => users.deleteUser(deps, c, id),
    listTokens: (c: AdminCaller, query: unknown = {}) => users.listTokens(deps, c, query),
    createToken: (c: AdminCaller, body: unknown) => users.createToken(deps, c, body),
    revokeToken: (c: AdminCaller, id: Id) => users.revokeToken(deps, c, id),
    getPolicy: (c: AdminCaller, params: unknown) => policies.getPolicy(deps, c, params),
    putPolicy: (c: AdminCaller, params: unknown, body: unknown) =>
      policies.putPolicy(deps, c, { params, body }),
    deletePolicy: (c: AdminCaller, params: unknown) => policies.deletePolicy(deps, c, params),
    listBudgets: (c: AdminCaller, query: unknown = {}) => policies.listBudgets(deps, c, query),
    createBudget: (c: AdminCaller, body: unknown) => policies.createBudget(deps, c, body),
    getBudget: (c: AdminCaller, id: Id) => policies.getBudget(deps, c, id),
    updateBudget: (c: AdminCaller, id: Id, body: unknown) => policies.updateBudget(deps, c, { id, body }),
    deleteBudget: (c: AdminCaller, id: Id) => policies.deleteBudget(deps, c, id),
    listCredentials: (c: AdminCaller) => credentials.listCredentials(deps, c),
    putCredential: (c: AdminCaller, name: string, body: unknown) =>
      credentials.putCredential(deps, c, { name, body }),
    deleteCredential: (c: AdminCaller, name: string) => credentials.deleteCredential(deps, c, name),
  };
}

export type AccessService = ReturnType<typeof createAccessService>;
