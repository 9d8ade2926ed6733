import { z } from 'zod';

/**
 * The YAML eval file (`keel eval run FILE`): prompts × models over a dataset (a stored one, a
 * JSONL/CSV file, or inline tests), scorers, run options, and the CI gate's thresholds and
 * regression tolerances. Strict: an unknown key is an error, never silently ignored.
 */

const role = z.enum(['system', 'developer', 'user', 'assistant']);
const messageTemplate = z.strictObject({
  role,
  content: z.string().max(1_000_000),
  name: z.string().max(256).optional(),
});
const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,127}$/, 'use 1-128 letters, digits, _ . : @ -');
const params = z.record(z.string(), z.unknown());

export const promptEntrySchema = z.union([
  z.string().min(1).max(1_000_000),
  z.strictObject({ id: id.optional(), template: z.string().min(1).max(1_000_000) }),
  z.strictObject({ id: id.optional(), messages: z.array(messageTemplate).min(1).max(1000) }),
  /** A prompt in Keel's registry: `NAME@vN`, `NAME@LABEL`, or with a `prompt:` prefix. */
  z.strictObject({ id: id.optional(), prompt: z.string().min(1).max(300) }),
]);
export type PromptEntry = z.infer<typeof promptEntrySchema>;

export const modelEntrySchema = z.union([
  z.string().min(1).max(256),
  z.strictObject({ id: id.optional(), model: z.string().min(1).max(256), params: params.optional() }),
]);

const scorerSpec = z.looseObject({ type: z.string().min(1).max(128), weight: z.number().min(0).optional() });

const testSchema = z.looseObject({ description: z.string().max(10_000).optional() });

export const datasetRefSchema = z.union([
  z.string().min(1),
  z.strictObject({ name: z.string().min(1), version: z.number().int().min(1).optional() }),
  z.strictObject({
    file: z.string().min(1),
    name: z.string().min(1).optional(),
    provenance: z.enum(['human', 'synthetic', 'production_trace', 'unknown']).optional(),
  }),
]);

const unit = z.number().min(0).max(1);
const scorerGate = z.strictObject({ minMean: unit.optional(), minPassRate: unit.optional() });

export const gateSchema = z.strictObject({
  /** Per target: share of items passing every scorer. */
  minPassRate: unit.optional(),
  /** Per target: mean of the items' combined scores. */
  minScore: unit.optional(),
  /** Per target: share of items whose call failed. */
  maxErrorRate: unit.default(0),
  scorers: z.record(z.string(), scorerGate).default({}),
  regression: z
    .strictObject({
      /** Largest allowed drop vs the baseline (absolute) in pass rate, mean score and scorer means. */
      maxDrop: unit.default(0),
      /** Per-scorer tolerances (override maxDrop for that scorer's mean). */
      scorers: z.record(z.string(), unit).default({}),
      /** Fail only when the bootstrap CI of the paired difference lies wholly below zero too. */
      significant: z.boolean().default(false),
    })
    .optional(),
});
export type GateConfig = z.infer<typeof gateSchema>;

export const runSchema = z.strictObject({
  concurrency: z.number().int().min(1).max(1024).optional(),
  retries: z.number().int().min(0).max(20).optional(),
  timeoutMs: z.number().int().min(100).max(3_600_000).optional(),
  maxCost: z.number().min(0).optional(),
  estimateOutputTokens: z.number().int().min(1).max(1_000_000).optional(),
  cache: z.boolean().optional(),
});

export const evalFileSchema = z.strictObject({
  name: id.optional(),
  description: z.string().max(10_000).optional(),
  prompts: z.array(promptEntrySchema).max(100).optional(),
  models: z.array(modelEntrySchema).max(100).optional(),
  /** Default request params for every target (temperature, max_tokens, response_format…). */
  params: params.optional(),
  dataset: datasetRefSchema.optional(),
  tests: z.array(testSchema).max(1_000_000).optional(),
  /** Merged into every inline test: vars (test wins), assert (prepended), metadata, tags. */
  defaultTest: z.looseObject({}).optional(),
  scorers: z.array(scorerSpec).max(100).default([]),
  /** Default judge model for model-graded scorers. */
  judge: z.string().min(1).max(256).optional(),
  run: runSchema.default({}),
  gate: gateSchema.default(gateSchema.parse({})),
});
export type EvalFile = z.infer<typeof evalFileSchema>;
