/**
 * Turns the gateway benchmark's measurements into the figures the issue asks for (added latency,
 * added time-to-first-token, throughput vs the floor, memory), checks them against the targets, and
 * renders a plain-text table.
 */
import type { KeelTarget, OverheadSummary, ScenarioResult, TargetResult } from './scenarios.ts';
import type { SoakResult } from './soak.ts';
import { round } from './stats.ts';

export const TARGETS = {
  addedP50Ms: 0.35,
  addedP99Ms: 2,
  throughputVsBare: 0.75,
  rssMb: 150,
  /** "Not growing": RSS slope after the first quarter of the memory run, MB per 100k requests. */
  rssSlopeMbPer100k: 5,
} as const;

export interface Added {
  scenario: string;
  /** Which Keel: the real `keel serve`, or the gateway core without modules. */
  target: KeelTarget;
  /** Target p50/p99 minus direct-to-sim p50/p99 (total latency), ms. */
  p50: number;
  p99: number;
  /** Streams: target TTFT p50/p99 minus direct TTFT p50/p99, ms. */
  ttftP50?: number;
  ttftP99?: number;
  /** The same for the bare proxy: what any Node hop costs here. */
  bareP50: number;
  bareP99: number;
  bareTtftP50?: number;
  /** Target requests/s ÷ bare proxy requests/s. */
  throughputVsBare: number;
  /** Target process CPU per request ÷ bare proxy CPU per request. */
  cpuVsBare: number;
  /** keel_overhead_seconds over the same requests, ms. */
  inProcess?: OverheadSummary;
}

export interface Verdict {
  target: string;
  measured: string;
  met: boolean;
}

function addedFor(s: ScenarioResult, name: KeelTarget, t: TargetResult): Added {
  const { direct, bare } = s.targets;
  const added: Added = {
    scenario: s.name,
    target: name,
    p50: round(t.latencyMs.p50 - direct.latencyMs.p50),
    p99: round(t.latencyMs.p99 - direct.latencyMs.p99),
    bareP50: round(bare.latencyMs.p50 - direct.latencyMs.p50),
    bareP99: round(bare.latencyMs.p99 - direct.latencyMs.p99),
    throughputVsBare: round(t.rps / bare.rps, 3),
    cpuVsBare: round((t.proxyCpuUsPerRequest ?? Number.NaN) / (bare.proxyCpuUsPerRequest ?? Number.NaN), 2),
  };
  if (t.ttftMs && direct.ttftMs && bare.ttftMs) {
    added.ttftP50 = round(t.ttftMs.p50 - direct.ttftMs.p50);
    added.ttftP99 = round(t.ttftMs.p99 - direct.ttftMs.p99);
    added.bareTtftP50 = round(bare.ttftMs.p50 - direct.ttftMs.p50);
  }
  const inProcess = s.overheadMs[name];
  if (inProcess) added.inProcess = inProcess;
  return added;
}

/** Added figures for every Keel target measured in the scenario. */
export function addedFigures(s: ScenarioResult): Added[] {
  const out = [addedFor(s, 'keel', s.targets.keel)];
  if (s.targets.core) out.push(addedFor(s, 'core', s.targets.core));
  return out;
}

const ms = (v: number | undefined): string =>
  v === undefined || !Number.isFinite(v) ? '—' : `${v.toFixed(3)} ms`;

export function verdicts(added: Added[], soak: SoakResult | undefined): Verdict[] {
  const out: Verdict[] = [];
  // The targets are about Keel as shipped (`keel serve`), not the core-only comparison.
  const find = (name: string) => added.find((a) => a.scenario === name && a.target === 'keel');
  const c1 = find('c1-json');
  const c1s = find('c1-stream');
  if (c1) {
    out.push({
      target: `added p50 ≤ ${TARGETS.addedP50Ms} ms (c=1, non-streamed)`,
      measured: ms(c1.p50),
      met: c1.p50 <= TARGETS.addedP50Ms,
    });
    out.push({
      target: `added p99 ≤ ${TARGETS.addedP99Ms} ms (c=1, non-streamed)`,
      measured: ms(c1.p99),
      met: c1.p99 <= TARGETS.addedP99Ms,
    });
  }
  if (c1s?.ttftP50 !== undefined && c1s.ttftP99 !== undefined) {
    out.push({
      target: `added TTFT p50 ≤ ${TARGETS.addedP50Ms} ms (c=1, streamed)`,
      measured: ms(c1s.ttftP50),
      met: c1s.ttftP50 <= TARGETS.addedP50Ms,
    });
    out.push({
      target: `added TTFT p99 ≤ ${TARGETS.addedP99Ms} ms (c=1, streamed)`,
      measured: ms(c1s.ttftP99),
      met: c1s.ttftP99 <= TARGETS.addedP99Ms,
    });
  }
  for (const name of ['c16-json', 'c16-stream']) {
    const a = find(name);
    if (!a) continue;
    const pct = `${(a.throughputVsBare * 100).toFixed(1)} % of bare`;
    out.push({
      target: `throughput ≥ ${TARGETS.throughputVsBare * 100} % of bare proxy (${name})`,
      measured: pct,
      met: a.throughputVsBare >= TARGETS.throughputVsBare,
    });
  }
  if (soak) {
    out.push({
      target: `RSS ≤ ${TARGETS.rssMb} MB after ${soak.requests} requests`,
      measured: `${soak.rssEndMb} MB`,
      met: soak.rssEndMb <= TARGETS.rssMb,
    });
    out.push({
      target: `RSS not growing (slope ≤ ${TARGETS.rssSlopeMbPer100k} MB per 100k requests)`,
      measured: `${soak.slopeMbPer100k} MB / 100k`,
      met: soak.slopeMbPer100k <= TARGETS.rssSlopeMbPer100k,
    });
  }
  return out;
}

