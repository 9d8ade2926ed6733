import { KeelError } from '../../errors/index.ts';
import { uuidv7 } from '../../store/index.ts';
import { webhookUrlProblem } from '../budgets/webhook-guard.ts';
import type { Budget, Policy } from '../principals/entities.ts';
import * as repo from '../principals/policy-repo.ts';
import { type AdminCaller, authorize, canSee, notFound, requireRole } from '../rbac/index.ts';
import type { ScopeKind } from '../types.ts';
import { requireLowerBudget, requireMayRemoveLimit, requireStricterPolicy } from './limits-guard.ts';
import { scopeResource, visibleScope } from './resolve.ts';
import {
  budgetCreateSchema,
  budgetListQuery,
  budgetUpdateSchema,
  type PolicyInput,
  policyInputSchema,
  scopeParams,
} from './schemas.ts';
import { audit, notify, SCOPE_TOPIC, type ServiceDeps, unchanged } from './service-deps.ts';
import { parseInput } from './validate.ts';

/** Policies (allow-lists, rate limits) and budgets at org, team, project or key level. */

/** PUT semantics: what is absent is cleared. */
export function policyValues(input: PolicyInput): repo.PolicyValues {
  const unique = (list: string[] | null | undefined) => (list ? [...new Set(list)] : null);
  return {
    allowedModels: unique(input.allowedModels),
    allowedRegions: unique(input.allowedRegions),
    rpm: input.rpm ?? null,
    tpm: input.tpm ?? null,
    maxParallel: input.maxParallel ?? null,
  };
}

/**
 * Budget webhooks are POSTed to from inside the network, so they may not point at loopback,
 * link-local or private addresses unless the operator allows it (budgets/webhook-guard.ts).
 */
export function checkWebhook(
  deps: ServiceDeps,
  url: string | null | undefined,
  param = 'alertWebhook',
): void {
  if (url === null || url === undefined) return;
  const problem = webhookUrlProblem(url, { allowPrivate: deps.allowPrivateWebhooks?.() ?? false });
  if (problem !== undefined) {
    throw new KeelError('invalid_request', `Invalid value for '${param}': ${problem}`, { param });
  }
}

/** Thresholds sorted and de-duplicated, so "fires once per threshold" has one meaning. */
export const thresholds = (list: readonly number[]): number[] => [...new Set(list)].sort((a, b) => a - b);

const scopeLabel = (scope: ScopeKind) => (scope === 'key' ? 'key' : 'policy');
const target = (ref: { scope: ScopeKind; scopeId: string }) => `policy:${ref.scope}:${ref.scopeId}`;

function emptyPolicy(ref: repo.ScopeRef): Policy {
  return {
    ...ref,
    allowedModels: null,
    allowedRegions: null,
    rpm: null,
    tpm: null,
    maxParallel: null,
    updatedAt: null,
  };
}

async function scopeFor(deps: ServiceDeps, caller: AdminCaller, params: unknown) {
  const p = parseInput(scopeParams, params, 'path');
  return visibleScope(deps, caller, p);
}

export async function getPolicy(deps: ServiceDeps, caller: AdminCaller, params: unknown): Promise<Policy> {
  const ref = await scopeFor(deps, caller, params);
  const resource = scopeResource(ref.scope);
  authorize(caller, { resource, verb: 'read', scope: ref, label: scopeLabel(ref.scope), id: ref.scopeId });
  return (await repo.getPolicy(deps.sql, ref)) ?? emptyPolicy(ref);
}

export async function putPolicy(
  deps: ServiceDeps,
  caller: AdminCaller,
  request: { params: unknown; body: unknown },
): Promise<Policy> {
  const body = parseInput(policyInputSchema, request.body);
  const ref = await scopeFor(deps, caller, request.params);
  const resource = scopeResource(ref.scope);
  authorize(caller, { resource, verb: 'write', scope: ref, label: scopeLabel(ref.scope), id: ref.scopeId });
  const before = await repo.getPolicy(deps.sql, ref);
  const values = policyValues(body);
  requireStricterPolicy(caller, before ?? undefined, values);
  const after = await repo.upsertPolicy(deps.sql, { ...ref, ...values, now: deps.now() });
  // The same policy PUT again (config applied on every deploy) need not make every replica re-read keys.
  if (!before || !unchanged(before, after)) await notify(deps, SCOPE_TOPIC);
  await audit(deps, caller, {
    action: 'policy.update',
    target: target(ref),
    orgId: ref.orgId,
    before: before ?? undefined,
    after,
  });
  return after;
}

