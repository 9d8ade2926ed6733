import { z } from 'zod';

/** The `access:` section of keel.yaml (owned by the access module; strict so typos are errors). */
export const accessConfigSchema = z.strictObject({}).default({});
export type AccessConfig = z.infer<typeof accessConfigSchema>;
