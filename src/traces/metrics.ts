import { Counter, Gauge, type Registry } from 'prom-client';
import type { TraceWriter } from './trace-writer.ts';

/** The traces module's Prometheus series (labels bounded: sources and results are fixed sets). */
export interface TracesMetrics {
  spans: Counter<'source' | 'result'>;
  requests: Counter<'endpoint' | 'status'>;
}

export function createTracesMetrics(registry: Registry, writer: TraceWriter): TracesMetrics {
  const registers = [registry];
  new Gauge({
    name: 'keel_trace_writer',
    help: 'Trace writer state: queued items, and items written, spooled, replayed, dropped, failed batches',
    labelNames: ['stat'],
    registers,
    collect() {
      const { lastError: _ignored, ...stats } = writer.stats();
      for (const [stat, value] of Object.entries(stats)) this.set({ stat }, value);
    },
  });
  return {
    spans: new Counter({
      name: 'keel_trace_spans_received_total',
      help: 'Spans received by trace ingest, by source and result (accepted, rejected)',
      labelNames: ['source', 'result'],
      registers,
    }),
    requests: new Counter({
      name: 'keel_trace_ingest_requests_total',
      help: 'Trace ingest requests by endpoint and HTTP status',
      labelNames: ['endpoint', 'status'],
      registers,
    }),
  };
}
