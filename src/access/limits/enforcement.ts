import type { KeelConfig } from '../../config/index.ts';
import type { KeelModule, ModuleContext, ModuleInstance } from '../../gateway/index.ts';
import type { CounterStore, GatewayHook } from '../../spec/index.ts';
import {
  createSpendHook,
  registerSpendRoutes,
  type SpendAuthorize,
  SpendWriter,
  settledSpendSource,
  startRollupJob,
} from '../spend/index.ts';
import type { AuditSink } from '../types.ts';
import { createLimitsHook, type LimitsHook } from './limits-hook.ts';
import { MemoryCounterStore } from './memory-counter-store.ts';
import { RedisCounterStore } from './redis-counter-store.ts';

export interface EnforcementOptions {
  /** Where budget breaches and threshold alerts are recorded. */
  audit: AuditSink;
  /** Registers GET /api/spend… when given (the admin API's auth decides who sees what). */
  authorize?: SpendAuthorize;
  /** Clock for budget periods (tests). */
  now?: () => number;
}

export interface Enforcement extends ModuleInstance {
  hooks: GatewayHook[];
  limits: LimitsHook;
  counters: CounterStore;
  spend: SpendWriter;
}

/**
 * Rate limits, budget reservations and spend attribution, wired from the module context: Redis
 * counters in cluster mode (ctx.redisUrl), in-memory counters otherwise — both reload settled
 * spend from the spend tables, so budgets survive restarts. Contributes the `limits` and `spend`
 * hooks (run them after the auth hook), the spend rollup job, and optionally the spend routes.
 * Counter backend, key prefix and spend batching are fixed at start; fail mode, default max
 * tokens and reservation margin follow config reloads.
 */
export async function startEnforcement(
  ctx: ModuleContext,
  options: EnforcementOptions,
): Promise<Enforcement> {
  let access = ctx.config.access;
  ctx.onConfig((next: KeelConfig) => {
    access = next.access;
  });
  const { limits, spend } = access;
  const settled = settledSpendSource(ctx.store.sql);
  const counters: CounterStore = ctx.redisUrl
    ? new RedisCounterStore({
        url: ctx.redisUrl,
        prefix: limits.redisKeyPrefix,
        commandTimeoutMs: limits.redisCommandTimeoutMs,
        settled,
        logger: ctx.logger,
      })
    : new MemoryCounterStore({ settled });
  const writer = new SpendWriter(ctx.store.sql, {
    batchSize: spend.batchSize,
    flushIntervalMs: spend.flushIntervalMs,
    queueSize: spend.queueSize,
    logger: ctx.logger,
  });
  const rollup = startRollupJob(ctx.store.sql, { intervalMs: spend.rollupIntervalMs, logger: ctx.logger });
  const limitsHook = createLimitsHook({
    counters,
    runtime: ctx.runtime,
    audit: options.audit,
    logger: ctx.logger,
    metrics: ctx.metrics,
    settings: () => ({
      failMode: access.redisFailMode,
      defaultMaxOutputTokens: access.limits.defaultMaxOutputTokens,
      reservationMarginMs: access.limits.reservationMarginMs,
      allowPrivateWebhooks: access.webhooks.allowPrivate,
    }),
    ...(options.now ? { now: options.now } : {}),
  });
  const { authorize } = options;
  const instance: Enforcement = {
    hooks: [limitsHook, createSpendHook({ writer })],
    limits: limitsHook,
    counters,
    spend: writer,
    async close() {
      await limitsHook.drain();
      await writer.close();
      await rollup.stop();
      await counters.close();
    },
  };
  if (authorize) instance.routes = (app) => registerSpendRoutes(app, { sql: ctx.store.sql, authorize });
  return instance;
}

/** Enforcement as a stand-alone module (for wiring it next to the principals module, tests, benchmarks). */
export function enforcementModule(options: EnforcementOptions): KeelModule {
  return { name: 'access-enforcement', start: (ctx) => startEnforcement(ctx, options) };
}
