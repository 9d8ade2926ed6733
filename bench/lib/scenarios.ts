/**
 * The measured matrix: c=1 and c=16, non-streamed and streamed, each against direct-to-sim, the bare
 * proxy, Keel (and optionally Keel's core without modules). Within a scenario the targets are
 * measured in interleaved rounds (order rotated each round) and their samples pooled, so slow drift
 * of the machine hits all of them alike.
 */
import { finite, type LoadRun, type LoadTarget, type RequestShape, runLoad } from './load.ts';
import { interferenceProbe, procStats } from './procs.ts';
import { diff, type Histogram, histogram, quantile, scrape } from './prom.ts';
import { round, type Summary, summarize } from './stats.ts';
import { BENCH_MODEL } from './targets.ts';

export type TargetName = 'direct' | 'bare' | 'keel' | 'core';
/** Targets that are Keel processes (they expose /metrics with keel_overhead_seconds). */
export type KeelTarget = 'keel' | 'core';
const isKeel = (t: TargetName): t is KeelTarget => t === 'keel' || t === 'core';

export interface Scenario {
  name: string;
  concurrency: number;
  stream: boolean;
  /** Measured requests per target (split over the rounds). */
  requests: number;
}

export interface TargetResult {
  requests: number;
  errors: number;
  errorSamples: string[];
  rps: number;
  latencyMs: Summary;
  ttftMs?: Summary;
  /** CPU time the proxy process (bare or Keel) used per request, µs; absent for direct. */
  proxyCpuUsPerRequest?: number;
  simCpuUsPerRequest: number;
  /** CPU used by processes other than the benchmark's while this target was measured, % of the machine. */
  foreignCpuPct: number;
  stealPct: number;
}

export interface OverheadSummary {
  count: number;
  mean: number;
  p50: number;
  p99: number;
}

export interface ScenarioResult extends Scenario {
  targets: Partial<Record<TargetName, TargetResult>> & Record<'direct' | 'bare' | 'keel', TargetResult>;
  /** Keel's own keel_overhead_seconds histogram over this scenario's measured requests, ms. */
  overheadMs: Partial<Record<KeelTarget, OverheadSummary>>;
}

export interface Harness {
  /** In measuring order for the first round. */
  names: TargetName[];
  targets: Partial<Record<TargetName, LoadTarget>>;
  /** pid of the process that serves each target besides the sim (none for direct). */
  proxyPid: Partial<Record<TargetName, number>>;
  simPid: number;
  /** The benchmark's own child processes (excluded from the interference figure). */
  ownPids: number[];
  rounds: number;
  warmup: number;
  log(line: string): void;
}

const PROMPT =
  'You are a helpful assistant for a support team. Summarise the customer message below in two ' +
  'sentences and suggest one next step. Customer: my invoice for March shows a charge twice and ' +
  'I would like a refund of the duplicate amount as soon as possible, thanks.';

export function shapeFor(stream: boolean): RequestShape {
  const body = {
    model: BENCH_MODEL,
    messages: [
      { role: 'system', content: 'Answer briefly.' },
      { role: 'user', content: PROMPT },
    ],
    ...(stream ? { stream: true } : {}),
  };
  return { body: JSON.stringify(body), stream };
}

interface Accumulator {
  runs: LoadRun[];
  proxyCpuMs: number;
  simCpuMs: number;
  /** Interference weighted by each run's wall time. */
  foreignPctMs: number;
  stealPctMs: number;
}

const concat = (arrays: Float64Array[]): Float64Array => {
  const out = new Float64Array(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.length;
  }
  return out;
};

function addHistogram(into: Histogram | undefined, h: Histogram): Histogram {
  if (!into) return h;
  const by = new Map(h.buckets.map((b) => [b.le, b.count]));
  return {
    buckets: into.buckets.map((b) => ({ le: b.le, count: b.count + (by.get(b.le) ?? 0) })),
    sum: into.sum + h.sum,
    count: into.count + h.count,
  };
}

async function measureOnce(h: Harness, target: TargetName, spec: { scenario: Scenario; requests: number }) {
  const pid = h.proxyPid[target];
  const before = { proxy: pid ? procStats(pid).cpuMs : 0, sim: procStats(h.simPid).cpuMs };
  const shape = shapeFor(spec.scenario.stream);
  const interference = interferenceProbe(h.ownPids);
  const run = await runLoad(h.targets[target] as LoadTarget, {
    path: '/v1/chat/completions',
    shapes: [shape],
    concurrency: spec.scenario.concurrency,
    requests: spec.requests,
  });
  return {
    run,
    ...interference(),
    proxyCpuMs: pid ? procStats(pid).cpuMs - before.proxy : 0,
    simCpuMs: procStats(h.simPid).cpuMs - before.sim,
  };
}

