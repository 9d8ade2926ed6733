import { z } from 'zod';

/** `traces.export` in keel.yaml. */
export const exportSchema = z
  .strictObject({
    /** Forward every accepted span to another OTLP/HTTP (JSON) endpoint. */
    otlp: z
      .strictObject({
        /** e.g. `https://collector:4318/v1/traces`. */
        url: z.url({ protocol: /^https?$/ }),
        /** e.g. `{ authorization: 'Bearer …' }`; never logged. */
        headers: z.record(z.string().min(1).max(256), z.string().max(4096)).default({}),
        batchSize: z.number().int().min(1).max(10_000).default(500),
        flushIntervalMs: z.number().int().min(10).max(60_000).default(1000),
        /** Spans held while the endpoint is slow or down; beyond it new spans are dropped (counted). */
        maxBufferSpans: z.number().int().min(1).max(1_000_000).default(10_000),
        timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
        /** Longest wait between retries of a failing batch. */
        maxBackoffMs: z.number().int().min(100).max(600_000).default(30_000),
      })
      .optional(),
  })
  .prefault({});
export type ExportConfig = z.infer<typeof exportSchema>;
export type OtlpExportConfig = NonNullable<ExportConfig['otlp']>;
