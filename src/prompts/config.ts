import { z } from 'zod';

/** The `prompts:` section of keel.yaml (owned by the prompts module; strict so typos are errors). */
export const promptsConfigSchema = z.strictObject({}).default({});
export type PromptsConfig = z.infer<typeof promptsConfigSchema>;
