export { GENESIS_HASH, type HashedFields, rowHash } from './audit-hash.ts';
export { type AuditLogOptions, createAuditLog } from './audit-log.ts';
export { DEFAULT_AUDIT_LIMIT, MAX_AUDIT_LIMIT } from './audit-query.ts';
export {
  type AuditPermission,
  type AuditRoutesOptions,
  type AuditScope,
  registerAuditRoutes,
} from './audit-routes.ts';
export { MAX_SNAPSHOT_CHARS } from './audit-rows.ts';
export type {
  AuditEntry,
  AuditHead,
  AuditLog,
  AuditQuery,
  AuditStats,
  AuditVerifyResult,
} from './audit-types.ts';
export { canonicalJson } from './canonical-json.ts';
export { isSecretName, REDACTED, redactSecrets } from './redact.ts';
