import type { Comparison, MetricDiff } from '../compare/index.ts';
import type { ExperimentSummary, TargetSummary } from '../runner/index.ts';
import type { GateConfig } from './eval-file-schema.ts';

/**
 * The CI gate: thresholds on each target's results, and — given a baseline comparison — the
 * largest allowed drop per metric. Every check is reported (passing ones too) so CI output shows
 * exactly what was measured against what.
 */

export interface GateCheck {
  kind: 'threshold' | 'regression';
  target: string;
  metric: string;
  actual: number;
  limit: number;
  op: '>=' | '<=';
  pass: boolean;
  message: string;
}

export interface GateReport {
  pass: boolean;
  checks: GateCheck[];
  baseline: { id: string } | null;
  /** Why regression checks were skipped, when they were. */
  notes: string[];
}

const f = (x: number) => String(Number(x.toFixed(4)));

function check(o: Omit<GateCheck, 'pass' | 'message'> & { label: string }): GateCheck {
  const pass = o.op === '>=' ? o.actual + 1e-9 >= o.limit : o.actual - 1e-9 <= o.limit;
  const { label, ...rest } = o;
  return {
    ...rest,
    pass,
    message: `${o.target}: ${label} ${f(o.actual)} ${pass ? 'meets' : 'fails'} ${o.op} ${f(o.limit)}`,
  };
}

function thresholds(t: TargetSummary, gate: GateConfig): GateCheck[] {
  const out: GateCheck[] = [];
  // No results at all (an empty dataset) proves nothing: a gate that passed on it would turn CI
  // green for an emptied or mistyped golden set.
  if (t.n === 0) {
    out.push(
      check({
        kind: 'threshold',
        target: t.key,
        metric: 'items',
        actual: 0,
        limit: 1,
        op: '>=',
        label: 'items',
      }),
    );
  }
  const errorRate = t.n === 0 ? 0 : t.errors / t.n;
  out.push(
    check({
      kind: 'threshold',
      target: t.key,
      metric: 'errorRate',
      actual: errorRate,
      limit: gate.maxErrorRate,
      op: '<=',
      label: 'error rate',
    }),
  );
  if (gate.minPassRate !== undefined) {
    out.push(
      check({
        kind: 'threshold',
        target: t.key,
        metric: 'passRate',
        actual: t.passRate,
        limit: gate.minPassRate,
        op: '>=',
        label: 'pass rate',
      }),
    );
  }
  if (gate.minScore !== undefined) {
    out.push(
      check({
        kind: 'threshold',
        target: t.key,
        metric: 'score',
        actual: t.meanScore ?? 0,
        limit: gate.minScore,
        op: '>=',
        label: 'mean score',
      }),
    );
  }
  for (const [name, g] of Object.entries(gate.scorers)) {
    const s = t.scorers[name];
    if (g.minMean !== undefined) {
      out.push(
        check({
          kind: 'threshold',
          target: t.key,
          metric: `${name}.mean`,
          actual: s?.mean ?? 0,
          limit: g.minMean,
          op: '>=',
          label: `${name} mean`,
        }),
      );
    }
    if (g.minPassRate !== undefined) {
      out.push(
        check({
          kind: 'threshold',
          target: t.key,
          metric: `${name}.passRate`,
          actual: s?.passRate ?? 0,
          limit: g.minPassRate,
          op: '>=',
          label: `${name} pass rate`,
        }),
      );
    }
  }
  return out;
}

function regressionCheck(
  target: string,
  metric: string,
  d: MetricDiff,
  tolerance: number,
  significant: boolean,
): GateCheck {
  const drop = -d.diff;
  const base = check({
    kind: 'regression',
    target,
    metric,
    actual: drop,
    limit: tolerance,
    op: '<=',
    label: `${metric} drop vs baseline`,
  });
  if (base.pass || !significant) return base;
  // Significance required: a drop whose CI still reaches 0 could be noise, so it does not fail.
  if (d.ci && d.ci.upper < 0) return base;
  return { ...base, pass: true, message: `${base.message} (not significant: CI reaches 0)` };
}

function regressions(comparison: Comparison, gate: NonNullable<GateConfig['regression']>): GateCheck[] {
  const out: GateCheck[] = [];
  for (const p of comparison.pairs) {
    const target = p.targetB;
    if (p.passRate) out.push(regressionCheck(target, 'passRate', p.passRate, gate.maxDrop, gate.significant));
    if (p.score) out.push(regressionCheck(target, 'score', p.score, gate.maxDrop, gate.significant));
    for (const [name, d] of Object.entries(p.scorers)) {
      out.push(
        regressionCheck(target, `${name}.mean`, d, gate.scorers[name] ?? gate.maxDrop, gate.significant),
      );
    }
  }
  return out;
}

export function evaluateGate(o: {
  summary: ExperimentSummary;
  gate: GateConfig;
  comparison?: Comparison | null;
  baselineNote?: string;
}): GateReport {
  const checks = o.summary.targets.flatMap((t) => thresholds(t, o.gate));
  const notes: string[] = [];
  if (o.gate.regression) {
    if (o.comparison) checks.push(...regressions(o.comparison, o.gate.regression));
    else notes.push(o.baselineNote ?? 'no baseline: regression checks skipped');
  }
  return {
    pass: checks.every((c) => c.pass),
    checks,
    baseline: o.comparison ? { id: o.comparison.a.id } : null,
    notes,
  };
}

export function formatGate(report: GateReport): string {
  const lines = [
    `gate: ${report.pass ? 'PASS' : 'FAIL'}${report.baseline ? ` (baseline ${report.baseline.id})` : ''}`,
  ];
  for (const c of report.checks) lines.push(`  ${c.pass ? 'ok  ' : 'FAIL'} ${c.message}`);
  for (const n of report.notes) lines.push(`  note: ${n}`);
  return `${lines.join('\n')}\n`;
}
