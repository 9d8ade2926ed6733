import { z } from 'zod';
import { accessConfigSchema } from '../access/config.ts';
import { evalsConfigSchema } from '../evals/config.ts';
import { guardSectionSchema } from '../guard/config.ts';
import { promptsConfigSchema } from '../prompts/config.ts';
import { tracesConfigSchema } from '../traces/config.ts';

/**
 * keel.yaml, validated with zod. Unknown keys are errors (strict objects) so a typo never silently
 * turns a feature off. Secrets are never required inline: `apiKey: { env: NAME }` or `${NAME}`.
 */

/**
 * Longest silence between two pieces of an upstream's body before the response is declared dead
 * (the attempt timeout ends at the headers, so it does not cover a stream that stalls later).
 */
const streamIdleMs = z.number().int().min(1000).max(3_600_000).default(300_000);

const secretRef = z.union([
  z.string().min(1),
  z.strictObject({
    env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name'),
  }),
  z.strictObject({
    credential: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'must be a credential name'),
  }),
]);
export type SecretRef = z.infer<typeof secretRef>;

/** Simulated upstream behaviour; shared by the in-process `sim` provider and `keel sim`. */
export const simOptionsSchema = z.strictObject({
  /** Fixed latency before the (non-streamed) answer or the first token, ms. */
  latencyMs: z.number().min(0).max(600_000).default(0),
  /** Time to first token for streams, ms (defaults to latencyMs). */
  ttftMs: z.number().min(0).max(600_000).optional(),
  /** Delay between streamed tokens, ms. */
  interTokenMs: z.number().min(0).max(60_000).default(0),
  /** Output length in tokens when the request does not cap it lower. */
  outputTokens: z.number().int().min(1).max(100_000).default(24),
  /** Share of requests that fail, 0..1 (deterministic per request seed when a seed is given). */
  errorRate: z.number().min(0).max(1).default(0),
  /** What a failure looks like. */
  errorStatus: z
    .union([z.literal(429), z.literal(500), z.literal(503), z.literal('timeout'), z.literal('disconnect')])
    .default(500),
  /** Retry-After seconds sent with 429s. */
  retryAfterSeconds: z.number().int().min(0).max(3600).default(1),
  /** Embedding dimension. */
  embeddingDim: z.number().int().min(1).max(8192).default(64),
  /** Context window in tokens; longer prompts fail with context_length_exceeded. */
  contextWindow: z.number().int().min(1).default(128_000),
});
export type SimOptions = z.infer<typeof simOptionsSchema>;

const headersSchema = z.record(z.string(), z.string()).default({});

export const providerSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('openai'),
    baseUrl: z.url().default('https://api.openai.com/v1'),
    apiKey: secretRef.optional(),
    headers: headersSchema,
    /** Upstream supports stream_options.include_usage (vLLM/Ollama/OpenAI do). */
    streamUsage: z.boolean().default(true),
    streamIdleMs,
  }),
  z.strictObject({
    type: z.literal('azure'),
    /** e.g. https://myres.openai.azure.com; deployments are addressed by upstream model name. */
    baseUrl: z.url(),
    apiVersion: z.string().min(1).default('2024-10-21'),
    apiKey: secretRef.optional(),
    headers: headersSchema,
    streamIdleMs,
  }),
  z.strictObject({
    type: z.literal('anthropic'),
    baseUrl: z.url().default('https://api.anthropic.com'),
    apiKey: secretRef.optional(),
    apiVersion: z.string().default('2023-06-01'),
    headers: headersSchema,
    /** max_tokens sent when the request sets none (Anthropic requires it). */
    defaultMaxTokens: z.number().int().min(1).default(4096),
    streamIdleMs,
  }),
  z.strictObject({
    type: z.literal('sim'),
    sim: simOptionsSchema.default(simOptionsSchema.parse({})),
  }),
]);
export type ProviderConfig = z.infer<typeof providerSchema>;

/** USD per 1M tokens in config (what humans read on price pages); converted to per-token on load. */
export const priceOverrideSchema = z.strictObject({
  inputPerMTok: z.number().min(0).max(100_000),
  outputPerMTok: z.number().min(0).max(100_000),
  cacheReadPerMTok: z.number().min(0).max(100_000).optional(),
  cacheWritePerMTok: z.number().min(0).max(100_000).optional(),
});

export const deploymentSchema = z.strictObject({
  /** Stable id for headers, metrics and records; defaults to `provider/model`. */
  id: z.string().min(1).max(200).optional(),
  provider: z.string().min(1),
  /** Upstream model name (Azure: deployment name). */
  model: z.string().min(1),
  weight: z.number().min(0).max(1_000_000).default(1),
  region: z.string().min(1).optional(),
  rpm: z.number().int().min(1).optional(),
  tpm: z.number().int().min(1).optional(),
  price: priceOverrideSchema.optional(),
});
export type DeploymentConfig = z.infer<typeof deploymentSchema>;

