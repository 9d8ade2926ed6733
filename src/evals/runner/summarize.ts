import type { ResultsRepo } from './results-repo.ts';
import type { ExperimentSummary, ItemResult, TargetSummary } from './types.ts';

/**
 * An experiment's aggregate, read back from the store a page at a time: per target, counts,
 * pass rate, mean score, cost, latency percentiles and per-scorer means. Only numbers are kept in
 * memory (latencies for the percentiles), never whole results.
 */

interface Acc {
  n: number;
  errors: number;
  passed: number;
  scoreSum: number;
  scored: number;
  cost: number;
  latencies: number[];
  scorers: Map<string, { n: number; sum: number; passed: number }>;
}

const blank = (): Acc => ({
  n: 0,
  errors: 0,
  passed: 0,
  scoreSum: 0,
  scored: 0,
  cost: 0,
  latencies: [],
  scorers: new Map(),
});

function add(acc: Acc, r: ItemResult): void {
  acc.n++;
  acc.cost += r.costUsd;
  if (r.error !== null) {
    acc.errors++;
    return;
  }
  acc.latencies.push(r.latencyMs);
  if (r.pass !== false) acc.passed++;
  if (r.score !== null) {
    acc.scoreSum += r.score;
    acc.scored++;
  }
  for (const [name, s] of Object.entries(r.scores)) {
    const entry = acc.scorers.get(name) ?? { n: 0, sum: 0, passed: 0 };
    entry.n++;
    entry.sum += s.score;
    if (s.pass) entry.passed++;
    acc.scorers.set(name, entry);
  }
}

export function percentileOf(sorted: ArrayLike<number>, p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[rank]!;
}

function finish(key: string, acc: Acc): TargetSummary {
  const sorted = Float64Array.from(acc.latencies).sort();
  const scorers: TargetSummary['scorers'] = {};
  for (const [name, s] of [...acc.scorers].sort(([a], [b]) => (a < b ? -1 : 1))) {
    scorers[name] = { n: s.n, mean: s.sum / s.n, passRate: s.passed / s.n };
  }
  return {
    key,
    n: acc.n,
    errors: acc.errors,
    passed: acc.passed,
    passRate: acc.n === 0 ? 0 : acc.passed / acc.n,
    meanScore: acc.scored === 0 ? null : acc.scoreSum / acc.scored,
    costUsd: acc.cost,
    latencyP50: percentileOf(sorted, 0.5),
    latencyP95: percentileOf(sorted, 0.95),
    scorers,
  };
}

export async function summarize(
  repo: ResultsRepo,
  experimentId: string,
  total: number,
  targetKeys: readonly string[],
): Promise<ExperimentSummary> {
  const accs = new Map<string, Acc>(targetKeys.map((k) => [k, blank()]));
  for await (const page of repo.iterate(experimentId)) {
    for (const r of page) {
      let acc = accs.get(r.model);
      if (!acc) {
        acc = blank();
        accs.set(r.model, acc);
      }
      add(acc, r);
    }
  }
  const targets = [...accs].map(([key, acc]) => finish(key, acc));
  return {
    total,
    done: targets.reduce((s, t) => s + t.n - t.errors, 0),
    errors: targets.reduce((s, t) => s + t.errors, 0),
    costUsd: targets.reduce((s, t) => s + t.costUsd, 0),
    targets,
  };
}
