export { type AdminAuthenticator, type AdminAuthOptions, createAdminAuthenticator } from './admin-auth.ts';
export { buildOpenApi } from './openapi.ts';
export { ADMIN_ROUTES, type AdminRoute, type RouteInput } from './route-table.ts';
export { type AdminRoutesOptions, registerAdminRoutes } from './routes.ts';
export * as adminSchemas from './schemas.ts';
export { type AccessService, type AccessServiceOptions, createAccessService } from './service.ts';
export { type AdminCredentialStore, KEY_TOPIC_PREFIX, SCOPE_TOPIC } from './service-deps.ts';
export { parseInput } from './validate.ts';
