import { KeelError } from '../../errors/index.ts';
import type { Experiment, ItemResult, ResultsRepo } from '../runner/index.ts';
import { bootstrapPairedDiffCI, type ConfidenceInterval } from '../stats/index.ts';

/**
 * Experiment A (baseline) vs B (candidate), per item and in aggregate. Items are paired by item id
 * (ids are stable across dataset versions); differences are B − A, so a negative difference is a
 * regression. Aggregate differences get a paired bootstrap CI: an interval wholly below 0 means B
 * is worse beyond noise. Only numbers are held per item; examples are capped.
 */

export interface ItemChange {
  itemId: string;
  scoreA: number | null;
  scoreB: number | null;
  passA: boolean | null;
  passB: boolean | null;
  errorA: string | null;
  errorB: string | null;
}

export interface MetricDiff {
  n: number;
  meanA: number;
  meanB: number;
  diff: number;
  ci: Pick<ConfidenceInterval, 'lower' | 'upper' | 'confidence'> | null;
}

export interface PairComparison {
  targetA: string;
  targetB: string;
  paired: number;
  regressions: number;
  improvements: number;
  unchanged: number;
  onlyInA: number;
  onlyInB: number;
  /** Up to `examples` of each, largest change first. */
  regressed: ItemChange[];
  improved: ItemChange[];
  score: MetricDiff | null;
  passRate: MetricDiff | null;
  scorers: Record<string, MetricDiff>;
}

export interface Comparison {
  a: { id: string; name: string; datasetVersion: number };
  b: { id: string; name: string; datasetVersion: number };
  pairs: PairComparison[];
}

export interface CompareOptions {
  results: ResultsRepo;
  a: Experiment;
  b: Experiment;
  /** Which target of A pairs with which of B; default: same keys, or the only target of each. */
  pairs?: [string, string][];
  examples?: number;
  bootstrap?: { resamples?: number; seed?: number; confidence?: number };
  /** Score changes up to this are "unchanged". */
  epsilon?: number;
}

interface Slim {
  score: number | null;
  pass: boolean | null;
  error: string | null;
  scorers: Record<string, number>;
}

const slim = (r: ItemResult): Slim => ({
  score: r.score,
  pass: r.pass,
  error: r.error,
  scorers: Object.fromEntries(Object.entries(r.scores).map(([k, v]) => [k, v.score])),
});

async function load(results: ResultsRepo, experimentId: string, target: string): Promise<Map<string, Slim>> {
  const map = new Map<string, Slim>();
  for await (const page of results.iterate(experimentId))
    for (const r of page) if (r.model === target) map.set(r.itemId, slim(r));
  return map;
}

export function defaultPairs(a: Experiment, b: Experiment): [string, string][] {
  const keysA = a.targets.map((t) => t.key);
  const keysB = new Set(b.targets.map((t) => t.key));
  const common = keysA.filter((k) => keysB.has(k));
  if (common.length > 0) return common.map((k) => [k, k]);
  if (a.targets.length === 1 && b.targets.length === 1) return [[a.targets[0]!.key, b.targets[0]!.key]];
  throw new KeelError(
    'invalid_request',
    'The experiments share no target; say which to compare (--pair A_TARGET=B_TARGET)',
  );
}

function diffOf(a: number[], b: number[], o: CompareOptions): MetricDiff | null {
  if (a.length === 0) return null;
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const resamples = o.bootstrap?.resamples ?? (a.length > 20_000 ? 500 : 2000);
  const ci = a.length >= 2 ? bootstrapPairedDiffCI(b, a, { ...o.bootstrap, resamples }) : null;
  return {
    n: a.length,
    meanA: mean(a),
    meanB: mean(b),
    diff: mean(b) - mean(a),
    ci: ci ? { lower: ci.lower, upper: ci.upper, confidence: ci.confidence } : null,
  };
}

