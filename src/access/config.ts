import { z } from 'zod';
import { limitsConfigSchema, redisFailModeSchema } from './limits/config.ts';
import { spendConfigSchema } from './spend/config.ts';

/** How the auth hook caches virtual keys (the hot path must not touch the database). */
export const keyCacheConfigSchema = z.strictObject({
  /**
   * How long a cached key is trusted without a re-read (the safety net when a revocation notice
   * is lost). Capped at 5 s: revocation must hold on every replica within that.
   */
  ttlMs: z.number().int().min(100).max(5000).default(5000),
  /** How long an unknown key is remembered as unknown (brute-force attempts stay off the database). */
  negativeTtlMs: z.number().int().min(0).max(60_000).default(2000),
  /** Most keys kept; beyond it the least recently loaded are dropped. */
  maxEntries: z.number().int().min(100).max(10_000_000).default(100_000),
  /** Keys unused this long stop being refreshed in the background and are dropped. */
  idleMs: z.number().int().min(1000).max(86_400_000).default(600_000),
});

/** When repeated bad credentials from one client become a security event. */
export const failureBurstConfigSchema = z.strictObject({
  threshold: z.number().int().min(1).max(1_000_000).default(20),
  windowMs: z.number().int().min(1000).max(3_600_000).default(60_000),
});

/** Budget alert webhooks (src/access/budgets/webhook-guard.ts). */
export const webhooksConfigSchema = z.strictObject({
  /**
   * Let alert webhooks point at loopback, link-local and private addresses. Off by default: any
   * developer who may set a budget webhook could otherwise make Keel POST to internal services.
   */
  allowPrivate: z.boolean().default(false),
});

/** The `access:` section of keel.yaml (owned by the access module; strict so typos are errors). */
export const accessConfigSchema = z
  .strictObject({
    /**
     * Reject model requests without a virtual key. Off by default so the demo works with no setup;
     * when off, requests without a key run as an anonymous principal (tenant `default`), but a
     * presented `sk-keel-…` key that is invalid is still rejected.
     */
    requireKey: z.boolean().default(false),
    /**
     * The org (id or name) whose org-wide admin users see and may erase the anonymous tenant
     * `default` (keyless requests, trace ingest without a tenant credential). Unset: the only org
     * of a single-org instance; with several orgs, instance-wide tokens only.
     */
    anonymousTenantOrg: z.string().min(1).max(200).optional(),
    keyCache: keyCacheConfigSchema.default(keyCacheConfigSchema.parse({})),
    failureBurst: failureBurstConfigSchema.default(failureBurstConfigSchema.parse({})),
    // Enforcement (src/access/limits, budgets, spend).
    /** While Redis is down: `open` lets requests through (counted, logged), `closed` answers 503. */
    redisFailMode: redisFailModeSchema.default('open'),
    limits: limitsConfigSchema.default(limitsConfigSchema.parse({})),
    spend: spendConfigSchema.default(spendConfigSchema.parse({})),
    webhooks: webhooksConfigSchema.default(webhooksConfigSchema.parse({})),
  })
  .default({
    requireKey: false,
    keyCache: keyCacheConfigSchema.parse({}),
    failureBurst: failureBurstConfigSchema.parse({}),
    redisFailMode: 'open',
    limits: limitsConfigSchema.parse({}),
    spend: spendConfigSchema.parse({}),
    webhooks: webhooksConfigSchema.parse({}),
  });
export type AccessConfig = z.infer<typeof accessConfigSchema>;
