import { Counter, Gauge } from 'prom-client';
import type { ModuleContext } from '../gateway/module.ts';
import type { SampleQueue } from './online/index.ts';

/** The evals module's Prometheus metrics (registered on the gateway's /metrics registry). */
export type EvalsMetrics = ReturnType<typeof evalsMetrics>;

export function evalsMetrics(ctx: ModuleContext, queue: SampleQueue) {
  const sampled = new Counter({
    name: 'keel_eval_online_samples_total',
    help: 'Requests sampled for online evaluation, by rule',
    labelNames: ['rule'] as const,
    registers: [ctx.metrics],
  });
  const scored = new Counter({
    name: 'keel_eval_online_scores_total',
    help: 'Online scores written, by rule, scorer and verdict',
    labelNames: ['rule', 'scorer', 'pass'] as const,
    registers: [ctx.metrics],
  });
  const failures = new Counter({
    name: 'keel_eval_online_failures_total',
    help: 'Sampled requests whose scoring failed',
    registers: [ctx.metrics],
  });
  const alerts = new Counter({
    name: 'keel_eval_alerts_total',
    help: 'Alerts raised by the evals module, by kind',
    labelNames: ['kind'] as const,
    registers: [ctx.metrics],
  });
  new Gauge({
    name: 'keel_eval_online_queue',
    help: 'Online samples waiting to be scored',
    registers: [ctx.metrics],
    collect() {
      this.set(queue.size);
    },
  });
  new Gauge({
    name: 'keel_eval_online_dropped',
    help: 'Online samples dropped because the queue was full (since start)',
    registers: [ctx.metrics],
    collect() {
      this.set(queue.dropped);
    },
  });
  return { sampled, scored, failures, alerts };
}
