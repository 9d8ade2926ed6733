import { z } from 'zod';
import { parseDuration } from '../cli/duration.ts';

/** A secret inline, as `${ENV_NAME}`, or as `{ env: ENV_NAME }` (same forms as provider keys). */
const secretRef = z.union([
  z.string().min(1),
  z.strictObject({
    env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name'),
  }),
]);
export type EvalsSecretRef = z.infer<typeof secretRef>;

const name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'use 1-64 letters, digits, _ . -');

const duration = z.string().transform((text, ctx) => {
  try {
    const ms = parseDuration(text);
    if (ms < 1000) throw new Error('too short');
    return ms;
  } catch {
    ctx.addIssue({
      code: 'custom',
      message: `'${text}' is not a duration of at least 1s (e.g. 30m, 24h, 7d)`,
    });
    return z.NEVER;
  }
});

/** Scorer specs are checked by the scorers' own schemas when the module starts (createScorer). */
const scorerSpec = z.looseObject({ type: z.string().min(1).max(128) });

const stringOrList = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

export const onlineRuleSchema = z.strictObject({
  name,
  /** Share of matching requests scored, 0..1. */
  sample: z.number().min(0).max(1),
  filter: z
    .strictObject({
      /** Public model name(s) the caller asked for. */
      model: stringOrList.optional(),
      /** `x-keel-feature`. */
      feature: stringOrList.optional(),
      /** Every listed tag (`x-keel-tags`) must be present. */
      tags: z.array(z.string().min(1)).optional(),
    })
    .default({}),
  scorers: z.array(scorerSpec).min(1).max(20),
  /** Judge model for model-graded scorers (default: evals.judgeModel). */
  judge: z.string().min(1).optional(),
});
export type OnlineRule = z.infer<typeof onlineRuleSchema>;

export const scheduleSchema = z.strictObject({
  name,
  /** An eval file (YAML), relative to the working directory of `keel serve`. */
  evalFile: z.string().min(1),
  every: duration,
  /** The model the golden set is re-run against (overrides the eval file's models). */
  model: z.string().min(1),
  /** Run once soon after start instead of waiting a full period. */
  runOnStart: z.boolean().default(false),
});
export type ScheduleConfig = z.infer<typeof scheduleSchema>;

const shiftSchema = z.strictObject({
  /** Previous runs pooled as the reference distribution. */
  history: z.number().int().min(1).max(50).default(5),
  /** Two-sided bootstrap confidence for the reference interval. */
  confidence: z.number().gt(0).lt(1).default(0.95),
  /** Ignore shifts smaller than this (absolute, in score units), however significant. */
  minDelta: z.number().min(0).max(1).default(0.02),
});

/** The `evals:` section of keel.yaml (owned by the evals module; strict so typos are errors). */
const evalsObject = z.strictObject({
  /** Default judge model for model-graded scorers (online rules, schedules, calibration). */
  judgeModel: z.string().min(1).optional(),
  /** Virtual key for the module's own calls through the gateway (judges, schedules) when auth is on. */
  apiKey: secretRef.optional(),
  online: z.array(onlineRuleSchema).max(100).default([]),
  /** Captured requests waiting to be scored; beyond it new samples are dropped (and counted). */
  onlineQueueSize: z.number().int().min(1).max(1_000_000).default(1000),
  /** Samples scored at once. */
  onlineConcurrency: z.number().int().min(1).max(256).default(4),
  /** Largest captured input + output per sample, characters (longer samples are not scored). */
  maxSampleChars: z.number().int().min(1000).max(10_000_000).default(200_000),
  /**
   * Keep the sampled requests' text (eval_online_samples) so they can be reviewed and turned into
   * dataset items. Off by default: production content is only stored when an operator says so.
   */
  keepSamples: z.boolean().default(false),
  schedules: z.array(scheduleSchema).max(100).default([]),
  shift: shiftSchema.default(shiftSchema.parse({})),
});

export const evalsConfigSchema = evalsObject
  .superRefine((config, ctx) => {
    const dup = (list: { name: string }[], path: string) => {
      const seen = new Set<string>();
      list.forEach((entry, i) => {
        if (seen.has(entry.name))
          ctx.addIssue({
            code: 'custom',
            message: `duplicate name '${entry.name}'`,
            path: [path, i, 'name'],
          });
        seen.add(entry.name);
      });
    };
    dup(config.online, 'online');
    dup(config.schedules, 'schedules');
  })
  .default(evalsObject.parse({}));
export type EvalsConfig = z.infer<typeof evalsConfigSchema>;
