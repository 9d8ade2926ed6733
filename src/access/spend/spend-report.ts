import { roundUsd } from '../../cost/index.ts';
import { KeelError } from '../../errors/index.ts';
import type { SqlExecutor, SqlValue } from '../../spec/index.ts';
import { parsePeriodKey } from '../budgets/periods.ts';

/** What spend can be grouped by. */
export const SPEND_DIMENSIONS = [
  'org',
  'team',
  'project',
  'key',
  'model',
  'user',
  'feature',
  'tag',
  'day',
] as const;
export type SpendDimension = (typeof SPEND_DIMENSIONS)[number];

const COLUMN: Readonly<Record<SpendDimension, string>> = {
  org: 'org_id',
  team: 'team_id',
  project: 'project_id',
  key: 'key_id',
  model: 'model',
  user: 'end_user',
  feature: 'feature',
  tag: 'tag',
  day: 'day',
};
/** The tag table has no end user or feature (one row per tag would multiply them). */
const TAG_TABLE_DIMS: ReadonlySet<SpendDimension> = new Set([
  'org',
  'team',
  'project',
  'key',
  'model',
  'tag',
  'day',
]);

export interface SpendFilters {
  orgId?: string | undefined;
  teamId?: string | undefined;
  projectId?: string | undefined;
  keyId?: string | undefined;
  model?: string | undefined;
}

export interface SpendQuery {
  by: readonly SpendDimension[];
  /** UTC days, `YYYY-MM-DD`; from inclusive, until exclusive. */
  fromDay: string;
  untilDay: string;
  filters?: SpendFilters;
  /** Most rows returned (the biggest spenders first). */
  limit?: number;
}

export interface SpendReportRow {
  /** The group's value per dimension ('' = none, e.g. requests without an end user). */
  group: Partial<Record<SpendDimension, string>>;
  requests: number;
  errors: number;
  costUsd: number;
  promptTokens: number;
  completionTokens: number;
}

export interface SpendReport {
  by: SpendDimension[];
  fromDay: string;
  untilDay: string;
  rows: SpendReportRow[];
  totals: Omit<SpendReportRow, 'group'>;
}

const FILTER_COLUMNS: ReadonlyArray<[keyof SpendFilters, string]> = [
  ['orgId', 'org_id'],
  ['teamId', 'team_id'],
  ['projectId', 'project_id'],
  ['keyId', 'key_id'],
  ['model', 'model'],
];

/** Parses `team,model` into dimensions; a clear 400 for anything else. */
export function parseDimensions(text: string): SpendDimension[] {
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  if (parts.length === 0)
    throw new KeelError('invalid_request', `by: give at least one of ${SPEND_DIMENSIONS.join(', ')}`, {
      param: 'by',
    });
  const dims: SpendDimension[] = [];
  for (const part of parts) {
    if (!(SPEND_DIMENSIONS as readonly string[]).includes(part)) {
      throw new KeelError(
        'invalid_request',
        `by: '${part.slice(0, 40)}' is not one of ${SPEND_DIMENSIONS.join(', ')}`,
        { param: 'by' },
      );
    }
    if (!dims.includes(part as SpendDimension)) dims.push(part as SpendDimension);
  }
  if (dims.includes('tag') && dims.some((d) => !TAG_TABLE_DIMS.has(d))) {
    throw new KeelError(
      'invalid_request',
      'by: tag can be combined with org, team, project, key, model and day only',
      { param: 'by' },
    );
  }
  return dims;
}

/** Spend grouped by the requested dimensions over whole UTC days, from the daily rollups. */
export async function spendReport(sql: SqlExecutor, query: SpendQuery): Promise<SpendReport> {
  const by = [...query.by];
  const table = by.includes('tag') ? 'access_spend_daily_tags' : 'access_spend_daily';
  const where = ['day >= ?', 'day < ?'];
  const params: SqlValue[] = [query.fromDay, query.untilDay];
  for (const [field, column] of FILTER_COLUMNS) {
    const value = query.filters?.[field];
    if (value !== undefined) {
      where.push(`${column} = ?`);
      params.push(value);
    }
  }
  const groupCols = by.map((d) => COLUMN[d]);
  const order = by.includes('day') ? 'day ASC, cost_usd DESC' : 'cost_usd DESC';
  const rows = await sql.query(
    `SELECT ${groupCols.map((c) => `${c} AS ${c}`).join(', ')},
            SUM(requests) AS requests, SUM(errors) AS errors, SUM(cost_usd) AS cost_usd,
            SUM(prompt_tokens) AS prompt_tokens, SUM(completion_tokens) AS completion_tokens
       FROM ${table} WHERE ${where.join(' AND ')}
      GROUP BY ${groupCols.join(', ')} ORDER BY ${order} LIMIT ?`,
    [...params, Math.min(query.limit ?? 10_000, 100_000)],
  );
  const out: SpendReportRow[] = rows.map((row) => {
    const group: Partial<Record<SpendDimension, string>> = {};
    for (const dim of by) group[dim] = String(row[COLUMN[dim]] ?? '');
    return {
      group,
      requests: Number(row.requests ?? 0),
      errors: Number(row.errors ?? 0),
      costUsd: roundUsd(Number(row.cost_usd ?? 0)),
      promptTokens: Number(row.prompt_tokens ?? 0),
      completionTokens: Number(row.completion_tokens ?? 0),
    };
  });
  const totals = { requests: 0, errors: 0, costUsd: 0, promptTokens: 0, completionTokens: 0 };
  for (const r of out) {
    totals.requests += r.requests;
    totals.errors += r.errors;
    totals.costUsd += r.costUsd;
    totals.promptTokens += r.promptTokens;
    totals.completionTokens += r.completionTokens;
  }
  totals.costUsd = roundUsd(totals.costUsd);
  return { by, fromDay: query.fromDay, untilDay: query.untilDay, rows: out, totals };
}

/**
 * A chargeback statement for one period (`2026-11`, `2026-W47`, `2026-11-22`): spend per org,
 * team and project (or the given dimensions) within exactly that period.
 */
export async function chargeback(
  sql: SqlExecutor,
  options: { period: string; by?: readonly SpendDimension[]; filters?: SpendFilters },
): Promise<SpendReport & { period: string }> {
  const window = parsePeriodKey(options.period);
  const report = await spendReport(sql, {
    by: options.by ?? ['org', 'team', 'project'],
    fromDay: new Date(window.start).toISOString().slice(0, 10),
    untilDay: new Date(window.end).toISOString().slice(0, 10),
    ...(options.filters ? { filters: options.filters } : {}),
    limit: 100_000,
  });
  return { ...report, period: window.key };
}
