/**
 * Routing: picks a deployment for a public model (weighted, least-busy, latency, cost,
 * prefix-affinity), retries with backoff, falls back to other models, enforces timeouts and keeps a
 * circuit breaker per deployment. All runtime state is per process.
 */
export type { AffinityKeyOptions } from './affinity-key.ts';
export { affinityKeyFor } from './affinity-key.ts';
export { attemptLogOf } from './execution.ts';
export { Router } from './router.ts';
export type {
  AttemptFn,
  AttemptLogEntry,
  CircuitState,
  DeploymentSnapshot,
  RouteOutcome,
  RouteRequest,
  RouterEvent,
  RouterOptions,
  RouteTarget,
  TokenPrice,
} from './types.ts';
