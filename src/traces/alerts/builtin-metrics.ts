import type { SqlExecutor } from '../../spec/index.ts';
import { marks, type TraceFilters, traceConditions, Where } from '../query/filters.ts';
import { queryStats, type StatsRow } from '../query/stats.ts';
import { traceGroupExpr } from '../query/stats-sql.ts';
import type { TenantDirectory } from '../query/tenants.ts';
import type { AlertRule, BuiltinMetric } from './rule.ts';
import type { AlertMetricContext, AlertMetricValue } from './sources.ts';

/** The rule's filters as trace filters over its window. */
export function ruleFilters(rule: AlertRule, window: { sinceMs: number; untilMs: number }): TraceFilters {
  const { prompt, ...rest } = rule.filters;
  return {
    ...rest,
    ...(prompt ? { promptName: prompt } : {}),
    sinceMs: window.sinceMs,
    untilMs: window.untilMs,
  };
}

type Pick = (row: StatsRow, ctx: AlertMetricContext) => { value: number | null; count: number };

const PICKS: Readonly<Record<Exclude<BuiltinMetric, 'guardrail_block_rate'>, Pick>> = {
  count: (r) => ({ value: r.count, count: r.count }),
  error_rate: (r) => ({ value: r.errorRate, count: r.count }),
  latency_avg_ms: (r) => ({ value: r.latencyMs.avg, count: r.count }),
  latency_p50_ms: (r) => ({ value: r.latencyMs.p50, count: r.count }),
  latency_p95_ms: (r) => ({ value: r.latencyMs.p95, count: r.count }),
  latency_p99_ms: (r) => ({ value: r.latencyMs.p99, count: r.count }),
  ttft_p50_ms: (r) => ({ value: r.ttftMs.p50, count: r.count }),
  ttft_p95_ms: (r) => ({ value: r.ttftMs.p95, count: r.count }),
  tokens_per_second: (r) => ({ value: r.tokensPerSecond, count: r.count }),
  cost_usd: (r) => ({ value: r.costUsd, count: r.count }),
  cost_usd_per_day: (r, ctx) => ({ value: (r.costUsd * 86_400_000) / ctx.windowMs, count: r.count }),
  score_avg: (r, ctx) => {
    const s = r.scores[ctx.rule.score as string];
    return { value: s ? s.avg : null, count: s ? s.count : 0 };
  },
  guardrail_trigger_rate: (r) => ({ value: r.guardTriggerRate, count: r.guardChecked }),
  cache_hit_rate: (r) => ({ value: r.cacheHitRate, count: r.cacheLookups }),
};

/**
 * Share of guardrail spans (checkpoints) that blocked, per group: reads guardrail spans in the
 * window through (tenant, start_us), joined to their trace for filters and grouping.
 */
async function guardrailBlockRate(sql: SqlExecutor, ctx: AlertMetricContext): Promise<AlertMetricValue[]> {
  const where = new Where().push(`s.tenant IN (${marks(ctx.tenants.length)})`, ...ctx.tenants);
  where.push('s.start_us >= ? AND s.start_us < ?', ctx.sinceMs * 1000, ctx.untilMs * 1000);
  where.push("s.kind = 'guardrail'");
  const { sinceMs: _s, untilMs: _u, ...rest } = ruleFilters(ctx.rule, ctx);
  traceConditions(rest, where);
  const group = ctx.rule.groupBy ? traceGroupExpr(ctx.rule.groupBy, 's') : 'NULL';
  const rows = await sql.query(
    `SELECT ${group} AS g, COUNT(*) AS n, AVG(CASE WHEN s.verdict = 'block' THEN 1 ELSE 0 END) AS rate
       FROM trace_spans s JOIN traces t ON t.tenant = s.tenant AND t.trace_id = s.trace_id
      WHERE ${where.sql()}${ctx.rule.groupBy ? ' GROUP BY 1' : ''}`,
    where.params,
  );
  return rows
    .filter((r) => Number(r.n) > 0)
    .map((r) => ({ group: r.g === null ? null : String(r.g), value: Number(r.rate), count: Number(r.n) }));
}

/** Values of a built-in metric for a rule, one per group (largest 100 groups). */
export async function builtinMetric(
  sql: SqlExecutor,
  tenants: TenantDirectory,
  ctx: AlertMetricContext,
): Promise<AlertMetricValue[]> {
  const metric = ctx.rule.metric as BuiltinMetric;
  if (metric === 'guardrail_block_rate') return guardrailBlockRate(sql, ctx);
  const stats = await queryStats(sql, tenants, {
    scope: ctx.tenants,
    filters: ruleFilters(ctx.rule, ctx),
    by: ctx.rule.groupBy,
    scores: metric === 'score_avg',
    now: ctx.untilMs,
  });
  const pick = PICKS[metric];
  return stats.rows.map((row) => ({ group: row.group, ...pick(row, ctx) }));
}
