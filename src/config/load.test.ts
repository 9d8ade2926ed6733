import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, parseConfig } from './load.ts';

const BASE = `
providers:
  sim: { type: openai, baseUrl: "http://127.0.0.1:1/v1", apiKey: x }
models:
  chat: { deployments: [{ provider: sim, model: m }] }
  guard-model: { deployments: [{ provider: sim, model: m }] }
`;

const keys = (text: string): string[] => {
  try {
    parseConfig(text, 'keel.yaml');
    return [];
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.issues.map((i) => `${i.key}: ${i.message}`);
  }
};

test('cross references: deployments, fallbacks and guard judge models name what exists', () => {
  assert.deepEqual(keys(BASE), []);
  assert.deepEqual(
    keys(`${BASE}  broken: { deployments: [{ provider: nope, model: m }], fallbacks: [missing, broken] }\n`),
    [
      "models.broken.deployments.0.provider: unknown provider 'nope'",
      "models.broken.fallbacks.0: unknown model 'missing'",
      'models.broken.fallbacks.1: a model cannot fall back to itself',
    ],
  );
  const guard = (model: string, budget = 2000) => `${BASE}guard:
  defaultPolicy: p
  policies:
    p:
      latencyBudgetMs: ${budget}
      input:
        - { scanner: injection }
        - { scanner: judge, options: { model: ${model} } }
`;
  assert.deepEqual(keys(guard('guard-model')), []);
  assert.deepEqual(keys(guard('gpt-typo')), [
    "guard.policies.p.input.1.options.model: unknown model 'gpt-typo'",
  ]);
  assert.deepEqual(keys(guard('guard-model', 50)), [
    'guard.policies.p.latencyBudgetMs: 50 ms is too short for a judge step (a model call): set at least 200',
  ]);
});
