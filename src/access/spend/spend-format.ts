import { formatUsd } from '../../cost/index.ts';
import type { SpendReport } from './spend-report.ts';

export type SpendFormat = 'table' | 'csv' | 'json';

const MEASURE_TITLES = ['requests', 'errors', 'prompt_tokens', 'completion_tokens', 'cost_usd'] as const;

function cells(report: SpendReport): string[][] {
  return report.rows.map((row) => [
    ...report.by.map((dim) => row.group[dim] ?? ''),
    String(row.requests),
    String(row.errors),
    String(row.promptTokens),
    String(row.completionTokens),
    formatUsd(row.costUsd),
  ]);
}

// Values come from callers (end-user ids, feature names, tags): control and bidi-override
// characters could disguise the terminal; show them inert.
const CONTROL = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/gu;

/** Aligned columns for a terminal, with a total line. */
export function formatSpendTable(report: SpendReport, extra: { period?: string } = {}): string {
  const header = [...report.by, ...MEASURE_TITLES];
  const body = cells(report).map((row) => row.map((c) => (c === '' ? '-' : c.replace(CONTROL, '?'))));
  const t = report.totals;
  const total = [
    ...report.by.map((_, i) => (i === 0 ? 'TOTAL' : '')),
    String(t.requests),
    String(t.errors),
    String(t.promptTokens),
    String(t.completionTokens),
    formatUsd(t.costUsd),
  ];
  const all = [header, ...body, total];
  const widths = header.map((_, i) => Math.max(...all.map((row) => (row[i] ?? '').length)));
  const numeric = (i: number) => i >= report.by.length;
  const line = (row: string[]) =>
    row
      .map((c, i) => (numeric(i) ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number)))
      .join('  ')
      .trimEnd();
  const title = `spend ${extra.period ? `for ${extra.period}` : `${report.fromDay} .. ${report.untilDay} (until exclusive)`}, by ${report.by.join(', ')}`;
  const rule = '-'.repeat(widths.reduce((a, b) => a + b + 2, -2));
  return `${[title, line(header), rule, ...body.map(line), rule, line(total)].join('\n')}\n`;
}

/**
 * RFC 4180 CSV. A cell starting with = + - @ (or tab/CR) is prefixed with a quote so a
 * spreadsheet never runs caller-supplied text (an end-user id like `=HYPERLINK(…)`) as a formula.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) && !/^-?\d+(\.\d+)?$/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function formatSpendCsv(report: SpendReport, extra: { period?: string } = {}): string {
  const lead = extra.period === undefined ? [] : ['period'];
  const header = [...lead, ...report.by, ...MEASURE_TITLES];
  const lines = [header.join(',')];
  for (const row of cells(report))
    lines.push([...(extra.period === undefined ? [] : [extra.period]), ...row].map(csvCell).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

export function formatSpendJson(report: SpendReport, extra: { period?: string } = {}): string {
  return `${JSON.stringify(extra.period === undefined ? report : { period: extra.period, ...report }, null, 2)}\n`;
}

export function formatSpend(
  report: SpendReport,
  format: SpendFormat,
  extra: { period?: string } = {},
): string {
  if (format === 'csv') return formatSpendCsv(report, extra);
  if (format === 'json') return formatSpendJson(report, extra);
  return formatSpendTable(report, extra);
}
