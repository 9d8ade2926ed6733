/**
 * Access and cost governance: principals and virtual keys, the admin API (RBAC, OpenAPI), auth,
 * enforcement (limits, budgets, spend), the audit log and provider credentials.
 */

export {
  type AccessService,
  type AccessServiceOptions,
  ADMIN_ROUTES,
  type AdminCredentialStore,
  buildOpenApi,
  createAccessService,
  createAdminAuthenticator,
  registerAdminRoutes,
} from './admin/index.ts';
export {
  type AdminGate,
  createAdminGate,
  keyAuthenticator,
  keyTenantResolver,
  roleAuthorizer,
  spendScopeAuthorizer,
  tracesAuthorizer,
} from './admin-gate.ts';
export { createAuditLog, registerAuditRoutes } from './audit/index.ts';
export {
  ANONYMOUS_PRINCIPAL,
  createAuthHook,
  createKeyVerifier,
  type KeyCheck,
  presentedCredential,
  type VerifyKey,
} from './auth/index.ts';
export { type AccessConfig, accessConfigSchema } from './config.ts';
export {
  createCredentialStore,
  masterKeyFromEnv,
  openProviderCredentials,
  rotateMasterKey,
} from './crypto/index.ts';
export { createLimitsHook, type Enforcement, enforcementModule, startEnforcement } from './limits/index.ts';
export { type AccessInstance, type AccessModuleOptions, accessModule } from './module.ts';
export {
  type AdminToken,
  type AdminUser,
  type Budget,
  hashSecret,
  KeyCache,
  loadKeysByHash,
  mergePolicy,
  type Org,
  type Policy,
  type Project,
  type Team,
  type VirtualKey,
} from './principals/index.ts';
export { type AdminCaller, roleAllows } from './rbac/index.ts';
export type * from './types.ts';
