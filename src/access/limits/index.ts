export { type LimitsConfig, limitsConfigSchema, type RedisFailMode, redisFailModeSchema } from './config.ts';
export {
  type Enforcement,
  type EnforcementOptions,
  enforcementModule,
  startEnforcement,
} from './enforcement.ts';
export {
  createLimitsHook,
  LIMITS_HOOK,
  type LimitsHook,
  type LimitsHookOptions,
  type LimitsHookSettings,
} from './limits-hook.ts';
export { type LimitsMetrics, limitsMetrics } from './limits-metrics.ts';
export { MemoryCounterStore, type MemoryCounterStoreOptions } from './memory-counter-store.ts';
export { accessPrincipalOf, type BudgetInPeriod, type LimitsPlan, planLimits } from './plan.ts';
export {
  DEFAULT_COUNTER_PREFIX,
  RedisCounterStore,
  type RedisCounterStoreOptions,
} from './redis-counter-store.ts';
export { fromNano, NANO_PER_USD, toNano } from './units.ts';
export {
  type ModelEnvelope,
  maxOutputTokens,
  modelEnvelope,
  promptTokens,
  worstCaseCostUsd,
} from './worst-case.ts';
