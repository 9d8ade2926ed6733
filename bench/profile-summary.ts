/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time by function and by file or
 * package, so the bench can say where Keel's CPU goes.
 *
 *   node bench/profile-summary.ts PROFILE.cpuprofile [--top 25]
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface HotSpot {
  name: string;
  /** Self time, ms. */
  selfMs: number;
  /** Share of all sampled time (idle included), %. */
  pct: number;
}

export interface ProfileSummary {
  totalMs: number;
  idleMs: number;
  gcMs: number;
  byFunction: HotSpot[];
  byFile: HotSpot[];
  /** Keel's own functions (src/) by total time: self plus everything they called. */
  ownInclusive: HotSpot[];
}

/** `node_modules/<pkg>` (scoped too) for dependencies, the repo-relative path for our own files. */
function fileOf(url: string): string {
  if (!url) return '(native)';
  const dep = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (dep) return `dep:${dep[1]}`;
  if (url.startsWith('node:')) return url;
  const own = /\/((?:src|bench|test)\/.*)$/.exec(url);
  return own?.[1] ?? url;
}

function top(map: Map<string, number>, totalMs: number, n: number): HotSpot[] {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, us]) => ({
      name,
      selfMs: Math.round(us / 100) / 10,
      pct: Math.round((us / 1000 / totalMs) * 1000) / 10,
    }));
}

const keyOf = (frame: ProfileNode['callFrame']): string =>
  `${frame.functionName || '(anonymous)'} ${fileOf(frame.url)}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;

/** Total time per own (src/) function: each sample counts once per distinct function on its stack. */
function inclusiveOwn(profile: CpuProfile, byId: Map<number, ProfileNode>): Map<string, number> {
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const totals = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)?.callFrame;
      if (!frame || !fileOf(frame.url).startsWith('src/')) continue;
      seen.add(keyOf(frame));
    }
    for (const key of seen) totals.set(key, (totals.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  return totals;
}

export function summarizeProfile(profile: CpuProfile, n = 25): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  let idleUs = 0;
  let gcUs = 0;
  let allUs = 0;
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    allUs += us;
    if (frame.functionName === '(idle)') idleUs += us;
    if (frame.functionName === '(garbage collector)') gcUs += us;
    const file = fileOf(frame.url);
    const fn = keyOf(frame);
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
    byFile.set(file, (byFile.get(file) ?? 0) + us);
  }
  const totalMs = allUs / 1000;
  return {
    totalMs: Math.round(totalMs),
    idleMs: Math.round(idleUs / 1000),
    gcMs: Math.round(gcUs / 1000),
    byFunction: top(byFunction, totalMs, n),
    byFile: top(byFile, totalMs, n),
    ownInclusive: top(inclusiveOwn(profile, byId), totalMs, n),
  };
}

export function summarizeProfileFile(file: string, n = 25): ProfileSummary {
  return summarizeProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, n);
}

export function renderProfile(summary: ProfileSummary): string {
  const busy = summary.totalMs - summary.idleMs;
  const lines = [
    `CPU profile: ${summary.totalMs} ms sampled, ${busy} ms busy, ${summary.gcMs} ms GC`,
    '',
    'self time by function:',
  ];
  for (const h of summary.byFunction)
    lines.push(`  ${h.selfMs.toFixed(1).padStart(9)} ms ${h.pct.toFixed(1).padStart(5)} %  ${h.name}`);
  lines.push('', 'self time by file / package:');
  for (const h of summary.byFile)
    lines.push(`  ${h.selfMs.toFixed(1).padStart(9)} ms ${h.pct.toFixed(1).padStart(5)} %  ${h.name}`);
  lines.push('', "total time (self + callees) of Keel's own functions:");
  for (const h of summary.ownInclusive)
    lines.push(`  ${h.selfMs.toFixed(1).padStart(9)} ms ${h.pct.toFixed(1).padStart(5)} %  ${h.name}`);
  return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values, positionals } = parseArgs({ options: { top: { type: 'string' } }, allowPositionals: true });
  const file = positionals[0];
  if (!file) {
    process.stderr.write('usage: node bench/profile-summary.ts PROFILE.cpuprofile [--top N]\n');
    process.exitCode = 2;
  } else {
    process.stdout.write(`${renderProfile(summarizeProfileFile(file, Number(values.top ?? 25)))}\n`);
  }
}
