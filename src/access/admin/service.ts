import type { ChangeNotifier, SqlExecutor } from '../../spec/index.ts';
import type { AdminCaller } from '../rbac/index.ts';
import type { AuditSink } from '../types.ts';
import { field, parent, refusalAudit } from './refusal-audit.ts';
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

/** `org:…`, `key:…`: what a policy or budget request names as its scope. */
const scopeOf = (input: unknown) => `${field(input, 'scope') ?? 'scope'}:${field(input, 'scopeId') ?? '?'}`;

/**
 * The one service layer behind the admin API and the CLI: every method validates its input (zod),
 * checks the caller's role and scope (RBAC: invisible → 404, not allowed → 403), applies the
 * change, publishes cache invalidations and records the audit event. Every mutating method runs
 * through `mutation`, which names the event it would record so that a 403 is audited as
 * `<action>.denied` (refusal-audit.ts); reads are not.
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
  const mutation = refusalAudit(deps);
  return {
    me: (c: AdminCaller) => users.me(deps, c),
    listOrgs: (c: AdminCaller) => orgs.listOrgs(deps, c),
    createOrg: (c: AdminCaller, body: unknown) =>
      mutation(c, { action: 'org.create', target: 'orgs' }, () => orgs.createOrg(deps, c, body)),
    getOrg: (c: AdminCaller, id: Id) => orgs.getOrg(deps, c, id),
    updateOrg: (c: AdminCaller, id: Id, body: unknown) =>
      mutation(c, { action: 'org.update', target: `org:${id}` }, () => orgs.updateOrg(deps, c, id, body)),
    deleteOrg: (c: AdminCaller, id: Id) =>
      mutation(c, { action: 'org.delete', target: `org:${id}` }, () => orgs.deleteOrg(deps, c, id)),
    listTeams: (c: AdminCaller, query: unknown = {}) => orgs.listTeams(deps, c, query),
    createTeam: (c: AdminCaller, body: unknown) =>
      mutation(
        c,
        { action: 'team.create', target: parent('org', field(body, 'orgId') ?? c.orgId, 'teams') },
        () => orgs.createTeam(deps, c, body),
      ),
    getTeam: (c: AdminCaller, id: Id) => orgs.getTeam(deps, c, id),
    updateTeam: (c: AdminCaller, id: Id, body: unknown) =>
      mutation(c, { action: 'team.update', target: `team:${id}` }, () => orgs.updateTeam(deps, c, id, body)),
    deleteTeam: (c: AdminCaller, id: Id) =>
      mutation(c, { action: 'team.delete', target: `team:${id}` }, () => orgs.deleteTeam(deps, c, id)),
    listProjects: (c: AdminCaller, query: unknown = {}) => orgs.listProjects(deps, c, query),
    createProject: (c: AdminCaller, body: unknown) =>
      mutation(
        c,
        { action: 'project.create', target: parent('team', field(body, 'teamId'), 'projects') },
        () => orgs.createProject(deps, c, body),
      ),
    getProject: (c: AdminCaller, id: Id) => orgs.getProject(deps, c, id),
    updateProject: (c: AdminCaller, id: Id, body: unknown) =>
      mutation(c, { action: 'project.update', target: `project:${id}` }, () =>
        orgs.updateProject(deps, c, id, body),
      ),
    deleteProject: (c: AdminCaller, id: Id) =>
      mutation(c, { action: 'project.delete', target: `project:${id}` }, () =>
        orgs.deleteProject(deps, c, id),
      ),
    listKeys: (c: AdminCaller, query: unknown = {}) => keys.listKeys(deps, c, query),
    createKey: (c: AdminCaller, body: unknown) =>
      mutation(c, { action: 'key.create', target: parent('team', field(body, 'teamId'), 'keys') }, () =>
        keys.createKey(deps, c, body),
      ),
    getKey: (c: AdminCaller, id: Id) => keys.getKey(deps, c, id),
    revokeKey: (c: AdminCaller, id: Id) =>
      mutation(c, { action: 'key.revoke', target: `key:${id}` }, () => keys.revokeKey(deps, c, id)),
    effectivePolicy: (c: AdminCaller, id: Id) => keys.effectivePolicy(deps, c, id),
    listUsers: (c: AdminCaller, query: unknown = {}) => users.listUsers(deps, c, query),
    createUser: (c: AdminCaller, body: unknown) =>
      mutation(
        c,
        {
          action: 'user.create',
          target: parent(
            'team',
            field(body, 'teamId'),
            parent('org', field(body, 'orgId') ?? c.orgId, 'users'),
          ),
        },
        () => users.createUser(deps, c, body),
      ),
    getUser: (c: AdminCaller, id: Id) => users.getUser(deps, c, id),
    updateUser: (c: AdminCaller, id: Id, body: unknown) =>
      mutation(c, { action: 'user.update', target: `user:${id}` }, () =>
        users.updateUser(deps, c, { id, body }),
      ),
    deleteUser: (c: AdminCaller, id: Id) =>
      mutation(c, { action: 'user.delete', target: `user:${id}` }, () => users.deleteUser(deps, c, id)),
    listTokens: (c: AdminCaller, query: unknown = {}) => users.listTokens(deps, c, query),
    createToken: (c: AdminCaller, body: unknown) =>
      mutation(
        c,
        { action: 'token.create', target: parent('user', field(body, 'userId') ?? c.userId, 'tokens') },
        () => users.createToken(deps, c, body),
      ),
    revokeToken: (c: AdminCaller, id: Id) =>
      mutation(c, { action: 'token.revoke', target: `token:${id}` }, () => users.revokeToken(deps, c, id)),
    getPolicy: (c: AdminCaller, params: unknown) => policies.getPolicy(deps, c, params),
    putPolicy: (c: AdminCaller, params: unknown, body: unknown) =>
      mutation(c, { action: 'policy.update', target: `policy:${scopeOf(params)}` }, () =>
        policies.putPolicy(deps, c, { params, body }),
      ),
    deletePolicy: (c: AdminCaller, params: unknown) =>
      mutation(c, { action: 'policy.delete', target: `policy:${scopeOf(params)}` }, () =>
        policies.deletePolicy(deps, c, params),
      ),
    listBudgets: (c: AdminCaller, query: unknown = {}) => policies.listBudgets(deps, c, query),
    createBudget: (c: AdminCaller, body: unknown) =>
      mutation(c, { action: 'budget.create', target: scopeOf(body) }, () =>
        policies.createBudget(deps, c, body),
      ),
    getBudget: (c: AdminCaller, id: Id) => policies.getBudget(deps, c, id),
    updateBudget: (c: AdminCaller, id: Id, body: unknown) =>
      mutation(c, { action: 'budget.update', target: `budget:${id}` }, () =>
        policies.updateBudget(deps, c, { id, body }),
      ),
    deleteBudget: (c: AdminCaller, id: Id) =>
      mutation(c, { action: 'budget.delete', target: `budget:${id}` }, () =>
        policies.deleteBudget(deps, c, id),
      ),
    listCredentials: (c: AdminCaller) => credentials.listCredentials(deps, c),
    putCredential: (c: AdminCaller, name: string, body: unknown) =>
      mutation(c, { action: 'credential.put', target: `credential:${name}` }, () =>
        credentials.putCredential(deps, c, { name, body }),
      ),
    deleteCredential: (c: AdminCaller, name: string) =>
      mutation(c, { action: 'credential.delete', target: `credential:${name}` }, () =>
        credentials.deleteCredential(deps, c, name),
      ),
  };
}

export type AccessService = ReturnType<typeof createAccessService>;
