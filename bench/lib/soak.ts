/**
 * The memory run: N requests (default 100k) through Keel at c=16, alternating non-streamed and
 * streamed, sampling Keel's RSS every half second against the number of requests completed. "Not
 * growing" is judged on the least-squares slope of RSS over requests after the first quarter of the
 * run (start-up, JIT and pool warm-up excluded), expressed in MB per 100k requests.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { finite, type LoadTarget, runLoad } from './load.ts';
import { procStats } from './procs.ts';
import { scrape, total } from './prom.ts';
import { shapeFor } from './scenarios.ts';
import { round, slope, summarize } from './stats.ts';
import type { GcEvent } from './targets.ts';

export interface SoakResult {
  requests: number;
  concurrency: number;
  errors: number;
  rps: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  rssStartMb: number;
  rssEndMb: number;
  rssMaxMb: number;
  /** RSS growth per 100k requests after the first quarter of the run (least squares), MB. */
  slopeMbPer100k: number;
  /** (requests completed, RSS MB) every ~500 ms. */
  samples: Array<{ requests: number; rssMb: number }>;
  /**
   * Live heap after each major GC during the run (from the GC probe): a leak shows as a rising
   * floor here, whereas V8 growing its heap between collections only raises RSS.
   */
  heapAfterMajorGc: Array<{ requests: number; usedMb: number; totalMb: number; rssMb: number }>;
  /** Least-squares slope of heapAfterMajorGc over requests, MB per 100k (NaN with < 2 GCs). */
  heapAfterGcSlopeMbPer100k: number;
  /** What Keel reports about itself after the run. */
  keel: {
    requestsTotal: number;
    recordsWritten: number;
    recordsDropped: number;
    recordsSpooled: number;
    recordsQueued: number;
  };
}

const mb = (bytes: number): number => round(bytes / (1024 * 1024), 1);

export async function runSoak(opts: {
  target: LoadTarget;
  keelPid: number;
  requests: number;
  concurrency: number;
  onKeelGc(listener: (event: GcEvent) => void): () => void;
}): Promise<SoakResult> {
  const progress = { completed: 0 };
  const gcs: SoakResult['heapAfterMajorGc'] = [];
  const unsubscribe = opts.onKeelGc((event) => {
    gcs.push({
      requests: progress.completed,
      usedMb: round(event.usedMb, 1),
      totalMb: round(event.totalMb, 1),
      rssMb: round(event.rssMb, 1),
    });
  });
  const samples: SoakResult['samples'] = [{ requests: 0, rssMb: mb(procStats(opts.keelPid).rssBytes) }];
  const timer = setInterval(() => {
    samples.push({ requests: progress.completed, rssMb: mb(procStats(opts.keelPid).rssBytes) });
  }, 500);
  const run = await runLoad(opts.target, {
    path: '/v1/chat/completions',
    shapes: [shapeFor(false), shapeFor(true)],
    concurrency: opts.concurrency,
    requests: opts.requests,
    progress,
  }).finally(() => {
    clearInterval(timer);
    unsubscribe();
  });
  samples.push({ requests: progress.completed, rssMb: mb(procStats(opts.keelPid).rssBytes) });
  // Give the record writer a couple of flush intervals before reading its counters.
  await sleep(1500);
  const metrics = await scrape(opts.target.url);
  const tail = samples.filter((s) => s.requests >= opts.requests / 4);
  const latency = summarize(finite(run.latencyMs));
  return {
    requests: run.requests,
    concurrency: opts.concurrency,
    errors: run.errors,
    rps: round((run.requests / run.elapsedMs) * 1000, 1),
    latencyP50Ms: round(latency.p50),
    latencyP99Ms: round(latency.p99),
    rssStartMb: samples[0]?.rssMb ?? Number.NaN,
    rssEndMb: samples.at(-1)?.rssMb ?? Number.NaN,
    rssMaxMb: Math.max(...samples.map((s) => s.rssMb)),
    slopeMbPer100k: round(slope(tail.map((s) => ({ x: s.requests, y: s.rssMb }))) * 100_000, 2),
    samples,
    heapAfterMajorGc: gcs,
    heapAfterGcSlopeMbPer100k: round(slope(gcs.map((g) => ({ x: g.requests, y: g.usedMb }))) * 100_000, 2),
    keel: {
      requestsTotal: total(metrics, 'keel_requests_total'),
      recordsWritten: total(metrics, 'keel_record_queue', { state: 'written' }),
      recordsDropped: total(metrics, 'keel_records_dropped'),
      recordsSpooled: total(metrics, 'keel_record_queue', { state: 'spooled' }),
      recordsQueued: total(metrics, 'keel_record_queue', { state: 'queued' }),
    },
  };
}
