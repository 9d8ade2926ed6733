export { createGatewayApp, type GatewayApp, type GatewayAppOptions } from './app.ts';
export type { GatewayDeps } from './deps.ts';
export type { KeelModule, ModelsCaller, ModuleContext, ModuleInstance } from './module.ts';
export { type Dialect, errorBody, normaliseError, sendError } from './render-error.ts';
export { parseBody } from './request-schemas.ts';
export { buildRuntime, type Runtime, retireProviders } from './runtime.ts';
export { type RunningKeel, type StartOptions, startKeel } from './start.ts';