export async function deletePolicy(deps: ServiceDeps, caller: AdminCaller, params: unknown): Promise<void> {
  const ref = await scopeFor(deps, caller, params);
  const resource = scopeResource(ref.scope);
  authorize(caller, { resource, verb: 'write', scope: ref, label: scopeLabel(ref.scope), id: ref.scopeId });
  const before = await repo.getPolicy(deps.sql, ref);
  if (!before) return;
  requireMayRemoveLimit(caller, 'policy');
  await repo.deletePolicy(deps.sql, ref);
  await notify(deps, SCOPE_TOPIC);
  await audit(deps, caller, { action: 'policy.delete', target: target(ref), orgId: ref.orgId, before });
}

export async function listBudgets(deps: ServiceDeps, caller: AdminCaller, query: unknown): Promise<Budget[]> {
  const q = parseInput(budgetListQuery, query, 'query');
  requireRole(caller, { resource: 'policy', verb: 'read', label: 'budget' });
  if ((q.scope === undefined) !== (q.scopeId === undefined)) {
    throw new KeelError('invalid_request', 'scope and scopeId go together', { param: 'scopeId' });
  }
  if (q.scope !== undefined && q.scopeId !== undefined) {
    const ref = await visibleScope(deps, caller, { scope: q.scope, scopeId: q.scopeId });
    return repo.listBudgets(deps.sql, { scope: ref.scope, scopeId: ref.scopeId });
  }
  const rows = await repo.listBudgets(deps.sql, { orgId: caller.orgId });
  return rows.filter((b) => canSee(caller, b, 'policy'));
}

async function visibleBudget(deps: ServiceDeps, caller: AdminCaller, id: string): Promise<Budget> {
  const budget = await repo.getBudget(deps.sql, id);
  if (!budget || !canSee(caller, budget, 'policy')) throw notFound('budget', id);
  return budget;
}

export async function getBudget(deps: ServiceDeps, caller: AdminCaller, id: string): Promise<Budget> {
  const budget = await visibleBudget(deps, caller, id);
  authorize(caller, {
    resource: scopeResource(budget.scope),
    verb: 'read',
    scope: budget,
    label: 'budget',
    id,
  });
  return budget;
}

export async function createBudget(deps: ServiceDeps, caller: AdminCaller, input: unknown): Promise<Budget> {
  const body = parseInput(budgetCreateSchema, input);
  checkWebhook(deps, body.alertWebhook);
  const ref = await visibleScope(deps, caller, body);
  authorize(caller, {
    resource: scopeResource(ref.scope),
    verb: 'write',
    scope: ref,
    label: 'budget',
    id: ref.scopeId,
  });
  const budget = await repo.insertBudget(deps.sql, {
    ...ref,
    amountUsd: body.amountUsd,
    period: body.period,
    alertThresholds: thresholds(body.alertThresholds),
    alertWebhook: body.alertWebhook ?? null,
    id: uuidv7(),
    now: deps.now(),
  });
  await notify(deps, SCOPE_TOPIC);
  await audit(deps, caller, {
    action: 'budget.create',
    target: `budget:${budget.id}`,
    orgId: budget.orgId,
    after: budget,
  });
  return budget;
}

export async function updateBudget(
  deps: ServiceDeps,
  caller: AdminCaller,
  request: { id: string; body: unknown },
): Promise<Budget> {
  const body = parseInput(budgetUpdateSchema, request.body);
  checkWebhook(deps, body.alertWebhook);
  const before = await visibleBudget(deps, caller, request.id);
  const resource = scopeResource(before.scope);
  authorize(caller, { resource, verb: 'write', scope: before, label: 'budget', id: request.id });
  const alertThresholds = body.alertThresholds ? thresholds(body.alertThresholds) : undefined;
  requireLowerBudget(caller, before, { ...body, alertThresholds });
  await repo.updateBudget(deps.sql, {
    id: before.id,
    amountUsd: body.amountUsd ?? before.amountUsd,
    period: body.period ?? before.period,
    alertThresholds: alertThresholds ?? before.alertThresholds,
    alertWebhook: body.alertWebhook === undefined ? before.alertWebhook : body.alertWebhook,
    now: deps.now(),
  });
  const after = (await repo.getBudget(deps.sql, before.id)) as Budget;
  if (!unchanged(before, after)) await notify(deps, SCOPE_TOPIC);
  await audit(deps, caller, {
    action: 'budget.update',
    target: `budget:${before.id}`,
    orgId: before.orgId,
    before,
    after,
  });
  return after;
}

export async function deleteBudget(deps: ServiceDeps, caller: AdminCaller, id: string): Promise<void> {
  const before = await visibleBudget(deps, caller, id);
  authorize(caller, {
    resource: scopeResource(before.scope),
    verb: 'write',
    scope: before,
    label: 'budget',
    id,
  });
  requireMayRemoveLimit(caller, 'budget');
  await repo.deleteBudget(deps.sql, id);
  await notify(deps, SCOPE_TOPIC);
  await audit(deps, caller, { action: 'budget.delete', target: `budget:${id}`, orgId: before.orgId, before });
}