/** Fixed-width text table; the first row is the header. */
export function table(rows: Array<Array<string | number>>): string {
  const cells = rows.map((r) => r.map((c) => (typeof c === 'number' ? fmt(c) : c)));
  const widths = cells[0]?.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length))) ?? [];
  const line = (r: string[]) =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  const [head, ...body] = cells;
  return [line(head ?? []), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/** Numbers in tables are latencies in ms (µs resolution); counts are passed in as strings. */
const fmt = (v: number): string => (Number.isFinite(v) ? v.toFixed(3) : '—');

const TARGET_LABEL: Record<string, string> = {
  direct: 'direct',
  bare: 'bare',
  keel: 'keel',
  core: 'keel-core',
};

function measuredTable(scenarios: ScenarioResult[]): string {
  const rows: Array<Array<string | number>> = [
    [
      'scenario',
      'target',
      'req/s',
      'p50 ms',
      'p99 ms',
      'TTFT p50',
      'TTFT p99',
      'proxy CPU µs/req',
      'other CPU %',
      'errors',
    ],
  ];
  for (const s of scenarios) {
    for (const [name, t] of Object.entries(s.targets)) {
      rows.push([
        s.name,
        TARGET_LABEL[name] ?? name,
        t.rps.toFixed(0),
        t.latencyMs.p50,
        t.latencyMs.p99,
        t.ttftMs?.p50 ?? Number.NaN,
        t.ttftMs?.p99 ?? Number.NaN,
        t.proxyCpuUsPerRequest?.toFixed(0) ?? '—',
        t.foreignCpuPct.toFixed(1),
        String(t.errors),
      ]);
    }
  }
  return table(rows);
}

function addedTable(added: Added[]): string {
  const rows: Array<Array<string | number>> = [
    [
      'scenario',
      'target',
      '+p50',
      '+p99',
      '+TTFT p50',
      '+TTFT p99',
      'bare +p50',
      'bare +p99',
      'req/s vs bare',
      'CPU vs bare',
      'in-proc mean',
      'in-proc p50',
      'in-proc p99',
    ],
  ];
  for (const a of added) {
    rows.push([
      a.scenario,
      TARGET_LABEL[a.target] ?? a.target,
      a.p50,
      a.p99,
      a.ttftP50 ?? Number.NaN,
      a.ttftP99 ?? Number.NaN,
      a.bareP50,
      a.bareP99,
      `${(a.throughputVsBare * 100).toFixed(1)} %`,
      `${a.cpuVsBare.toFixed(2)}×`,
      a.inProcess?.mean ?? Number.NaN,
      a.inProcess?.p50 ?? Number.NaN,
      a.inProcess?.p99 ?? Number.NaN,
    ]);
  }
  return table(rows);
}

function soakLines(k: SoakResult): string[] {
  const gc = k.heapAfterMajorGc;
  const shown = gc.length > 8 ? [...gc.slice(0, 3), undefined, ...gc.slice(-3)] : gc;
  const floor = shown.map((g) => (g ? g.usedMb.toFixed(0) : '…')).join(' → ');
  const heap = gc.length
    ? `${gc.length} major GCs, live heap after them ${floor} MB`
    : 'no major GC during the run';
  return [
    `Memory run: ${k.requests} requests at c=${k.concurrency} (half streamed), ${k.rps.toFixed(0)} req/s, ${k.errors} errors`,
    `  Keel RSS start ${k.rssStartMb} MB, end ${k.rssEndMb} MB, max ${k.rssMaxMb} MB, slope ${k.slopeMbPer100k} MB per 100k requests`,
    `  ${heap}; slope ${k.heapAfterGcSlopeMbPer100k} MB per 100k requests`,
    `  Keel counters: ${k.keel.requestsTotal} requests, ${k.keel.recordsWritten} records written, ${k.keel.recordsSpooled} spooled, ${k.keel.recordsDropped} dropped`,
  ];
}

export function renderReport(opts: {
  scenarios: ScenarioResult[];
  added: Added[];
  soak?: SoakResult;
  verdicts: Verdict[];
}): string {
  const parts = [
    'Measured (client side, ms; proxy CPU from /proc; other CPU = what other processes used meanwhile):',
    measuredTable(opts.scenarios),
    '',
    "Added vs direct-to-sim (ms), vs the bare proxy, and Keel's own keel_overhead_seconds (in-proc, ms):",
    addedTable(opts.added),
  ];
  if (opts.soak) parts.push('', ...soakLines(opts.soak));
  const verdictRows = opts.verdicts.map((v) => [v.target, v.measured, v.met ? 'MET' : 'NOT MET']);
  parts.push('', 'Targets (keel serve as shipped):', table([['target', 'measured', 'met'], ...verdictRows]));
  return parts.join('\n');
}
