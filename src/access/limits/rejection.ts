import { formatUsd } from '../../cost/index.ts';
import { KeelError } from '../../errors/index.ts';
import type { ReserveFailure } from '../../spec/index.ts';
import { periodAdjective } from '../budgets/periods.ts';
import type { BudgetInPeriod, LimitsPlan } from './plan.ts';

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/** 429 rate_limited for RPM, TPM and parallel limits, naming the scope and the limit. */
export function rateLimitError(failure: ReserveFailure, plan: LimitsPlan): KeelError {
  const policy = plan.limits.get(failure.counterId);
  const scope = policy ? `${policy.scope} ${policy.scopeId}` : failure.counterId;
  const retry = failure.retryAfterMs;
  let message: string;
  let limit: number | undefined;
  if (failure.kind === 'rpm') {
    limit = policy?.rpm;
    message = `Rate limit exceeded: ${scope} allows ${limit} requests per minute.`;
  } else if (failure.kind === 'tpm') {
    limit = policy?.tpm;
    message =
      retry === null
        ? `Token rate limit exceeded: this request (about ${plan.request.tokens} prompt tokens) is larger than the ${limit} tokens per minute ${scope} allows.`
        : `Token rate limit exceeded: ${scope} allows ${limit} tokens per minute (this request needs about ${plan.request.tokens}).`;
  } else {
    limit = policy?.maxParallel;
    message = `Too many parallel requests: ${scope} allows ${limit} at once.`;
  }
  if (retry !== null) message += ` Retry in ${seconds(retry)} s.`;
  return new KeelError('rate_limited', message, {
    ...(retry === null ? { retryable: false } : { retryAfterMs: Math.max(1, retry) }),
    details: { limit: failure.kind, scope: policy?.scope, scopeId: policy?.scopeId, value: limit },
  });
}

/** The budget that decided a refusal: the strictest one on the failing counter. */
export function failingBudget(failure: ReserveFailure, plan: LimitsPlan): BudgetInPeriod | undefined {
  const candidates = plan.budgets.get(failure.counterId) ?? [];
  let strictest: BudgetInPeriod | undefined;
  for (const c of candidates)
    if (!strictest || c.budget.amountUsd < strictest.budget.amountUsd) strictest = c;
  return strictest;
}

/** 429 budget_exceeded naming the budget (scope + period) and when it resets. */
export function budgetError(
  failure: ReserveFailure,
  found: BudgetInPeriod,
  requestMaxUsd: number,
): KeelError {
  const { budget, window } = found;
  const spent = failure.settledUsd ?? 0;
  const reserved = failure.reservedUsd ?? 0;
  const resetsAt = window.end === null ? null : new Date(window.end).toISOString();
  const inFlight = reserved > 0 ? `, $${formatUsd(reserved)} held by requests in flight` : '';
  const period = budget.period === 'total' ? '' : ` for ${window.key}`;
  const when =
    resetsAt === null ? 'It is a fixed total budget and does not reset.' : `It resets at ${resetsAt}.`;
  const message =
    `Budget exceeded: the ${periodAdjective(budget.period)} budget of ${budget.scope} ${budget.scopeId}${period} ` +
    `($${formatUsd(budget.amountUsd)}) does not cover this request, which may cost up to $${formatUsd(requestMaxUsd)} ` +
    `($${formatUsd(spent)} spent${inFlight}). ${when}`;
  return new KeelError('budget_exceeded', message, {
    details: {
      budgetId: budget.id,
      scope: budget.scope,
      scopeId: budget.scopeId,
      period: budget.period,
      periodKey: window.key,
      amountUsd: budget.amountUsd,
      spentUsd: spent,
      reservedUsd: reserved,
      resetsAt,
      requestMaxCostUsd: requestMaxUsd,
    },
  });
}
