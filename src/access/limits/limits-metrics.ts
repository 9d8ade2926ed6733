import { Counter, Histogram, type Registry } from 'prom-client';

/** Prometheus series of enforcement. Labels are bounded: kinds, scopes and periods are enums. */
export interface LimitsMetrics {
  limitRejections: Counter<'kind'>;
  budgetRejections: Counter<'scope' | 'period'>;
  reserveSeconds: Histogram<'store'>;
  storeFailures: Counter<'store' | 'op'>;
  failOpen: Counter<'store'>;
  alerts: Counter<'threshold'>;
}

const RESERVE_BUCKETS = [
  0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
];

/** Registers (or reuses, when a second hook shares the registry) the enforcement metrics. */
export function limitsMetrics(registry: Registry): LimitsMetrics {
  const reuse = <T>(name: string, make: () => T): T =>
    (registry.getSingleMetric(name) as T | undefined) ?? make();
  const registers = [registry];
  return {
    limitRejections: reuse(
      'keel_access_limit_rejections_total',
      () =>
        new Counter({
          name: 'keel_access_limit_rejections_total',
          help: 'Requests refused by a rate limit',
          labelNames: ['kind'],
          registers,
        }),
    ),
    budgetRejections: reuse(
      'keel_access_budget_rejections_total',
      () =>
        new Counter({
          name: 'keel_access_budget_rejections_total',
          help: 'Requests refused by a budget',
          labelNames: ['scope', 'period'],
          registers,
        }),
    ),
    reserveSeconds: reuse(
      'keel_access_reserve_duration_seconds',
      () =>
        new Histogram({
          name: 'keel_access_reserve_duration_seconds',
          help: 'Time to check limits and reserve budget for a request (one counter-store call)',
          labelNames: ['store'],
          buckets: RESERVE_BUCKETS,
          registers,
        }),
    ),
    storeFailures: reuse(
      'keel_access_store_failures_total',
      () =>
        new Counter({
          name: 'keel_access_store_failures_total',
          help: 'Counter store (Redis) calls that failed',
          labelNames: ['store', 'op'],
          registers,
        }),
    ),
    failOpen: reuse(
      'keel_access_fail_open_total',
      () =>
        new Counter({
          name: 'keel_access_fail_open_total',
          help: 'Requests let through unchecked because the counter store was unavailable',
          labelNames: ['store'],
          registers,
        }),
    ),
    alerts: reuse(
      'keel_access_budget_alerts_total',
      () =>
        new Counter({
          name: 'keel_access_budget_alerts_total',
          help: 'Budget threshold alerts fired',
          labelNames: ['threshold'],
          registers,
        }),
    ),
  };
}
