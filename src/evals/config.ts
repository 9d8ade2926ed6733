import { z } from 'zod';

/** The `evals:` section of keel.yaml (owned by the evals module; strict so typos are errors). */
export const evalsConfigSchema = z.strictObject({}).default({});
export type EvalsConfig = z.infer<typeof evalsConfigSchema>;
