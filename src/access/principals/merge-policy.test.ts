import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Budget, Policy } from './entities.ts';
import { mergePolicy } from './merge-policy.ts';

const chain = { keyId: 'k', projectId: 'p', teamId: 't', orgId: 'o' };
const at = '2025-01-01T00:00:00.000Z';

function policy(scope: Policy['scope'], scopeId: string, values: Partial<Policy>): Policy {
  const base = { allowedModels: null, allowedRegions: null, rpm: null, tpm: null, maxParallel: null };
  return { scope, scopeId, orgId: 'o', teamId: null, ...base, updatedAt: at, ...values };
}

function budget(scope: Budget['scope'], scopeId: string, amountUsd: number): Budget {
  const common = { orgId: 'o', teamId: null, period: 'month' as const, alertThresholds: [0.5, 1] };
  return {
    id: `b-${scopeId}`,
    scope,
    scopeId,
    amountUsd,
    ...common,
    alertWebhook: null,
    createdAt: at,
    updatedAt: at,
  };
}

describe('mergePolicy', () => {
  it('no policies: everything allowed, no limits, no budgets', () => {
    assert.deepEqual(mergePolicy(chain, { policies: [], budgets: [] }), { limits: [], budgets: [] });
  });

  it('allow-lists intersect across levels; a level without a list does not widen', () => {
    const merged = mergePolicy(chain, {
      policies: [
        policy('org', 'o', { allowedModels: ['a', 'b', 'c'], allowedRegions: ['eu', 'us'] }),
        policy('team', 't', { allowedModels: ['b', 'c', 'd'] }),
        policy('key', 'k', { allowedRegions: ['eu'] }),
      ],
      budgets: [],
    });
    assert.deepEqual(merged.allowedModels, ['b', 'c']);
    assert.deepEqual(merged.allowedRegions, ['eu']);
  });

  it('disjoint lists leave nothing allowed (not everything)', () => {
    const merged = mergePolicy(chain, {
      policies: [
        policy('org', 'o', { allowedModels: ['a'] }),
        policy('project', 'p', { allowedModels: ['b'] }),
      ],
      budgets: [],
    });
    assert.deepEqual(merged.allowedModels, []);
  });

  it('limits and budgets of every level apply, most specific first; other scopes are ignored', () => {
    const merged = mergePolicy(chain, {
      policies: [
        policy('org', 'o', { rpm: 1000 }),
        policy('key', 'k', { rpm: 10, tpm: 500 }),
        policy('team', 'other', { rpm: 1 }),
        policy('project', 'p', { allowedModels: ['x'] }),
      ],
      budgets: [budget('team', 't', 100), budget('key', 'k', 5), budget('key', 'someone-else', 1)],
    });
    assert.deepEqual(merged.limits, [
      { scope: 'key', scopeId: 'k', rpm: 10, tpm: 500 },
      { scope: 'org', scopeId: 'o', rpm: 1000 },
    ]);
    assert.deepEqual(
      merged.budgets.map((b) => [b.scope, b.amountUsd]),
      [
        ['key', 5],
        ['team', 100],
      ],
    );
    assert.equal('alertWebhook' in (merged.budgets[0] ?? {}), false);
  });
});