/** −1 regression, +1 improvement, 0 unchanged; an error counts as failing with score 0. */
function direction(a: Slim, b: Slim, epsilon: number): number {
  const passA = a.error === null && a.pass !== false;
  const passB = b.error === null && b.pass !== false;
  if (passA !== passB) return passB ? 1 : -1;
  const sa = a.error === null ? (a.score ?? 0) : 0;
  const sb = b.error === null ? (b.score ?? 0) : 0;
  if (sb < sa - epsilon) return -1;
  if (sb > sa + epsilon) return 1;
  return 0;
}

async function comparePair(o: CompareOptions, targetA: string, targetB: string): Promise<PairComparison> {
  const [mapA, mapB] = await Promise.all([
    load(o.results, o.a.id, targetA),
    load(o.results, o.b.id, targetB),
  ]);
  const epsilon = o.epsilon ?? 1e-9;
  const limit = o.examples ?? 20;
  const out: PairComparison = {
    targetA,
    targetB,
    paired: 0,
    regressions: 0,
    improvements: 0,
    unchanged: 0,
    onlyInA: 0,
    onlyInB: 0,
    regressed: [],
    improved: [],
    score: null,
    passRate: null,
    scorers: {},
  };
  const scores = { a: [] as number[], b: [] as number[] };
  const passes = { a: [] as number[], b: [] as number[] };
  const perScorer = new Map<string, { a: number[]; b: number[] }>();
  for (const [itemId, a] of mapA) {
    const b = mapB.get(itemId);
    if (!b) {
      out.onlyInA++;
      continue;
    }
    out.paired++;
    const change: ItemChange = {
      itemId,
      scoreA: a.score,
      scoreB: b.score,
      passA: a.pass,
      passB: b.pass,
      errorA: a.error,
      errorB: b.error,
    };
    const dir = direction(a, b, epsilon);
    if (dir < 0) {
      out.regressions++;
      out.regressed.push(change);
    } else if (dir > 0) {
      out.improvements++;
      out.improved.push(change);
    } else out.unchanged++;
    scores.a.push(a.error === null ? (a.score ?? 0) : 0);
    scores.b.push(b.error === null ? (b.score ?? 0) : 0);
    passes.a.push(a.error === null && a.pass !== false ? 1 : 0);
    passes.b.push(b.error === null && b.pass !== false ? 1 : 0);
    for (const [name, va] of Object.entries(a.scorers)) {
      const vb = b.scorers[name];
      if (vb === undefined) continue;
      const entry = perScorer.get(name) ?? { a: [], b: [] };
      entry.a.push(va);
      entry.b.push(vb);
      perScorer.set(name, entry);
    }
  }
  for (const id of mapB.keys()) if (!mapA.has(id)) out.onlyInB++;
  const size = (c: ItemChange) => Math.abs((c.scoreB ?? 0) - (c.scoreA ?? 0)) + (c.passA !== c.passB ? 1 : 0);
  out.regressed = out.regressed.sort((x, y) => size(y) - size(x)).slice(0, limit);
  out.improved = out.improved.sort((x, y) => size(y) - size(x)).slice(0, limit);
  out.score = diffOf(scores.a, scores.b, o);
  out.passRate = diffOf(passes.a, passes.b, o);
  for (const [name, v] of [...perScorer].sort(([x], [y]) => (x < y ? -1 : 1))) {
    const d = diffOf(v.a, v.b, o);
    if (d) out.scorers[name] = d;
  }
  return out;
}

export async function compareExperiments(o: CompareOptions): Promise<Comparison> {
  const pairs = o.pairs ?? defaultPairs(o.a, o.b);
  const compared: PairComparison[] = [];
  for (const [ta, tb] of pairs) compared.push(await comparePair(o, ta, tb));
  const ref = (e: Experiment) => ({ id: e.id, name: e.name, datasetVersion: e.datasetVersion });
  return { a: ref(o.a), b: ref(o.b), pairs: compared };
}
