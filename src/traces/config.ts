import { z } from 'zod';
import { alertingSchema, alertRuleSchema } from './alerts/rule.ts';
import { exportSchema } from './export/config.ts';
import { retentionSchema } from './retention/config.ts';

/** A secret in config: inline, or `{ env: NAME }` read from the environment at start. */
const secretRef = z.union([
  z.string().min(1),
  z.strictObject({
    env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name'),
  }),
]);
export type TracesSecretRef = z.infer<typeof secretRef>;

const tenantName = z.string().min(1).max(256);
const contentMode = z.enum(['none', 'redacted', 'full']);

/** The `traces:` section of keel.yaml (owned by the traces module; strict so typos are errors). */
export const tracesConfigSchema = z
  .strictObject({
    /** Inputs/outputs of gateway requests: not stored, redacted (PII masked) or stored as sent. */
    captureContent: contentMode.default('none'),
    /** Inputs/outputs arriving over OTLP / Langfuse ingest (the app chose to send them). */
    ingestContent: contentMode.default('full'),
    /** Largest stored input/output, in characters; longer values keep a marked prefix. */
    maxContentChars: z
      .number()
      .int()
      .min(256)
      .max(10_000_000)
      .default(64 * 1024),
    /** Largest stored metadata object (JSON characters) per span; beyond it keys are dropped. */
    maxMetadataChars: z
      .number()
      .int()
      .min(256)
      .max(10_000_000)
      .default(16 * 1024),
    /** Items (spans, trace declarations, scores) in memory before ingest answers 429. */
    queueSize: z.number().int().min(1).max(10_000_000).default(100_000),
    /** Approximate bytes in memory before ingest answers 429. */
    queueBytes: z
      .number()
      .int()
      .min(1024 * 1024)
      .max(16 * 1024 * 1024 * 1024)
      .default(256 * 1024 * 1024),
    batchSize: z.number().int().min(1).max(50_000).default(2000),
    flushIntervalMs: z.number().int().min(1).max(60_000).default(200),
    /** Shutdown waits this long for the store before spooling the rest to `spoolDir`. */
    closeTimeoutMs: z.number().int().min(0).max(600_000).default(10_000),
    /** Shutdown spool directory ('' disables: unwritable items are then lost and logged). */
    spoolDir: z.string().default('.keel/spool'),
    /** Largest accepted ingest body as sent (compressed). */
    maxBodyBytes: z
      .number()
      .int()
      .min(1024)
      .max(1024 * 1024 * 1024)
      .default(10 * 1024 * 1024),
    /** Largest body after decompression (gzip bombs stop here). */
    maxDecompressedBytes: z
      .number()
      .int()
      .min(1024)
      .max(4 * 1024 * 1024 * 1024)
      .default(64 * 1024 * 1024),
    /**
     * Langfuse key pairs accepted on /api/public/* (Basic auth `publicKey:secretKey`), each mapped
     * to a tenant (default 'default'). None configured: any pair is accepted (embedded mode) and a
     * warning is logged once.
     */
    langfuseKeys: z
      .array(
        z.strictObject({ publicKey: z.string().min(1), secretKey: secretRef, tenant: tenantName.optional() }),
      )
      .default([]),
    /**
     * Bearer tokens accepted on POST /v1/traces, each mapped to a tenant. None configured: OTLP
     * ingest is open and lands in tenant 'default' (a Langfuse key pair is accepted there too).
     */
    otlpTokens: z.array(z.strictObject({ token: secretRef, tenant: tenantName.optional() })).default([]),
    // Query/alerts/retention/export settings (src/traces/{alerts,retention,export}, docs/observability.md).
    alerts: z.array(alertRuleSchema).default([]),
    alerting: alertingSchema,
    retention: retentionSchema,
    export: exportSchema,
  })
  .default({
    captureContent: 'none',
    ingestContent: 'full',
    maxContentChars: 64 * 1024,
    maxMetadataChars: 16 * 1024,
    queueSize: 100_000,
    queueBytes: 256 * 1024 * 1024,
    batchSize: 2000,
    flushIntervalMs: 200,
    closeTimeoutMs: 10_000,
    spoolDir: '.keel/spool',
    maxBodyBytes: 10 * 1024 * 1024,
    maxDecompressedBytes: 64 * 1024 * 1024,
    langfuseKeys: [],
    otlpTokens: [],
    alerts: [],
    alerting: alertingSchema.parse({}),
    retention: retentionSchema.parse({}),
    export: exportSchema.parse({}),
  });
export type TracesConfig = z.infer<typeof tracesConfigSchema>;
