import { performance } from 'node:perf_hooks';
import type { Registry } from 'prom-client';
import { KeelError } from '../../errors/index.ts';
import type { Runtime } from '../../gateway/index.ts';
import type { Logger } from '../../log/index.ts';
import type {
  CounterStore,
  GatewayHook,
  RequestContext,
  RequestRecord,
  Reservation,
  ReserveFailure,
  ReserveOutcome,
  SettleOutcome,
} from '../../spec/index.ts';
import { BudgetAlerter, crossedThresholds } from '../budgets/alerts.ts';
import { PeriodClock } from '../budgets/periods.ts';
import type { AccessPrincipal, AuditSink } from '../types.ts';
import type { RedisFailMode } from './config.ts';
import { type LimitsMetrics, limitsMetrics } from './limits-metrics.ts';
import { accessPrincipalOf, type LimitsPlan, planLimits, unreservedOf } from './plan.ts';
import { budgetError, failingBudget, rateLimitError } from './rejection.ts';
import { throttledWarn } from './throttled-log.ts';
import { fromNano, toNano } from './units.ts';

export const LIMITS_HOOK = 'limits';

/** The settings the hook reads on every request (so hot reloads apply). */
export interface LimitsHookSettings {
  failMode: RedisFailMode;
  defaultMaxOutputTokens: number;
  reservationMarginMs: number;
  /** `access.webhooks.allowPrivate`: budget alert webhooks may reach private addresses. */
  allowPrivateWebhooks?: boolean;
}

export interface LimitsHookOptions {
  counters: CounterStore;
  runtime: () => Runtime;
  audit: AuditSink;
  logger: Logger;
  metrics: Registry;
  settings: () => LimitsHookSettings;
  /** Clock for budget periods (tests). */
  now?: () => number;
  /** Webhook timeout for alerts, ms. */
  alertTimeoutMs?: number;
}

export interface LimitsHook extends GatewayHook {
  /** Waits for settles and alerts in flight (graceful shutdown, tests). */
  drain(): Promise<void>;
}

/**
 * The `limits` pipeline step. beforeRequest: one counter-store call checks every rate limit and
 * budget of the caller and reserves the worst-case cost; afterRecord (off the response path):
 * settles the real cost, frees the parallel slot, fires threshold alerts. Anonymous and admin
 * principals are not enforced here.
 */
export function createLimitsHook(options: LimitsHookOptions): LimitsHook {
  return new LimitsStep(options);
}

const describeError = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Longest a live request's holds are renewed (a stream may outlive the total timeout, not this). */
const MAX_RENEWAL_MS = 6 * 60 * 60 * 1000;

class LimitsStep implements LimitsHook {
  readonly name = LIMITS_HOOK;
  readonly #options: LimitsHookOptions;
  readonly #counters: CounterStore;
  readonly #metrics: LimitsMetrics;
  readonly #clock: PeriodClock;
  readonly #warn: ReturnType<typeof throttledWarn>;
  readonly #alerter: BudgetAlerter;
  readonly #settling = new Set<Promise<void>>();

