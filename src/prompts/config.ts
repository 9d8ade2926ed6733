import { z } from 'zod';

/** A secret inline, as `${ENV_NAME}`, or as `{ env: ENV_NAME }` (same forms as provider keys). */
const secretRef = z.union([
  z.string().min(1),
  z.strictObject({
    env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name'),
  }),
]);

/**
 * Promotion gate: moving a gated label (default `production`) needs an evaluation result for the
 * candidate with `metric >= minScore` that is at most `maxRegression` (absolute, in score units)
 * below the current version's result.
 */
export const promptGateSchema = z.strictObject({
  required: z.boolean().default(false),
  /** Score name read from the evaluation result (e.g. `accuracy`, `score`). */
  metric: z.string().min(1).max(128).default('score'),
  minScore: z.number().default(0),
  maxRegression: z.number().min(0).default(0),
  /** Labels whose moves are gated. */
  labels: z.array(z.string().min(1)).min(1).default(['production']),
});
export type PromptGateConfig = z.infer<typeof promptGateSchema>;

export const langfuseKeySchema = z.strictObject({ publicKey: z.string().min(1), secretKey: secretRef });
export type LangfuseKeyConfig = z.infer<typeof langfuseKeySchema>;

/** The `prompts:` section of keel.yaml (owned by the prompts module; strict so typos are errors). */
const promptsObject = z.strictObject({
  /** Safety-net re-check of the store for missed change notices, seconds (notices are instant). */
  refreshSeconds: z.number().min(0.2).max(3600).default(3),
  /** Largest version content (templates, variables, tools, parameters), bytes of JSON. */
  maxTemplateBytes: z
    .number()
    .int()
    .min(1024)
    .max(16 * 1024 * 1024)
    .default(256 * 1024),
  /** Largest rendered output (all messages), bytes. */
  maxRenderedBytes: z
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(1024 * 1024),
  /** How deep `{{> other}}` includes may nest. */
  maxIncludeDepth: z.number().int().min(1).max(32).default(5),
  /** Langfuse-compatible read API keys; when absent any Basic pair is accepted. */
  langfuseKeys: z.array(langfuseKeySchema).optional(),
  /** Cache-Control max-age on the Langfuse-compatible endpoint, seconds (small: labels move). */
  langfuseMaxAgeSeconds: z.number().int().min(0).max(300).default(5),
  gate: promptGateSchema.default(promptGateSchema.parse({})),
});

export const promptsConfigSchema = promptsObject.default(promptsObject.parse({}));
export type PromptsConfig = z.infer<typeof promptsConfigSchema>;
