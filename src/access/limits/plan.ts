import type { Runtime } from '../../gateway/index.ts';
import type {
  Principal,
  RateCounter,
  RequestContext,
  Reservation,
  ReserveRequest,
  SpendCounter,
} from '../../spec/index.ts';
import type { PeriodClock, PeriodWindow } from '../budgets/periods.ts';
import type { AccessPrincipal, BudgetPolicy, RateLimitPolicy } from '../types.ts';
import { toNanoCeil } from './units.ts';
import { maxOutputTokens, modelEnvelope, promptTokens, worstCaseCostUsd } from './worst-case.ts';

/** A budget as enforced on one request: the policy and the period it counts in. */
export interface BudgetInPeriod {
  budget: BudgetPolicy;
  window: PeriodWindow;
}

/** Everything the limits hook decided about one request; kept in ctx.state between the two calls. */
export interface LimitsPlan {
  request: ReserveRequest;
  /** Rate-limit policies by counter id (for messages). */
  limits: Map<string, RateLimitPolicy>;
  /** Budgets by spend counter id (several budgets may share a counter). */
  budgets: Map<string, BudgetInPeriod[]>;
  /** Set when the reservation was taken; absent when the store was down and the request let through. */
  reservation?: Reservation;
  /** The request was refused by this hook (nothing to settle). */
  rejected?: boolean;
  /** Renews the reservation while the request runs (see LimitsStep); cleared at settle. */
  renewal?: NodeJS.Timeout;
}

export interface PlanSettings {
  defaultMaxOutputTokens: number;
  reservationMarginMs: number;
}

/** The principal when it is a virtual key carrying a policy; anything else is not enforced here. */
export function accessPrincipalOf(principal: Principal | null): AccessPrincipal | null {
  if (principal?.kind !== 'virtual_key') return null;
  const policy = (principal as { policy?: unknown }).policy;
  if (!policy || typeof policy !== 'object') return null;
  const { limits, budgets } = policy as { limits?: unknown; budgets?: unknown };
  return Array.isArray(limits) && Array.isArray(budgets) ? (principal as AccessPrincipal) : null;
}

const hasRate = (p: RateLimitPolicy) => (p.rpm ?? 0) > 0 || (p.tpm ?? 0) > 0 || (p.maxParallel ?? 0) > 0;
const minDefined = (a: number | undefined, b: number | undefined) =>
  a === undefined || a <= 0 ? b : b === undefined || b <= 0 ? a : Math.min(a, b);

/** One counter per scope; two policies on the same scope merge to the stricter of each limit. */
function rateCounters(policies: readonly RateLimitPolicy[]): {
  counters: RateCounter[];
  limits: Map<string, RateLimitPolicy>;
} {
  const limits = new Map<string, RateLimitPolicy>();
  for (const policy of policies) {
    if (!hasRate(policy)) continue;
    const id = `${policy.scope}:${policy.scopeId}`;
    const seen = limits.get(id);
    if (!seen) {
      limits.set(id, policy);
      continue;
    }
    const merged: RateLimitPolicy = { scope: policy.scope, scopeId: policy.scopeId };
    const rpm = minDefined(seen.rpm, policy.rpm);
    const tpm = minDefined(seen.tpm, policy.tpm);
    const maxParallel = minDefined(seen.maxParallel, policy.maxParallel);
    if (rpm !== undefined) merged.rpm = rpm;
    if (tpm !== undefined) merged.tpm = tpm;
    if (maxParallel !== undefined) merged.maxParallel = maxParallel;
    limits.set(id, merged);
  }
  const counters: RateCounter[] = [];
  for (const [id, p] of limits) {
    const counter: RateCounter = { id };
    if ((p.rpm ?? 0) > 0) counter.rpm = p.rpm as number;
    if ((p.tpm ?? 0) > 0) counter.tpm = p.tpm as number;
    if ((p.maxParallel ?? 0) > 0) counter.maxParallel = p.maxParallel as number;
    counters.push(counter);
  }
  return { counters, limits };
}

/** Spend counters are per scope and period (spend is a fact about the scope); each takes its strictest budget. */
function spendCounters(
  policies: readonly BudgetPolicy[],
  at: { clock: PeriodClock; now: number },
): { counters: SpendCounter[]; budgets: Map<string, BudgetInPeriod[]> } {
  const budgets = new Map<string, BudgetInPeriod[]>();
  const byId = new Map<string, SpendCounter>();
  for (const budget of policies) {
    const window = at.clock.window(budget.period, at.now);
    const id = `${budget.scope}:${budget.scopeId}:${window.key}`;
    const existing = byId.get(id);
    if (existing) {
      existing.limitUsd = Math.min(existing.limitUsd, budget.amountUsd);
      budgets.get(id)?.push({ budget, window });
      continue;
    }
    byId.set(id, {
      id,
      scope: budget.scope,
      scopeId: budget.scopeId,
      periodStart: window.start,
      resetsAt: window.end,
      limitUsd: budget.amountUsd,
    });
    budgets.set(id, [{ budget, window }]);
  }
  return { counters: [...byId.values()], budgets };
}

/** The reservation a request needs, or null when no limit or budget applies to it. */
export function planLimits(options: {
  ctx: RequestContext;
  principal: AccessPrincipal;
  runtime: Runtime;
  clock: PeriodClock;
  settings: PlanSettings;
}): LimitsPlan | null {
  const { ctx, principal, runtime, clock, settings } = options;
  const rate = rateCounters(principal.policy.limits);
  const now = clock.now();
  const spend = spendCounters(principal.policy.budgets, { clock, now });
  if (rate.counters.length === 0 && spend.counters.length === 0) return null;
  // Tokenising is the dearest part: only when a TPM limit or a budget needs the count.
  const needsTokens = spend.counters.length > 0 || rate.counters.some((c) => c.tpm !== undefined);
  const tokens = needsTokens ? promptTokens(ctx) : 0;
  const envelope = modelEnvelope(runtime, ctx.request.model);
  const costUsd =
    spend.counters.length === 0
      ? 0
      : worstCaseCostUsd(envelope.prices, {
          promptTokens: tokens,
          maxOutputTokens: maxOutputTokens(ctx, settings.defaultMaxOutputTokens),
        });
  const request: ReserveRequest = {
    id: ctx.id,
    rate: rate.counters,
    spend: spend.counters,
    tokens,
    costUsd,
    ttlMs: Math.max(envelope.totalTimeoutMs, 1000) + settings.reservationMarginMs,
  };
  return { request, limits: rate.limits, budgets: spend.budgets };
}

/**
 * What settle needs when the reserve call failed (store down or timed out): the counters and the
 * amount the reservation would have held. A timed-out reserve may still have run in Redis; settle
 * then releases that hold by its exact name, and otherwise finds nothing to release.
 */
export function unreservedOf(plan: LimitsPlan): Reservation {
  const { request } = plan;
  return {
    id: request.id,
    rate: request.rate,
    spend: request.spend,
    tokens: request.tokens,
    reservedNanoUsd: toNanoCeil(request.costUsd),
  };
}