  constructor(options: LimitsHookOptions) {
    this.#options = options;
    this.#counters = options.counters;
    const metrics = limitsMetrics(options.metrics);
    this.#metrics = metrics;
    this.#clock = new PeriodClock(options.now);
    this.#warn = throttledWarn(options.logger);
    this.#alerter = new BudgetAlerter({
      audit: options.audit,
      logger: options.logger,
      ...(options.alertTimeoutMs === undefined ? {} : { timeoutMs: options.alertTimeoutMs }),
      onAlert: (alert) => metrics.alerts.inc({ threshold: String(alert.threshold) }),
      allowPrivateWebhooks: () => options.settings().allowPrivateWebhooks === true,
    });
  }

  async beforeRequest(ctx: RequestContext): Promise<void> {
    const principal = accessPrincipalOf(ctx.principal);
    if (!principal) return;
    const settings = this.#options.settings();
    const plan = planLimits({
      ctx,
      principal,
      runtime: this.#options.runtime(),
      clock: this.#clock,
      settings,
    });
    if (!plan) return;
    ctx.state.set(LIMITS_HOOK, plan);
    const started = performance.now();
    let outcome: ReserveOutcome;
    try {
      outcome = await this.#counters.reserve(plan.request);
    } catch (error) {
      this.#storeDown(plan, error);
      return;
    } finally {
      this.#metrics.reserveSeconds.observe(
        { store: this.#counters.kind },
        (performance.now() - started) / 1000,
      );
    }
    if (!outcome.ok) throw this.#refuse(plan, outcome.failure, principal);
    plan.reservation = outcome.reservation;
    this.#keepAlive(plan, outcome.reservation);
  }

  afterRecord(ctx: RequestContext, record: RequestRecord): void {
    const plan = ctx.state.get(LIMITS_HOOK) as LimitsPlan | undefined;
    if (!plan || plan.rejected) return;
    clearInterval(plan.renewal);
    const orgId = accessPrincipalOf(ctx.principal)?.orgId;
    const work = this.#settle(plan, record, orgId).catch((error: unknown) => {
      this.#options.logger.error({ err: describeError(error), requestId: ctx.id }, 'settle failed');
    });
    const tracked = work.finally(() => this.#settling.delete(tracked));
    this.#settling.add(tracked);
  }

  async drain(): Promise<void> {
    while (this.#settling.size > 0) await Promise.all(this.#settling);
    await this.#alerter.idle();
  }

  /**
   * The ttl only bounds how long a dead replica's holds linger. A live request may run longer (a
   * stream is not bound by the total timeout once it started), so its holds are renewed every half
   * ttl until it settles; otherwise its slot and its budget hold would lapse while it still spends.
   */
  #keepAlive(plan: LimitsPlan, reservation: Reservation): void {
    const { ttlMs } = plan.request;
    const until = Date.now() + MAX_RENEWAL_MS;
    plan.renewal = setInterval(() => {
      // A bound, so a request whose settle step never ran (a bug elsewhere) cannot hold a slot forever.
      if (Date.now() > until) {
        clearInterval(plan.renewal);
        return;
      }
      this.#counters.renew(reservation, ttlMs).catch((error: unknown) => {
        this.#metrics.storeFailures.inc({ store: this.#counters.kind, op: 'renew' });
        this.#warn(
          { store: this.#counters.kind, err: describeError(error) },
          'renewing a reservation failed',
        );
      });
    }, ttlMs / 2);
    plan.renewal.unref();
  }

  #refuse(plan: LimitsPlan, failure: ReserveFailure, principal: AccessPrincipal): KeelError {
    plan.rejected = true;
    if (failure.kind !== 'budget') {
      this.#metrics.limitRejections.inc({ kind: failure.kind });
      return rateLimitError(failure, plan);
    }
    const found = failingBudget(failure, plan);
    if (!found) return new KeelError('budget_exceeded', 'Budget exceeded');
    this.#metrics.budgetRejections.inc({ scope: found.budget.scope, period: found.budget.period });
    this.#alerter.breach({
      budget: found.budget,
      window: found.window,
      spentUsd: failure.settledUsd ?? 0,
      reservedUsd: failure.reservedUsd ?? 0,
      keyId: principal.keyId,
      orgId: principal.orgId,
    });
    return budgetError(failure, found, plan.request.costUsd);
  }

  /** The store failed: fail-closed refuses with 503; fail-open lets the request through, counted. */
  #storeDown(plan: LimitsPlan, error: unknown): void {
    const store = this.#counters.kind;
    this.#metrics.storeFailures.inc({ store, op: 'reserve' });
    const failMode = this.#options.settings().failMode;
    this.#warn({ store, failMode, err: describeError(error) }, 'counter store unavailable');
    if (failMode === 'closed') {
      plan.rejected = true;
      throw new KeelError(
        'store_unavailable',
        'Rate limits and budgets cannot be checked right now; try again shortly',
        {
          retryAfterMs: 1000,
          cause: error,
        },
      );
    }
    this.#metrics.failOpen.inc({ store });
  }

  async #settle(plan: LimitsPlan, record: RequestRecord, orgId: string | undefined): Promise<void> {
    // Let through while the store was down: still count what it cost, if the store is back.
    const reservation = plan.reservation ?? unreservedOf(plan);
    let outcome: SettleOutcome;
    try {
      outcome = await this.#counters.settle({
        reservation,
        costUsd: record.costUsd,
        completionTokens: record.completionTokens,
      });
    } catch (error) {
      this.#metrics.storeFailures.inc({ store: this.#counters.kind, op: 'settle' });
      this.#warn({ store: this.#counters.kind, err: describeError(error) }, 'settling spend failed');
      return;
    }
    this.#alertCrossings(plan, outcome, { costNano: toNano(record.costUsd), orgId });
  }

  #alertCrossings(
    plan: LimitsPlan,
    outcome: SettleOutcome,
    { costNano, orgId }: { costNano: number; orgId: string | undefined },
  ): void {
    if (costNano === 0) return;
    for (const { counterId, settledUsd } of outcome.spend) {
      const beforeUsd = fromNano(toNano(settledUsd) - costNano);
      for (const entry of plan.budgets.get(counterId) ?? []) {
        for (const threshold of crossedThresholds(entry.budget, { beforeUsd, afterUsd: settledUsd })) {
          this.#alerter.fire({
            budget: entry.budget,
            window: entry.window,
            threshold,
            spentUsd: settledUsd,
            ...(orgId === undefined ? {} : { orgId }),
          });
        }
      }
    }
  }
}
