import { z } from 'zod';

const days = z.number().int().min(0).max(36_500);

/** `traces.retention` in keel.yaml. */
export const retentionSchema = z
  .strictObject({
    /** Days traces (spans, tags, scores) are kept; 0 keeps them forever. */
    defaultDays: days.default(0),
    /** Per-tenant (project) overrides, e.g. `{ acme: 7, audit-heavy: 365 }`; 0 = forever. */
    perTenant: z.record(z.string().min(1).max(256), days).default({}),
    /** Gateway request records (`requests`) follow the same retention. */
    requests: z.boolean().default(true),
    /** How often the retention job runs (first run one minute after start). */
    intervalMs: z.number().int().min(1000).max(86_400_000).default(3_600_000),
    /** Traces deleted per transaction (keeps each write lock short). */
    batchSize: z.number().int().min(10).max(100_000).default(2000),
    /** A run stops after this long and continues on the next one. */
    maxRunMs: z.number().int().min(100).max(3_600_000).default(60_000),
  })
  .prefault({});
export type RetentionConfig = z.infer<typeof retentionSchema>;

export function retentionDays(config: RetentionConfig, tenant: string): number {
  return config.perTenant[tenant] ?? config.defaultDays;
}