export const fallbackConditionSchema = z.enum([
  'rate_limit',
  'server_error',
  'timeout',
  'connection',
  'context_window',
  'content_filter',
  'circuit_open',
]);
export type FallbackCondition = z.infer<typeof fallbackConditionSchema>;

export const routingStrategySchema = z.enum(['weighted', 'least-busy', 'latency', 'cost', 'prefix-affinity']);
export type RoutingStrategy = z.infer<typeof routingStrategySchema>;

export const retrySchema = z.strictObject({
  /** Attempts after the first, across this model's deployments. */
  maxRetries: z.number().int().min(0).max(10).default(2),
  baseDelayMs: z.number().int().min(0).max(60_000).default(100),
  maxDelayMs: z.number().int().min(0).max(300_000).default(5_000),
  /** Honour upstream Retry-After up to this many ms; longer waits fail over instead. */
  maxRetryAfterMs: z.number().int().min(0).max(300_000).default(10_000),
});

export const timeoutSchema = z.strictObject({
  /** Per attempt, until response headers (non-stream: until the full body). */
  attemptMs: z.number().int().min(1).max(3_600_000).default(60_000),
  /** All attempts and fallbacks together. */
  totalMs: z.number().int().min(1).max(3_600_000).default(180_000),
});

export const circuitSchema = z.strictObject({
  failureThreshold: z.number().int().min(1).max(1000).default(5),
  /** How long the circuit stays open before one half-open probe is let through. */
  cooldownMs: z.number().int().min(1).max(3_600_000).default(30_000),
});

export const cacheSchema = z.strictObject({
  enabled: z.boolean().default(false),
  ttlSeconds: z
    .number()
    .int()
    .min(1)
    .max(30 * 86_400)
    .default(3600),
});

export const modelSchema = z.strictObject({
  deployments: z.array(deploymentSchema).min(1),
  routing: routingStrategySchema.default('weighted'),
  /** Other public model names tried in order when this model's deployments are exhausted. */
  fallbacks: z.array(z.string().min(1)).default([]),
  fallbackOn: z
    .array(fallbackConditionSchema)
    .default(['rate_limit', 'server_error', 'timeout', 'connection', 'circuit_open']),
  retries: retrySchema.default(retrySchema.parse({})),
  timeouts: timeoutSchema.default(timeoutSchema.parse({})),
  circuit: circuitSchema.default(circuitSchema.parse({})),
  cache: cacheSchema.default(cacheSchema.parse({})),
  /** Shown in GET /v1/models. */
  description: z.string().max(1000).optional(),
  /** Embedding model rather than chat. */
  kind: z.enum(['chat', 'embedding']).default('chat'),
});
export type ModelConfig = z.infer<typeof modelSchema>;

export const serverSchema = z.strictObject({
  host: z.string().default('127.0.0.1'),
  port: z.number().int().min(0).max(65_535).default(4141),
  /** Largest accepted request body. */
  bodyLimitBytes: z
    .number()
    .int()
    .min(1024)
    .max(100 * 1024 * 1024)
    .default(4 * 1024 * 1024),
  /** How long graceful shutdown waits for in-flight requests. */
  shutdownGraceMs: z.number().int().min(0).max(600_000).default(10_000),
});

export const recordsSchema = z.strictObject({
  /** Bounded in-memory queue; beyond it records spool to disk, then are dropped and counted. */
  queueSize: z.number().int().min(1).max(1_000_000).default(10_000),
  batchSize: z.number().int().min(1).max(10_000).default(500),
  flushIntervalMs: z.number().int().min(1).max(60_000).default(200),
  spoolDir: z.string().default('.keel/spool'),
});

export const configSchema = z.strictObject({
  version: z.literal(1).default(1),
  server: serverSchema.default(serverSchema.parse({})),
  /** `sqlite:PATH` (default `.keel/keel.db`) or `postgres://…`. */
  store: z
    .strictObject({ url: z.string().min(1).default('sqlite:.keel/keel.db') })
    .default({ url: 'sqlite:.keel/keel.db' }),
  redis: z.strictObject({ url: z.string().min(1) }).optional(),
  providers: z.record(
    z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'provider names: letters, digits, _ . -'),
    providerSchema,
  ),
  models: z.record(z.string().min(1).max(200), modelSchema),
  records: recordsSchema.default(recordsSchema.parse({})),
  // Module sections: each module owns its schema file.
  access: accessConfigSchema,
  traces: tracesConfigSchema,
  prompts: promptsConfigSchema,
  evals: evalsConfigSchema,
  guard: guardSectionSchema,
});
export type KeelConfig = z.infer<typeof configSchema>;
export type KeelConfigInput = z.input<typeof configSchema>;
