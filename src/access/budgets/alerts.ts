import { request as httpRequest } from 'undici';
import type { Logger } from '../../log/index.ts';
import type { AuditSink, BudgetPolicy } from '../types.ts';
import { type PeriodWindow, periodAdjective } from './periods.ts';
import { webhookDispatcher, webhookUrlProblem } from './webhook-guard.ts';

/**
 * Soft budget alerts. A threshold fires when a settle moves the settled spend across it; the store
 * returns each settle's total atomically, so exactly one settle in the whole cluster sees a given
 * crossing — once per budget per period, with no extra coordination.
 */
export function crossedThresholds(
  budget: BudgetPolicy,
  spend: { beforeUsd: number; afterUsd: number },
): number[] {
  const crossed: number[] = [];
  for (const fraction of budget.alertThresholds) {
    if (!(fraction > 0)) continue;
    const line = fraction * budget.amountUsd;
    if (spend.beforeUsd < line && spend.afterUsd >= line) crossed.push(fraction);
  }
  return crossed.sort((a, b) => a - b);
}

export interface BudgetAlert {
  budget: BudgetPolicy;
  window: PeriodWindow;
  threshold: number;
  spentUsd: number;
  /** The organisation whose key's request crossed the line: scopes the audit event to it. */
  orgId?: string;
}

export interface BudgetAlerterOptions {
  audit: AuditSink;
  logger: Logger;
  /** Webhook POST timeout, ms. */
  timeoutMs?: number;
  /** Called for every alert fired (metrics). */
  onAlert?: (alert: BudgetAlert) => void;
  /** `access.webhooks.allowPrivate`, read per alert; default false (see webhook-guard.ts). */
  allowPrivateWebhooks?: () => boolean;
}

const usd = (n: number) => `$${n.toFixed(n >= 1 ? 2 : 4)}`;
const BREACH_MEMORY = 10_000;

/** The Slack-compatible text of an alert. */
export function alertText(alert: BudgetAlert): string {
  const { budget, window, threshold, spentUsd } = alert;
  const percent = Math.round(threshold * 100);
  const what = `${budget.scope} ${budget.scopeId} ${periodAdjective(budget.period)} budget`;
  const period = budget.period === 'total' ? '' : ` for ${window.key}`;
  const tail =
    threshold >= 1
      ? window.end === null
        ? ' Further requests are refused until the budget is raised.'
        : ` Further requests are refused until it resets at ${new Date(window.end).toISOString()}.`
      : '';
  return `Keel budget alert: ${what}${period} reached ${percent}% (${usd(spentUsd)} of ${usd(budget.amountUsd)} spent).${tail}`;
}

/**
 * Sends alerts off the request path: an audit event (always) and a webhook POST with a `{text}`
 * body (when the budget has one). Never throws; webhook failures are logged without the URL's
 * query (it may carry a token).
 */
export class BudgetAlerter {
  readonly #options: BudgetAlerterOptions;
  readonly #pending = new Set<Promise<void>>();
  readonly #breaches = new Set<string>();

  constructor(options: BudgetAlerterOptions) {
    this.#options = options;
  }

  fire(alert: BudgetAlert): void {
    this.#options.onAlert?.(alert);
    this.#track(this.#send(alert));
  }

  /** The first refusal by a budget in a period (per process) is a security-relevant event. */
  breach(event: {
    budget: BudgetPolicy;
    window: PeriodWindow;
    spentUsd: number;
    reservedUsd: number;
    keyId: string;
    orgId?: string;
  }): void {
    const id = `${event.budget.id}:${event.window.key}`;
    if (this.#breaches.has(id)) return;
    if (this.#breaches.size >= BREACH_MEMORY) this.#breaches.clear();
    this.#breaches.add(id);
    this.#track(
      this.#audit({
        action: 'budget.breach',
        budget: event.budget,
        orgId: event.orgId,
        meta: {
          period: event.window.key,
          amountUsd: event.budget.amountUsd,
          spentUsd: event.spentUsd,
          reservedUsd: event.reservedUsd,
          refusedKeyId: event.keyId,
        },
      }),
    );
  }

  /** Resolves when every alert in flight has been delivered or given up. */
  async idle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all(this.#pending);
  }

  #track(work: Promise<void>): void {
    const tracked = work.catch(() => undefined).finally(() => this.#pending.delete(tracked));
    this.#pending.add(tracked);
  }

  async #send(alert: BudgetAlert): Promise<void> {
    const text = alertText(alert);
    await this.#audit({
      action: 'budget.alert',
      budget: alert.budget,
      orgId: alert.orgId,
      meta: {
        period: alert.window.key,
        threshold: alert.threshold,
        spentUsd: alert.spentUsd,
        amountUsd: alert.budget.amountUsd,
        text,
      },
    });
    if (alert.budget.alertWebhook) await this.#post(alert.budget.alertWebhook, text);
  }

  async #audit(event: {
    action: string;
    budget: BudgetPolicy;
    orgId: string | undefined;
    meta: Record<string, unknown>;
  }): Promise<void> {
    try {
      await this.#options.audit.record({
        actor: {
          kind: 'system',
          id: 'keel-limits',
          ...(event.orgId === undefined ? {} : { orgId: event.orgId }),
        },
        action: event.action,
        target: `budget:${event.budget.id}`,
        meta: {
          scope: event.budget.scope,
          scopeId: event.budget.scopeId,
          budgetPeriod: event.budget.period,
          ...event.meta,
        },
      });
    } catch (error) {
      this.#options.logger.warn(
        { err: String(error), budgetId: event.budget.id },
        'budget audit event failed',
      );
    }
  }

  async #post(url: string, text: string): Promise<void> {
    const timeoutMs = this.#options.timeoutMs ?? 5000;
    try {
      // Checked again at send time: the row may predate the check, or the setting may have changed.
      const allowPrivate = this.#options.allowPrivateWebhooks?.() ?? false;
      const problem = webhookUrlProblem(url, { allowPrivate });
      if (problem !== undefined) throw new Error(`webhook ${problem}`);
      const dispatcher = webhookDispatcher({ allowPrivate });
      const response = await httpRequest(new URL(url), {
        ...(dispatcher ? { dispatcher } : {}),
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text }),
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.body.dump();
      if (response.statusCode >= 300) throw new Error(`webhook answered ${response.statusCode}`);
    } catch (error) {
      this.#options.logger.warn(
        { err: error instanceof Error ? error.message : String(error), webhook: safeUrl(url) },
        'budget alert webhook failed',
      );
    }
  }
}

function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname.length > 1 ? '/…' : ''}`;
  } catch {
    return 'invalid URL';
  }
}
