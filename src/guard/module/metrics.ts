import { Counter, Histogram, type Registry } from 'prom-client';

/** Guard metrics on the gateway's registry (so /metrics shows them). Scanner ids come from config: bounded. */
export interface GuardMetrics {
  /** One per scanner per checkpoint per request: `keel_guard_checks_total{checkpoint,scanner,verdict}`. */
  checks: Counter<'checkpoint' | 'scanner' | 'verdict'>;
  /** Requests/streams stopped: `keel_guard_blocks_total{policy,checkpoint,scanner}`. */
  blocks: Counter<'policy' | 'checkpoint' | 'scanner'>;
  /** Scanner time per request and checkpoint (streams: summed over chunks). */
  latency: Histogram<'checkpoint' | 'scanner'>;
}

const BUCKETS = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5];

export function createGuardMetrics(registry: Registry): GuardMetrics {
  // A registry outlives a module restart in tests; reuse what is already registered.
  const existing = <T>(name: string): T | undefined => registry.getSingleMetric(name) as T | undefined;
  const registers = [registry];
  return {
    checks:
      existing('keel_guard_checks_total') ??
      new Counter({
        name: 'keel_guard_checks_total',
        help: 'Guard scanner results by checkpoint, scanner and verdict',
        labelNames: ['checkpoint', 'scanner', 'verdict'],
        registers,
      }),
    blocks:
      existing('keel_guard_blocks_total') ??
      new Counter({
        name: 'keel_guard_blocks_total',
        help: 'Requests and streams blocked by a guard policy',
        labelNames: ['policy', 'checkpoint', 'scanner'],
        registers,
      }),
    latency:
      existing('keel_guard_scanner_duration_seconds') ??
      new Histogram({
        name: 'keel_guard_scanner_duration_seconds',
        help: 'Time a guard scanner took per request and checkpoint',
        labelNames: ['checkpoint', 'scanner'],
        buckets: BUCKETS,
        registers,
      }),
  };
}
