import type { SqlExecutor, SqlRow } from '../../spec/index.ts';
import type { BudgetPeriod, ScopeKind } from '../types.ts';
import { type Budget, isoTime, type Policy } from './entities.ts';
import { jsonList, numOrNull, placeholders, whereEquals } from './sql-helpers.ts';

/** Policies (one row per scope: model/region allow-lists and rate limits) and budgets (many per scope). */

export interface PolicyValues {
  allowedModels: string[] | null;
  allowedRegions: string[] | null;
  rpm: number | null;
  tpm: number | null;
  maxParallel: number | null;
}

/** Where a policy or budget hangs, with the org/team it belongs to (for RBAC scoping). */
export interface ScopeRef {
  scope: ScopeKind;
  scopeId: string;
  orgId: string;
  teamId: string | null;
}

export function toPolicy(row: SqlRow): Policy {
  return {
    scope: String(row.scope) as ScopeKind,
    scopeId: String(row.scope_id),
    orgId: String(row.org_id),
    teamId: row.team_id === null || row.team_id === undefined ? null : String(row.team_id),
    allowedModels: jsonList(row.allowed_models),
    allowedRegions: jsonList(row.allowed_regions),
    rpm: numOrNull(row.rpm),
    tpm: numOrNull(row.tpm),
    maxParallel: numOrNull(row.max_parallel),
    updatedAt: isoTime(Number(row.updated_at)),
  };
}

const listText = (list: string[] | null): string | null => (list === null ? null : JSON.stringify(list));

export async function upsertPolicy(
  sql: SqlExecutor,
  policy: ScopeRef & PolicyValues & { now: number },
): Promise<Policy> {
  await sql.execute(
    `INSERT INTO access_policies
       (scope, scope_id, org_id, team_id, allowed_models, allowed_regions, rpm, tpm, max_parallel, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (scope, scope_id) DO UPDATE SET
       allowed_models = excluded.allowed_models, allowed_regions = excluded.allowed_regions,
       rpm = excluded.rpm, tpm = excluded.tpm, max_parallel = excluded.max_parallel,
       updated_at = excluded.updated_at`,
    [
      policy.scope,
      policy.scopeId,
      policy.orgId,
      policy.teamId,
      listText(policy.allowedModels),
      listText(policy.allowedRegions),
      policy.rpm,
      policy.tpm,
      policy.maxParallel,
      policy.now,
    ],
  );
  const { now, ...rest } = policy;
  return { ...rest, updatedAt: isoTime(now) };
}

export async function getPolicy(
  sql: SqlExecutor,
  ref: { scope: ScopeKind; scopeId: string },
): Promise<Policy | null> {
  const rows = await sql.query('SELECT * FROM access_policies WHERE scope = ? AND scope_id = ?', [
    ref.scope,
    ref.scopeId,
  ]);
  return rows[0] ? toPolicy(rows[0]) : null;
}

export async function deletePolicy(
  sql: SqlExecutor,
  ref: { scope: ScopeKind; scopeId: string },
): Promise<boolean> {
  const result = await sql.execute('DELETE FROM access_policies WHERE scope = ? AND scope_id = ?', [
    ref.scope,
    ref.scopeId,
  ]);
  return result.changes > 0;
}

export function toBudget(row: SqlRow): Budget {
  return {
    id: String(row.id),
    scope: String(row.scope) as ScopeKind,
    scopeId: String(row.scope_id),
    orgId: String(row.org_id),
    teamId: row.team_id === null || row.team_id === undefined ? null : String(row.team_id),
    amountUsd: Number(row.amount_usd),
    period: String(row.period) as BudgetPeriod,
    alertThresholds: (jsonList(row.alert_thresholds) ?? []).map(Number),
    alertWebhook:
      row.alert_webhook === null || row.alert_webhook === undefined ? null : String(row.alert_webhook),
    createdAt: isoTime(Number(row.created_at)),
    updatedAt: isoTime(Number(row.updated_at)),
  };
}

export interface BudgetValues {
  amountUsd: number;
  period: BudgetPeriod;
  alertThresholds: number[];
  alertWebhook: string | null;
}

export async function insertBudget(
  sql: SqlExecutor,
  budget: ScopeRef & BudgetValues & { id: string; now: number },
): Promise<Budget> {
  await sql.execute(
    `INSERT INTO access_budgets (id, scope, scope_id, org_id, team_id, amount_usd, period, alert_thresholds,
       alert_webhook, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      budget.id,
      budget.scope,
      budget.scopeId,
      budget.orgId,
      budget.teamId,
      budget.amountUsd,
      budget.period,
      JSON.stringify(budget.alertThresholds),
      budget.alertWebhook,
      budget.now,
      budget.now,
    ],
  );
  const { now, ...rest } = budget;
  return { ...rest, createdAt: isoTime(now), updatedAt: isoTime(now) };
}

export async function updateBudget(
  sql: SqlExecutor,
  budget: BudgetValues & { id: string; now: number },
): Promise<void> {
  await sql.execute(
    `UPDATE access_budgets SET amount_usd = ?, period = ?, alert_thresholds = ?, alert_webhook = ?, updated_at = ?
      WHERE id = ?`,
    [
      budget.amountUsd,
      budget.period,
      JSON.stringify(budget.alertThresholds),
      budget.alertWebhook,
      budget.now,
      budget.id,
    ],
  );
}

export async function getBudget(sql: SqlExecutor, id: string): Promise<Budget | null> {
  const rows = await sql.query('SELECT * FROM access_budgets WHERE id = ?', [id]);
  return rows[0] ? toBudget(rows[0]) : null;
}

export async function listBudgets(
  sql: SqlExecutor,
  filter: { orgId?: string | undefined; teamId?: string | undefined; scope?: ScopeKind; scopeId?: string },
): Promise<Budget[]> {
  const { clause, params } = whereEquals([
    ['org_id', filter.orgId],
    ['team_id', filter.teamId],
    ['scope', filter.scope],
    ['scope_id', filter.scopeId],
  ]);
  const rows = await sql.query(`SELECT * FROM access_budgets ${clause} ORDER BY created_at, id`, params);
  return rows.map(toBudget);
}

export async function deleteBudget(sql: SqlExecutor, id: string): Promise<void> {
  await sql.execute('DELETE FROM access_budgets WHERE id = ?', [id]);
}

/** Drops every policy and budget hanging on these scope ids (their owner is being deleted). */
export async function deleteScopes(sql: SqlExecutor, scopeIds: readonly string[]): Promise<void> {
  if (scopeIds.length === 0) return;
  const marks = placeholders(scopeIds.length);
  await sql.execute(`DELETE FROM access_policies WHERE scope_id IN (${marks})`, scopeIds);
  await sql.execute(`DELETE FROM access_budgets WHERE scope_id IN (${marks})`, scopeIds);
}