function targetResult(acc: Accumulator, hasProxy: boolean): TargetResult {
  const requests = acc.runs.reduce((n, r) => n + r.requests, 0);
  const elapsed = acc.runs.reduce((n, r) => n + r.elapsedMs, 0);
  const latency = finite(concat(acc.runs.map((r) => r.latencyMs)));
  const ttft = finite(concat(acc.runs.map((r) => r.ttftMs)));
  const result: TargetResult = {
    requests,
    errors: acc.runs.reduce((n, r) => n + r.errors, 0),
    errorSamples: acc.runs.flatMap((r) => r.errorSamples).slice(0, 5),
    rps: round((requests / elapsed) * 1000, 1),
    latencyMs: roundSummary(summarize(latency)),
    simCpuUsPerRequest: round((acc.simCpuMs * 1000) / requests, 1),
    foreignCpuPct: round(acc.foreignPctMs / elapsed, 1),
    stealPct: round(acc.stealPctMs / elapsed, 1),
  };
  if (ttft.length > 0) result.ttftMs = roundSummary(summarize(ttft));
  if (hasProxy) result.proxyCpuUsPerRequest = round((acc.proxyCpuMs * 1000) / requests, 1);
  return result;
}

const roundSummary = (s: Summary): Summary => ({
  count: s.count,
  mean: round(s.mean),
  p50: round(s.p50),
  p90: round(s.p90),
  p99: round(s.p99),
  max: round(s.max),
});

async function warmUp(h: Harness, scenario: Scenario): Promise<void> {
  for (const name of h.names) {
    await runLoad(h.targets[name] as LoadTarget, {
      path: '/v1/chat/completions',
      shapes: [shapeFor(scenario.stream)],
      concurrency: scenario.concurrency,
      requests: h.warmup,
    });
  }
}

/** Measures one round of one target; for Keel targets also the change in its overhead histogram. */
async function measureRound(h: Harness, target: TargetName, spec: { scenario: Scenario; requests: number }) {
  const url = h.targets[target]?.url;
  const before = isKeel(target) && url ? await scrape(url) : undefined;
  const measured = await measureOnce(h, target, spec);
  if (!before || !url) return { ...measured, overhead: undefined };
  const after = await scrape(url);
  const want = { endpoint: 'chat' };
  const overhead = diff(
    histogram(after, 'keel_overhead_seconds', want),
    histogram(before, 'keel_overhead_seconds', want),
  );
  return { ...measured, overhead };
}

/** Runs one scenario against all targets: warm-up, then interleaved measured rounds. */
export async function runScenario(h: Harness, scenario: Scenario): Promise<ScenarioResult> {
  const acc = new Map<TargetName, Accumulator>(
    h.names.map((t) => [t, { runs: [], proxyCpuMs: 0, simCpuMs: 0, foreignPctMs: 0, stealPctMs: 0 }]),
  );
  const overhead = new Map<TargetName, Histogram>();
  await warmUp(h, scenario);
  const perRound = Math.ceil(scenario.requests / h.rounds);
  for (let round = 0; round < h.rounds; round++) {
    // Rotate the order so no target always runs right after another one.
    const order = h.names.map((_, i) => h.names[(i + round) % h.names.length] as TargetName);
    for (const target of order) {
      const measured = await measureRound(h, target, { scenario, requests: perRound });
      if (measured.overhead) overhead.set(target, addHistogram(overhead.get(target), measured.overhead));
      const into = acc.get(target) as Accumulator;
      into.runs.push(measured.run);
      into.proxyCpuMs += measured.proxyCpuMs;
      into.simCpuMs += measured.simCpuMs;
      into.foreignPctMs += measured.foreignCpuPct * measured.run.elapsedMs;
      into.stealPctMs += measured.stealPct * measured.run.elapsedMs;
    }
    h.log(`  ${scenario.name}: round ${round + 1}/${h.rounds} done`);
  }
  const targets = Object.fromEntries(
    h.names.map((t) => [t, targetResult(acc.get(t) as Accumulator, h.proxyPid[t] !== undefined)]),
  ) as ScenarioResult['targets'];
  const overheadMs: ScenarioResult['overheadMs'] = {};
  for (const [t, hist] of overhead) if (isKeel(t)) overheadMs[t] = overheadSummary(hist);
  return { ...scenario, targets, overheadMs };
}

function overheadSummary(h: Histogram): OverheadSummary {
  if (h.count === 0) return { count: 0, mean: Number.NaN, p50: Number.NaN, p99: Number.NaN };
  return {
    count: h.count,
    mean: round((h.sum / h.count) * 1000),
    p50: round(quantile(h, 0.5) * 1000),
    p99: round(quantile(h, 0.99) * 1000),
  };
}
