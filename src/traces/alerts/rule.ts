import { z } from 'zod';
import { LAYERS, SPAN_STATUSES } from '../model.ts';
import { GROUP_BY } from '../query/stats-sql.ts';
import { durationMs } from '../query/time.ts';

/** Aggregates a rule can watch without any extra source (see docs/observability.md). */
export const BUILTIN_METRICS = [
  'count',
  'error_rate',
  'latency_avg_ms',
  'latency_p50_ms',
  'latency_p95_ms',
  'latency_p99_ms',
  'ttft_p50_ms',
  'ttft_p95_ms',
  'tokens_per_second',
  'cost_usd',
  'cost_usd_per_day',
  'score_avg',
  'guardrail_trigger_rate',
  'guardrail_block_rate',
  'cache_hit_rate',
] as const;
export type BuiltinMetric = (typeof BUILTIN_METRICS)[number];

const CONDITION = /^\s*(>=|<=|==|!=|>|<)\s*(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)\s*$/i;
export type ConditionOp = '>' | '>=' | '<' | '<=' | '==' | '!=';

export function parseCondition(text: string): { op: ConditionOp; threshold: number } | null {
  const match = CONDITION.exec(text);
  if (!match) return null;
  // The exponent form lets `1e999` through the pattern as Infinity: a threshold no value can cross.
  const threshold = Number(match[2]);
  return Number.isFinite(threshold) ? { op: match[1] as ConditionOp, threshold } : null;
}

export function holds(op: ConditionOp, value: number, threshold: number): boolean {
  switch (op) {
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
    case '==':
      return value === threshold;
    default:
      return value !== threshold;
  }
}

const duration = (max: number) =>
  z.string().refine(
    (text) => {
      const ms = durationMs(text);
      return ms !== null && ms <= max;
    },
    `must be a duration like 30s, 5m, 1h or 1d (at most ${max / 86_400_000} days)`,
  );

const name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/, 'letters, digits, _ . : - (max 128)');
const filterValue = z.string().min(1).max(256);

export const webhookSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/ }),
  /** Sent with every notice (e.g. an Authorization header); never logged or returned by the API. */
  headers: z.record(z.string().min(1).max(256), z.string().max(4096)).default({}),
});
export type AlertWebhook = z.infer<typeof webhookSchema>;

/** One alert rule, from `traces.alerts` in keel.yaml or `POST /api/alerts/rules`. */
export const alertRuleSchema = z
  .strictObject({
    name,
    description: z.string().max(1000).optional(),
    /** A built-in metric, or the name of a registered metric source (e.g. `evals.online_score`). */
    metric: z
      .string()
      .regex(/^[a-z][a-z0-9_.:-]{0,127}$/, 'a metric name like error_rate or evals.online_score'),
    /** Score name for `score_avg`. */
    score: z.string().min(1).max(256).optional(),
    /** The aggregate is taken over this much time before each evaluation. */
    window: duration(31 * 86_400_000).default('5m'),
    /** e.g. `> 0.05`, `>= 2000`, `< 0.7`. */
    condition: z
      .string()
      .refine(
        (text) => parseCondition(text) !== null,
        'must look like "> 0.05" (>, >=, <, <=, ==, !=) with a finite number',
      ),
    filters: z
      .strictObject({
        tenant: filterValue.optional(),
        model: filterValue.optional(),
        provider: filterValue.optional(),
        deployment: filterValue.optional(),
        prompt: filterValue.optional(),
        promptVersion: filterValue.optional(),
        team: filterValue.optional(),
        feature: filterValue.optional(),
        user: filterValue.optional(),
        tag: filterValue.optional(),
        name: filterValue.optional(),
        status: z.enum(SPAN_STATUSES).optional(),
        layer: z.enum(LAYERS).optional(),
      })
      .default({}),
    /** Tenants the rule watches (default: all). API rules of tenant-scoped callers get theirs. */
    tenants: z.array(filterValue).min(1).max(1000).optional(),
    /** One alert per group (e.g. per model), each with its own state. */
    groupBy: z.enum(GROUP_BY).optional(),
    /** The condition must hold this long before the alert fires. */
    for: duration(7 * 86_400_000).default('0s'),
    /** No second notice (repeat or re-fire) for the same alert within this time. */
    cooldown: duration(30 * 86_400_000).default('1h'),
    /** Fewer samples than this in the window = no data (never fires, resolves a firing alert). */
    minCount: z.number().int().min(1).max(1_000_000_000).default(1),
    severity: z.enum(['info', 'warning', 'critical']).default('warning'),
    /** Where notices go (default: traces.alerting.webhook; none = history only). */
    webhook: webhookSchema.optional(),
    enabled: z.boolean().default(true),
  })
  .refine((rule) => rule.metric !== 'score_avg' || rule.score !== undefined, {
    message: "metric 'score_avg' needs 'score' (the score name)",
    path: ['score'],
  });
export type AlertRule = z.infer<typeof alertRuleSchema>;
export type AlertRuleInput = z.input<typeof alertRuleSchema>;

/** `traces.alerting` in keel.yaml: evaluator settings shared by all rules. */
export const alertingSchema = z
  .strictObject({
    /** How often rules are evaluated. */
    intervalMs: z.number().int().min(1000).max(3_600_000).default(60_000),
    /** Default webhook for rules without their own. */
    webhook: webhookSchema.optional(),
    /** Per attempt; a notice is tried 3 times (backoff 0.5 s, 2 s). */
    webhookTimeoutMs: z.number().int().min(100).max(60_000).default(5000),
    /** Alert history older than this is deleted by the retention job (0 keeps it). */
    historyDays: z.number().int().min(0).max(3650).default(90),
  })
  .prefault({});
export type AlertingConfig = z.infer<typeof alertingSchema>;
