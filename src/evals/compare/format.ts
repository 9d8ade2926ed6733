import type { Comparison, MetricDiff, PairComparison } from './compare.ts';

const f3 = (x: number) => x.toFixed(3);
const signed = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(3)}`;

function ciText(d: MetricDiff): string {
  if (!d.ci) return '';
  const verdict = d.ci.upper < 0 ? ' worse' : d.ci.lower > 0 ? ' better' : '';
  return ` [${signed(d.ci.lower)}, ${signed(d.ci.upper)}]${verdict}`;
}

function line(label: string, d: MetricDiff | null): string {
  if (!d) return `  ${label.padEnd(22)} -`;
  return `  ${label.padEnd(22)} ${f3(d.meanA)} → ${f3(d.meanB)}  Δ ${signed(d.diff)}${ciText(d)}  (n=${d.n})`;
}

function pairText(p: PairComparison): string[] {
  const head = p.targetA === p.targetB ? p.targetA : `${p.targetA} → ${p.targetB}`;
  const lines = [
    `${head}: ${p.paired} paired items — ${p.regressions} regressed, ${p.improvements} improved, ${p.unchanged} unchanged` +
      (p.onlyInA || p.onlyInB ? ` (${p.onlyInA} only in A, ${p.onlyInB} only in B)` : ''),
    line('score', p.score),
    line('pass rate', p.passRate),
  ];
  for (const [name, d] of Object.entries(p.scorers)) lines.push(line(name, d));
  const show = (title: string, list: PairComparison['regressed']) => {
    if (list.length === 0) return;
    lines.push(`  ${title}:`);
    for (const c of list) {
      const a = c.errorA
        ? 'error'
        : `${c.passA === false ? 'fail' : 'pass'} ${c.scoreA === null ? '-' : f3(c.scoreA)}`;
      const b = c.errorB
        ? 'error'
        : `${c.passB === false ? 'fail' : 'pass'} ${c.scoreB === null ? '-' : f3(c.scoreB)}`;
      lines.push(`    ${c.itemId}: ${a} → ${b}`);
    }
  };
  show('regressions', p.regressed);
  show('improvements', p.improved);
  return lines;
}

/** A comparison as text: per target pair, per-item counts and aggregate Δ with its bootstrap CI. */
export function formatComparison(c: Comparison): string {
  const lines = [
    `A ${c.a.id} (${c.a.name}, dataset v${c.a.datasetVersion})`,
    `B ${c.b.id} (${c.b.name}, dataset v${c.b.datasetVersion})`,
    '',
  ];
  for (const p of c.pairs) lines.push(...pairText(p), '');
  return `${lines.join('\n').trimEnd()}\n`;
}
