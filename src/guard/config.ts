import { z } from 'zod';
import { bindingSchema, type GuardConfig, policySchema } from './policy/schema.ts';

/**
 * The `guard:` section of keel.yaml: the policy library (same schema as `createGuard` takes —
 * policies, bindings, default policy) plus the settings of the gateway module. No policies means
 * the guard module is inert and adds no work to requests.
 *
 *   guard:
 *     defaultPolicy: standard        # `default` is accepted too (what `keel guard scan` reads)
 *     policies: { standard: { input: [{ scanner: injection, action: block }] } }
 *     bindings: [{ policy: strict, teams: [finance] }]
 *     embeddings: false              # also screen /v1/embeddings inputs
 *     stream: { overlap: 256, holdBack: 0 }
 */

const nameSchema = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'policy names: letters, digits, _ . -');

export const guardStreamConfigSchema = z.strictObject({
  /** Characters of earlier output re-scanned with each chunk (a secret split across chunks is seen whole). */
  overlap: z.number().int().min(0).max(8192).default(256),
  /**
   * Characters withheld until the next chunk, so a finding that completes later can be stopped or
   * redacted before any of it is sent. 0 (default) adds no delay; a split secret then ends the
   * stream with its first pieces already sent but never its rest.
   */
  holdBack: z.number().int().min(0).max(4096).default(0),
});

export const guardSectionSchema = z
  .strictObject({
    /** Policy for requests no binding matches; none means unguarded. */
    defaultPolicy: nameSchema.optional(),
    /** Same as `defaultPolicy` (the policy library's own name for it); set one of the two. */
    default: nameSchema.optional(),
    policies: z.record(nameSchema, policySchema).default({}),
    /** First match wins; a binding matches when every selector it sets contains the request's value. */
    bindings: z.array(bindingSchema).default([]),
    /** Screen /v1/embeddings inputs at the input checkpoint too (off: embeddings are not prompts). */
    embeddings: z.boolean().default(false),
    stream: guardStreamConfigSchema.default(guardStreamConfigSchema.parse({})),
  })
  .superRefine((cfg, ctx) => {
    if (cfg.default !== undefined && cfg.defaultPolicy !== undefined && cfg.default !== cfg.defaultPolicy) {
      ctx.addIssue({
        code: 'custom',
        path: ['defaultPolicy'],
        message: "set either 'defaultPolicy' or 'default', not both",
      });
    }
    const known = new Set(Object.keys(cfg.policies));
    const fallback = cfg.defaultPolicy ?? cfg.default;
    if (fallback !== undefined && !known.has(fallback)) {
      const key = cfg.defaultPolicy !== undefined ? 'defaultPolicy' : 'default';
      ctx.addIssue({ code: 'custom', path: [key], message: `unknown policy '${fallback}'` });
    }
    cfg.bindings.forEach((b, i) => {
      if (!known.has(b.policy)) {
        ctx.addIssue({
          code: 'custom',
          path: ['bindings', i, 'policy'],
          message: `unknown policy '${b.policy}'`,
        });
      }
    });
  })
  .default({ policies: {}, bindings: [], embeddings: false, stream: guardStreamConfigSchema.parse({}) });

export type GuardSection = z.infer<typeof guardSectionSchema>;
export type GuardSectionInput = z.input<typeof guardSectionSchema>;

/** The part of the section the policy library (`createGuard`, `selectPolicy`) reads. */
export function policyConfigOf(section: GuardSection): GuardConfig {
  const fallback = section.defaultPolicy ?? section.default;
  return {
    ...(fallback !== undefined ? { default: fallback } : {}),
    policies: section.policies,
    bindings: section.bindings,
  };
}
