import { z } from 'zod';

/** The `traces:` section of keel.yaml (owned by the traces module; strict so typos are errors). */
export const tracesConfigSchema = z.strictObject({}).default({});
export type TracesConfig = z.infer<typeof tracesConfigSchema>;
