export { createGatewayApp, type GatewayApp, type GatewayAppOptions } from './app.ts';
export type { GatewayDeps } from './deps.ts';
export { buildRuntime, retireProviders, type Runtime } from './runtime.ts';
