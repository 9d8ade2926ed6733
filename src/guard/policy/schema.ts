import { z } from 'zod';

/**
 * The `guard:` block of keel.yaml. Named policies list, per checkpoint, the scanners to run in
 * order with what to do when one fires; bindings pick a policy per key, team, model or route.
 *
 *   guard:
 *     default: standard
 *     policies:
 *       standard:
 *         latencyBudgetMs: 20
 *         input:
 *           - { scanner: injection, action: block }
 *           - { scanner: pii, action: mask }
 *           - { scanner: secrets, action: block }
 *         output:
 *           - { scanner: secrets, action: redact }
 *     bindings:
 *       - { policy: strict, teams: [finance] }
 */

export const CHECKPOINTS = ['input', 'action', 'output', 'retrieval'] as const;

export const stepActionSchema = z.enum(['block', 'redact', 'flag', 'mask']);
export type StepAction = z.infer<typeof stepActionSchema>;

const fallbackSchema = z.enum(['allow', 'block']);

export const stepSchema = z.strictObject({
  /** Scanner type from the registry: pii, secrets, injection, json-schema, … */
  scanner: z.string().min(1).max(100),
  /** Name in records and errors (default: the scanner type); lets one policy use a type twice. */
  id: z.string().min(1).max(100).optional(),
  /** What happens when the scanner's verdict is `block` (a `flag` verdict only ever flags). */
  action: stepActionSchema.default('block'),
  /** Act when score >= threshold, whatever the scanner's own verdict. */
  threshold: z.number().min(0).max(1).optional(),
  /** Scanner-specific options, validated by the scanner's own schema. */
  options: z.record(z.string(), z.unknown()).default({}),
  /** Overrides the policy's onTimeout for this scanner. */
  onTimeout: fallbackSchema.optional(),
});
export type StepConfig = z.infer<typeof stepSchema>;

const stepsSchema = z.array(stepSchema).max(32).default([]);

export const policySchema = z.strictObject({
  description: z.string().max(1000).optional(),
  /** Time each checkpoint's scanners get, together (they run concurrently). */
  latencyBudgetMs: z.number().int().min(1).max(60_000).default(50),
  /**
   * A scanner that has not answered within the budget: let the request through, or block it.
   * Default: allow. Steps that mask or redact block regardless (see stepFallbacks).
   */
  onTimeout: fallbackSchema.optional(),
  /** A scanner that threw (default: same as onTimeout). */
  onError: fallbackSchema.optional(),
  input: stepsSchema,
  action: stepsSchema,
  output: stepsSchema,
  retrieval: stepsSchema,
});
export type PolicyConfig = z.infer<typeof policySchema>;

const nameSchema = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'policy names: letters, digits, _ . -');

export const bindingSchema = z.strictObject({
  policy: nameSchema,
  /** Virtual keys, by id or by name. */
  keys: z.array(z.string().min(1)).optional(),
  /** Teams, by id or by name. */
  teams: z.array(z.string().min(1)).optional(),
  models: z.array(z.string().min(1)).optional(),
  routes: z.array(z.string().min(1)).optional(),
});

export const guardConfigSchema = z
  .strictObject({
    /** Policy for requests no binding matches; none means unguarded. */
    default: nameSchema.optional(),
    policies: z.record(nameSchema, policySchema).default({}),
    /** First match wins; a binding matches when every selector it sets contains the request's value. */
    bindings: z.array(bindingSchema).default([]),
  })
  .superRefine((cfg, ctx) => {
    const known = new Set(Object.keys(cfg.policies));
    if (cfg.default && !known.has(cfg.default)) {
      ctx.addIssue({ code: 'custom', path: ['default'], message: `unknown policy '${cfg.default}'` });
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
  });
export type GuardConfig = z.infer<typeof guardConfigSchema>;
export type GuardConfigInput = z.input<typeof guardConfigSchema>;

export interface PolicySelector {
  /** Virtual key id; `keyName` is its name. A binding's `keys` entry matches either. */
  key?: string;
  keyName?: string;
  /** Team id; `teamName` is its name. A binding's `teams` entry matches either. */
  team?: string;
  teamName?: string;
  model?: string;
  route?: string;
}

const has = (list: string[], value: string | undefined) => value !== undefined && list.includes(value);

/** A selector the binding does not set matches anything; one it sets must contain the id or the name. */
const fits = (list: string[] | undefined, id: string | undefined, name?: string) =>
  list === undefined || has(list, id) || has(list, name);

/** The policy for a request: the first binding whose selectors all match, else the default. */
export function selectPolicy(cfg: GuardConfig, sel: PolicySelector): string | undefined {
  const hit = cfg.bindings.find(
    (b) =>
      fits(b.keys, sel.key, sel.keyName) &&
      fits(b.teams, sel.team, sel.teamName) &&
      fits(b.models, sel.model) &&
      fits(b.routes, sel.route),
  );
  return hit?.policy ?? cfg.default;
}

/**
 * What a step does when its scanner times out or throws. A step that masks or redacts protects
 * data: without its answer the text would go upstream (or back to the client) unmasked, so it
 * fails closed unless the step itself says `onTimeout: allow` or the policy says `onError: allow`;
 * the policy's `onTimeout`, usually set with the detection steps in mind, does not loosen it.
 * Other steps fail open by default, so a slow classifier does not take the product down;
 * `onError` follows `onTimeout` unless set.
 */
export function stepFallbacks(
  policy: PolicyConfig,
  step: StepConfig,
): { onTimeout: 'allow' | 'block'; onError: 'allow' | 'block' } {
  const protects = step.action === 'mask' || step.action === 'redact';
  const onTimeout = protects ? (step.onTimeout ?? 'block') : (step.onTimeout ?? policy.onTimeout ?? 'allow');
  return { onTimeout, onError: policy.onError ?? onTimeout };
}
