import type { BudgetPolicy, EffectivePolicy, RateLimitPolicy, ScopeKind } from '../types.ts';
import type { Budget, Policy } from './entities.ts';

/** The chain a key's policy is merged over, most specific first. */
export interface ScopeChain {
  keyId: string;
  projectId: string;
  teamId: string;
  orgId: string;
}

export function chainLevels(chain: ScopeChain): Array<{ scope: ScopeKind; scopeId: string }> {
  return [
    { scope: 'key', scopeId: chain.keyId },
    { scope: 'project', scopeId: chain.projectId },
    { scope: 'team', scopeId: chain.teamId },
    { scope: 'org', scopeId: chain.orgId },
  ];
}

function intersect(lists: Array<string[] | null>): string[] | undefined {
  let result: string[] | undefined;
  for (const list of lists) {
    if (list === null) continue;
    result = result === undefined ? [...list] : result.filter((item) => list.includes(item));
  }
  return result;
}

const budgetPolicy = (budget: Budget): BudgetPolicy => ({
  id: budget.id,
  scope: budget.scope,
  scopeId: budget.scopeId,
  amountUsd: budget.amountUsd,
  period: budget.period,
  alertThresholds: budget.alertThresholds,
  ...(budget.alertWebhook === null ? {} : { alertWebhook: budget.alertWebhook }),
});

/**
 * Merges the policies on a key's chain. Every level's limits and budgets apply on their own (a
 * request must satisfy each; enforcement counts each level's usage separately), so they are listed,
 * not combined. Allow-lists intersect: a level can only narrow what the levels above allow. A level
 * with no list allows everything its parent allows.
 */
export function mergePolicy(
  chain: ScopeChain,
  found: { policies: readonly Policy[]; budgets: readonly Budget[] },
): EffectivePolicy {
  const levels = chainLevels(chain);
  const at = (level: { scope: ScopeKind; scopeId: string }) =>
    found.policies.find((p) => p.scope === level.scope && p.scopeId === level.scopeId);
  const policies = levels.map(at).filter((p): p is Policy => p !== undefined);
  const limits: RateLimitPolicy[] = [];
  for (const p of policies) {
    if (p.rpm === null && p.tpm === null && p.maxParallel === null) continue;
    limits.push({
      scope: p.scope,
      scopeId: p.scopeId,
      ...(p.rpm === null ? {} : { rpm: p.rpm }),
      ...(p.tpm === null ? {} : { tpm: p.tpm }),
      ...(p.maxParallel === null ? {} : { maxParallel: p.maxParallel }),
    });
  }
  const budgets: BudgetPolicy[] = [];
  for (const level of levels) {
    for (const b of found.budgets) {
      if (b.scope === level.scope && b.scopeId === level.scopeId) budgets.push(budgetPolicy(b));
    }
  }
  const allowedModels = intersect(policies.map((p) => p.allowedModels));
  const allowedRegions = intersect(policies.map((p) => p.allowedRegions));
  return {
    ...(allowedModels === undefined ? {} : { allowedModels }),
    ...(allowedRegions === undefined ? {} : { allowedRegions }),
    limits,
    budgets,
  };
}
