import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Every Prometheus series the gateway exposes, in one place so names and labels stay consistent.
 * Label sets are bounded (model/deployment/status come from config, never from raw caller input).
 */
export interface GatewayMetrics {
  registry: Registry;
  requests: Counter<'model' | 'deployment' | 'status' | 'endpoint' | 'cache'>;
  latency: Histogram<'model' | 'endpoint' | 'stream'>;
  upstreamLatency: Histogram<'deployment'>;
  ttft: Histogram<'model'>;
  overhead: Histogram<'endpoint'>;
  tokens: Counter<'model' | 'kind'>;
  costUsd: Counter<'model'>;
  cacheLookups: Counter<'result'>;
  retries: Counter<'model' | 'deployment'>;
  fallbacks: Counter<'from' | 'to'>;
  circuitState: Gauge<'deployment' | 'model'>;
  recordQueue: Gauge<'state'>;
  recordsDropped: Gauge;
  streamErrors: Counter<'model' | 'code'>;
  inFlight: Gauge;
  configReloads: Counter<'result'>;
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
const OVERHEAD_BUCKETS = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05];

export function createGatewayMetrics(): GatewayMetrics {
  const registry = new Registry();
  const r = [registry];
  return {
    registry,
    requests: new Counter({
      name: 'keel_requests_total',
      help: 'Gateway requests',
      labelNames: ['model', 'deployment', 'status', 'endpoint', 'cache'],
      registers: r,
    }),
    latency: new Histogram({
      name: 'keel_request_duration_seconds',
      help: 'Total request latency',
      labelNames: ['model', 'endpoint', 'stream'],
      buckets: LATENCY_BUCKETS,
      registers: r,
    }),
    upstreamLatency: new Histogram({
      name: 'keel_upstream_duration_seconds',
      help: 'Upstream latency per deployment',
      labelNames: ['deployment'],
      buckets: LATENCY_BUCKETS,
      registers: r,
    }),
    ttft: new Histogram({
      name: 'keel_time_to_first_token_seconds',
      help: 'Time to first streamed token',
      labelNames: ['model'],
      buckets: LATENCY_BUCKETS,
      registers: r,
    }),
    overhead: new Histogram({
      name: 'keel_overhead_seconds',
      help: 'Time Keel adds on the request path',
      labelNames: ['endpoint'],
      buckets: OVERHEAD_BUCKETS,
      registers: r,
    }),
    tokens: new Counter({
      name: 'keel_tokens_total',
      help: 'Tokens by kind (prompt, completion, cached, reasoning)',
      labelNames: ['model', 'kind'],
      registers: r,
    }),
    costUsd: new Counter({
      name: 'keel_cost_usd_total',
      help: 'Cost in USD',
      labelNames: ['model'],
      registers: r,
    }),
    cacheLookups: new Counter({
      name: 'keel_cache_lookups_total',
      help: 'Response cache lookups',
      labelNames: ['result'],
      registers: r,
    }),
    retries: new Counter({
      name: 'keel_retries_total',
      help: 'Upstream retries',
      labelNames: ['model', 'deployment'],
      registers: r,
    }),
    fallbacks: new Counter({
      name: 'keel_fallbacks_total',
      help: 'Fallbacks to another model',
      labelNames: ['from', 'to'],
      registers: r,
    }),
    circuitState: new Gauge({
      name: 'keel_circuit_state',
      help: 'Circuit state per deployment: 0 closed, 1 half-open, 2 open',
      labelNames: ['deployment', 'model'],
      registers: r,
    }),
    recordQueue: new Gauge({
      name: 'keel_record_queue',
      help: 'Request-record writer state (queued, written, spooled, dropped)',
      labelNames: ['state'],
      registers: r,
    }),
    recordsDropped: new Gauge({
      name: 'keel_records_dropped',
      help: 'Request records dropped because the store and spool were unavailable',
      registers: r,
    }),
    streamErrors: new Counter({
      name: 'keel_stream_errors_total',
      help: 'Streams that ended with an error event',
      labelNames: ['model', 'code'],
      registers: r,
    }),
    inFlight: new Gauge({ name: 'keel_in_flight_requests', help: 'Requests being served', registers: r }),
    configReloads: new Counter({
      name: 'keel_config_reloads_total',
      help: 'Config reloads',
      labelNames: ['result'],
      registers: r,
    }),
  };
}
