import type { EvalRow, SuiteResult } from './registry.ts';

const pct = (x: number | undefined): string => (x === undefined ? '-' : `${(x * 100).toFixed(1)}%`);
const num = (x: number | undefined): string => (x === undefined ? '-' : x.toFixed(3));
const ms = (x: number | undefined): string => (x === undefined ? '-' : x.toFixed(3));

const COLUMNS: Array<{ head: string; cell(row: EvalRow): string }> = [
  { head: 'suite', cell: (r) => r.suite },
  { head: 'source', cell: (r) => r.source },
  { head: 'scanner', cell: (r) => r.scanner },
  { head: 'n', cell: (r) => String(r.n) },
  { head: 'pos', cell: (r) => (r.positives === undefined ? '-' : String(r.positives)) },
  { head: 'precision', cell: (r) => num(r.precision) },
  { head: 'recall', cell: (r) => num(r.recall) },
  { head: 'F1', cell: (r) => num(r.f1) },
  { head: 'FPR', cell: (r) => pct(r.fpr) },
  { head: 'p50 ms', cell: (r) => ms(r.p50Ms) },
  { head: 'p99 ms', cell: (r) => ms(r.p99Ms) },
];

/** A plain-text table of the rows (one line per row) followed by each suite's notes. */
export function formatReport(results: readonly SuiteResult[]): string {
  const rows = results.flatMap((r) => r.rows);
  const cells = rows.map((row) => COLUMNS.map((c) => c.cell(row)));
  const widths = COLUMNS.map((c, i) => Math.max(c.head.length, ...cells.map((line) => line[i]!.length)));
  const render = (line: string[]): string =>
    line
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const out = [
    render(COLUMNS.map((c) => c.head)),
    render(widths.map((w) => '-'.repeat(w))),
    ...cells.map(render),
  ];
  for (const row of rows) if (row.note) out.push(`  [${row.suite}/${row.source}/${row.scanner}] ${row.note}`);
  for (const result of results) for (const note of result.notes) out.push(`  ${result.suite}: ${note}`);
  return `${out.join('\n')}\n`;
}

/** Rows rounded for a stable, readable JSON report. */
export function reportJson(results: readonly SuiteResult[]): unknown {
  const round = (x: number | undefined): number | undefined =>
    x === undefined ? undefined : Math.round(x * 1e4) / 1e4;
  return results.map((r) => ({
    suite: r.suite,
    notes: r.notes,
    rows: r.rows.map((row) => ({
      ...row,
      precision: round(row.precision),
      recall: round(row.recall),
      f1: round(row.f1),
      fpr: round(row.fpr),
      p50Ms: round(row.p50Ms),
      p99Ms: round(row.p99Ms),
    })),
  }));
}
