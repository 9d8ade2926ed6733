export {
  type AdminCaller,
  authorize,
  authorizeIn,
  canSee,
  forbidden,
  notFound,
  outranks,
  type Resource,
  type ResourceScope,
  requireRole,
  roleAllows,
  type Verb,
} from './rbac.ts';
