import { z } from 'zod';

/** `access.spend`: how spend records are written and rolled up (all off the request path). */
export const spendConfigSchema = z.strictObject({
  /** Rows per INSERT. */
  batchSize: z.number().int().min(1).max(5000).default(500),
  /** How often queued rows are written, ms. */
  flushIntervalMs: z.number().int().min(10).max(60_000).default(1000),
  /** Rows held in memory while the database is slow or down; beyond it rows are dropped and counted. */
  queueSize: z.number().int().min(100).max(10_000_000).default(100_000),
  /** How often raw rows are rolled up into daily aggregates, ms (0 = never in this process). */
  rollupIntervalMs: z.number().int().min(0).max(3_600_000).default(30_000),
});
export type SpendConfig = z.infer<typeof spendConfigSchema>;
