import { randomUUID } from 'node:crypto';
import type { Logger } from '../../log/index.ts';
import type { SqlExecutor } from '../../spec/index.ts';
import type { TenantDirectory } from '../query/tenants.ts';
import { durationMs } from '../query/time.ts';
import { builtinMetric } from './builtin-metrics.ts';
import { acquireJobLock, releaseJobLock } from './lock.ts';
import { type AlertingConfig, type AlertRule, BUILTIN_METRICS, holds, parseCondition } from './rule.ts';
import { type AlertMetricContext, type AlertMetricValue, alertMetricSource } from './sources.ts';
import { deleteState, insertEvent, listApiRules, loadStates, markDelivered, saveState } from './store.ts';
import { type AlertState, type Transition, transition } from './transition.ts';
import { postWebhook, slackBody } from './webhook.ts';

export interface AlertEvaluatorOptions {
  sql: SqlExecutor;
  tenants: TenantDirectory;
  /** Rules from keel.yaml (follows hot reloads); rules from the API are read from the store. */
  configRules(): readonly AlertRule[];
  alerting(): AlertingConfig;
  logger?: Logger | undefined;
  now?: () => number;
  /** Identifies this process in the job lock (default: random). */
  holder?: string;
  fetch?: typeof fetch;
  backoffMs?: readonly number[];
}

export interface TickResult {
  /** False when another replica holds the evaluator lock (nothing was evaluated here). */
  ran: boolean;
  rules: number;
  events: number;
  errors: Record<string, string>;
}

const LOCK = 'traces.alerts';
const BUILTIN = new Set<string>(BUILTIN_METRICS);

/**
 * Evaluates alert rules on a timer: per rule, the metric over its window (per group when the rule
 * has groupBy), the condition, the state machine (transition.ts), the history row and the webhook.
 * In cluster mode one replica evaluates at a time (job lock with expiry, renewed every tick).
 */
export class AlertEvaluator {
  readonly #o: AlertEvaluatorOptions;
  readonly #holder: string;
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<TickResult> | null = null;
  readonly #errors = new Map<string, string>();

  constructor(options: AlertEvaluatorOptions) {
    this.#o = options;
    this.#holder = options.holder ?? randomUUID();
  }

  start(): void {
    if (this.#timer) return;
    const schedule = () => {
      this.#timer = setTimeout(async () => {
        await this.tick().catch((error: unknown) =>
          this.#o.logger?.warn(
            { err: error instanceof Error ? error.message : 'error' },
            'alert evaluation failed',
          ),
        );
        if (this.#timer) schedule();
      }, this.#o.alerting().intervalMs);
      this.#timer.unref();
    };
    schedule();
  }

