import { describeKappa } from '../stats/kappa.ts';
import type { CalibrationResult } from './calibrate.ts';

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows
    .map((r) =>
      r
        .map((cell, c) => cell.padEnd(widths[c]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
const kappaText = (r: CalibrationResult) => (r.kappa === null ? 'undefined' : r.kappa.toFixed(3));
const ciText = (r: CalibrationResult) =>
  r.kappaCi ? `[${r.kappaCi.lower.toFixed(2)}, ${r.kappaCi.upper.toFixed(2)}]` : '-';

/** The confusion matrix as a table, rows = human, columns = judge. */
export function formatConfusion(r: CalibrationResult): string {
  const labels = r.confusion.labels.map(String);
  const rows = [['human \\ judge', ...labels]];
  r.confusion.matrix.forEach((row, i) => {
    rows.push([labels[i]!, ...row.map(String)]);
  });
  return table(rows);
}

/**
 * A plain-text report: one summary line per judge/rubric (κ, CI, agreement, verdict), then each
 * one's confusion matrix and warnings. Fixed-width, so it reads the same in a terminal and a CI log.
 */
export function formatCalibration(results: CalibrationResult | readonly CalibrationResult[]): string {
  const list: readonly CalibrationResult[] = 'confusion' in results ? [results] : results;
  const header = [
    'judge',
    'rubric',
    'scale',
    'n',
    'kappa',
    'kind',
    'CI',
    'agreement',
    'strength',
    'target',
    'verdict',
  ];
  const rows = [header];
  for (const r of list) {
    rows.push([
      r.judge ?? '-',
      r.rubric ?? '-',
      r.scale,
      String(r.n),
      kappaText(r),
      r.kappaKind,
      ciText(r),
      pct(r.percentAgreement),
      describeKappa(r.kappa),
      r.target.toFixed(2),
      r.pass ? 'PASS' : 'FAIL',
    ]);
  }
  const sections = [table(rows)];
  for (const r of list) {
    const title = `${r.judge ?? 'judge'}${r.rubric ? ` / ${r.rubric}` : ''}: ${r.verdict}`;
    const warnings = r.warnings.map((w) => `  warning: ${w}`);
    sections.push([title, formatConfusion(r), ...warnings].join('\n'));
  }
  return `${sections.join('\n\n')}\n`;
}
