import { z } from 'zod';

/** Bodies of the admin API. Version content fields sit beside these and are checked by the service. */

const labels = z.array(z.string().min(1).max(64)).max(20);

export const createPromptMeta = z.looseObject({
  name: z.string().min(1).max(128),
  description: z.string().max(2000).optional(),
  tags: z.array(z.string().min(1).max(64)).max(50).optional(),
  commitMessage: z.string().max(2000).optional(),
  labels: labels.optional(),
});

export const createVersionMeta = z.looseObject({
  commitMessage: z.string().max(2000).optional(),
  labels: labels.optional(),
});

export const PROMPT_META_KEYS = ['name', 'description', 'tags', 'commitMessage', 'labels'];

/** The version content of a create body: everything but the registry's own fields. */
export function contentOf(
  body: Record<string, unknown>,
  metaKeys: readonly string[] = PROMPT_META_KEYS,
): Record<string, unknown> {
  const content: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) if (!metaKeys.includes(key)) content[key] = value;
  return content;
}

export const updatePromptBody = z.strictObject({
  description: z.string().max(2000).optional(),
  tags: z.array(z.string().min(1).max(64)).max(50).optional(),
});

const splitEntry = z.strictObject({
  version: z.number().int().min(1),
  weight: z.number().min(0).max(1_000_000),
});

export const moveLabelBody = z
  .strictObject({
    version: z.number().int().min(1).optional(),
    split: z.array(splitEntry).min(1).max(10).optional(),
    /** The version the label serves now as the caller saw it (null: must not exist); 409 when different. */
    expectedVersion: z.number().int().min(1).nullable().optional(),
    reason: z.string().max(2000).optional(),
  })
  .refine((body) => (body.version === undefined) !== (body.split === undefined), {
    message: 'give exactly one of version or split',
    path: ['version'],
  });

export const deleteLabelQuery = z.strictObject({
  expectedVersion: z.coerce.number().int().min(1).optional(),
});

export const rollbackBody = z.strictObject({ reason: z.string().max(2000).optional() });

export const historyQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(1000).default(50) });

export const renderBody = z
  .strictObject({
    label: z.string().min(1).max(64).optional(),
    version: z.number().int().min(1).optional(),
    variables: z.record(z.string(), z.unknown()).default({}),
    /** Sticky key for canary splits, as the gateway would use it. */
    user: z.string().max(256).optional(),
    session: z.string().max(256).optional(),
  })
  .refine((body) => body.label === undefined || body.version === undefined, {
    message: 'give label or version, not both',
    path: ['version'],
  });

export const statsQuery = z.strictObject({
  since: z.string().max(64).default('7d'),
  until: z.string().max(64).optional(),
});

export const evalResultBody = z.strictObject({
  scores: z
    .record(z.string().min(1).max(128), z.number().refine(Number.isFinite, 'must be a finite number'))
    .refine(
      (scores) => Object.keys(scores).length > 0 && Object.keys(scores).length <= 100,
      'give 1-100 scores',
    ),
  source: z.string().min(1).max(256).default('api'),
  /** Epoch ms; defaults to now. */
  at: z.number().int().min(0).optional(),
});

export const langfuseQuery = z.looseObject({
  label: z.string().min(1).max(64).optional(),
  version: z.coerce.number().int().min(1).optional(),
  resolve: z.enum(['true', 'false']).optional(),
});