  /** Latest evaluation error per rule on this replica (cleared when the rule evaluates again). */
  errors(): Record<string, string> {
    return Object.fromEntries(this.#errors);
  }

  /** One evaluation of every enabled rule (overlapping calls share the run in progress). */
  tick(): Promise<TickResult> {
    this.#running ??= this.#tick().finally(() => {
      this.#running = null;
    });
    return this.#running;
  }

  async #tick(): Promise<TickResult> {
    const nowMs = (this.#o.now ?? Date.now)();
    const ttlMs = Math.max(30_000, 3 * this.#o.alerting().intervalMs);
    const result: TickResult = { ran: false, rules: 0, events: 0, errors: {} };
    if (!(await acquireJobLock(this.#o.sql, { name: LOCK, holder: this.#holder, ttlMs, nowMs })))
      return result;
    result.ran = true;
    const config = this.#o.configRules();
    const names = new Set(config.map((r) => r.name));
    const rules = [
      ...config,
      ...(await listApiRules(this.#o.sql, this.#o.logger)).filter((r) => !names.has(r.name)),
    ];
    for (const rule of rules.filter((r) => r.enabled)) {
      result.rules++;
      try {
        result.events += await this.#evaluate(rule, nowMs);
        this.#errors.delete(rule.name);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        this.#errors.set(rule.name, message);
        result.errors[rule.name] = message;
        this.#o.logger?.warn({ rule: rule.name, err: message }, 'alert rule could not be evaluated');
      }
    }
    return result;
  }

  async #values(rule: AlertRule, nowMs: number): Promise<AlertMetricValue[]> {
    const windowMs = durationMs(rule.window) as number;
    const all = rule.tenants ?? (await this.#o.tenants.all());
    const tenants = rule.filters.tenant ? all.filter((t) => t === rule.filters.tenant) : all;
    const ctx: AlertMetricContext = {
      sql: this.#o.sql,
      rule,
      sinceMs: nowMs - windowMs,
      untilMs: nowMs,
      windowMs,
      tenants,
    };
    if (BUILTIN.has(rule.metric))
      return tenants.length === 0 ? [] : builtinMetric(this.#o.sql, this.#o.tenants, ctx);
    const source = alertMetricSource(rule.metric);
    if (!source)
      throw new Error(
        `unknown metric '${rule.metric}' (not built in, and no source registered under that name)`,
      );
    return source.evaluate(ctx);
  }

  /** Returns the number of history events written. */
  async #evaluate(rule: AlertRule, nowMs: number): Promise<number> {
    const condition = parseCondition(rule.condition);
    if (!condition) throw new Error(`bad condition '${rule.condition}'`);
    const values = new Map((await this.#values(rule, nowMs)).map((v) => [rule.groupBy ? v.group : null, v]));
    const states = await loadStates(this.#o.sql, rule.name);
    const groups = new Set<string | null>([...values.keys(), ...states.keys()]);
    const forMs = durationMs(rule.for) as number;
    const cooldownMs = durationMs(rule.cooldown) as number;
    let events = 0;
    const deliveries: Array<() => Promise<void>> = [];
    for (const group of groups) {
      const v = values.get(group);
      const value = v?.value ?? null;
      const enough = (v?.count ?? Number.POSITIVE_INFINITY) >= rule.minCount;
      const breached = value !== null && enough && holds(condition.op, value, condition.threshold);
      const prev = states.get(group);
      const t = transition(prev, { breached, value, nowMs, forMs, cooldownMs });
      if (t.event) {
        events++;
        const deliver = await this.#record(rule, { group, t, threshold: condition.threshold, nowMs });
        if (deliver) deliveries.push(deliver);
      }
      await this.#persist(rule, { group, prev, next: t.next, nowMs, cooldownMs });
    }
    // Webhooks go out after the rule's state is saved: a slow hook (up to 3 timeouts) may outlast
    // the evaluation lease, and a replica taking over must see the new state, not notify again.
    for (const deliver of deliveries) await deliver();
    return events;
  }

  /** Writes the history event; returns its webhook delivery, to run once the state is saved. */
  async #record(
    rule: AlertRule,
    o: { group: string | null; t: Transition; threshold: number; nowMs: number },
  ): Promise<(() => Promise<void>) | undefined> {
    const { t, group } = o;
    const kind = t.event as NonNullable<Transition['event']>;
    const notice = {
      kind: kind === 'suppressed' ? 'firing' : kind,
      rule,
      groupBy: rule.groupBy ?? null,
      group,
      value: t.next.value,
      atMs: o.nowMs,
    } as const;
    const body = slackBody(notice);
    const id = await insertEvent(this.#o.sql, {
      rule: rule.name,
      groupBy: rule.groupBy ?? null,
      group,
      kind,
      value: t.next.value,
      threshold: o.threshold,
      message:
        kind === 'suppressed' ? `${body.text} (suppressed: inside cooldown ${rule.cooldown})` : body.text,
      scope: rule.tenants ?? null,
      delivered: false,
      error: null,
      atMs: o.nowMs,
    });
    if (!t.notify) return undefined;
    const hook = rule.webhook ?? this.#o.alerting().webhook;
    if (!hook) {
      await markDelivered(this.#o.sql, id, 'no webhook configured');
      return undefined;
    }
    return async () => {
      const sent = await postWebhook(hook, body, {
        timeoutMs: this.#o.alerting().webhookTimeoutMs,
        ...(this.#o.backoffMs ? { backoffMs: this.#o.backoffMs } : {}),
        ...(this.#o.fetch ? { fetch: this.#o.fetch } : {}),
      });
      await markDelivered(this.#o.sql, id, sent.ok ? null : sent.error);
      if (!sent.ok) this.#o.logger?.warn({ rule: rule.name, err: sent.error }, 'alert webhook failed');
    };
  }

  /** Keeps rows only for alerts that are not ok, or whose cooldown still matters. */
  async #persist(
    rule: AlertRule,
    o: {
      group: string | null;
      prev: AlertState | undefined;
      next: AlertState;
      nowMs: number;
      cooldownMs: number;
    },
  ): Promise<void> {
    const idle =
      o.next.state === 'ok' && (o.next.notifiedMs === null || o.nowMs - o.next.notifiedMs >= o.cooldownMs);
    if (idle) {
      if (o.prev) await deleteState(this.#o.sql, rule.name, o.group);
      return;
    }
    await saveState(this.#o.sql, { rule: rule.name, group: o.group, state: o.next, nowMs: o.nowMs });
  }

  async close(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#running?.catch(() => undefined);
    await releaseJobLock(this.#o.sql, { name: LOCK, holder: this.#holder }).catch(() => undefined);
  }
}
