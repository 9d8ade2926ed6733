import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConfigError, loadConfigFile, parseConfig } from './load.ts';

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

/** Every issue as `line: key: message`, the parts an operator uses to find the mistake. */
const located = (text: string): string[] => {
  try {
    parseConfig(text, 'keel.yaml');
    return [];
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.issues.map((i) => `${i.line}: ${i.key || '(root)'}: ${i.message.split(' (')[0]}`);
  }
};

test('YAML syntax errors, duplicate keys and broken references name their line', () => {
  assert.deepEqual(located('providers:\n  sim: { type: sim\nmodels: {}\n'), [
    '3: (root): Flow map in block collection must be sufficiently indented and end with a }',
  ]);
  assert.deepEqual(located(`${BASE}  chat: { deployments: [{ provider: sim, model: n }] }\n`), [
    '7: (root): Map keys must be unique',
  ]);
  assert.deepEqual(
    located(`${BASE}  broken:\n    deployments: [{ provider: nope, model: m }]\n    fallbacks: [missing]\n`),
    [
      "8: models.broken.deployments.0.provider: unknown provider 'nope'",
      "9: models.broken.fallbacks.0: unknown model 'missing'",
    ],
  );
});

test('a name that is __proto__ (model, provider, policy, header, tenant) is refused, not silently dropped', () => {
  assert.deepEqual(
    located(`providers:
  sim: { type: openai, baseUrl: "http://127.0.0.1:1/v1", apiKey: x, headers: { __proto__: v } }
  __proto__: { type: sim }
models:
  chat: { deployments: [{ provider: sim, model: m }] }
  __proto__: { deployments: [{ provider: sim, model: m }] }
guard:
  policies:
    __proto__: { input: [{ scanner: injection }] }
traces:
  retention: { perTenant: { __proto__: 7 } }
`),
    [
      "2: providers.sim.headers.__proto__: '__proto__' cannot be used as a name: choose another",
      "3: providers.__proto__: '__proto__' cannot be used as a name: choose another",
      "6: models.__proto__: '__proto__' cannot be used as a name: choose another",
      "9: guard.policies.__proto__: '__proto__' cannot be used as a name: choose another",
      "11: traces.retention.perTenant.__proto__: '__proto__' cannot be used as a name: choose another",
    ],
  );
});

test('an alias bomb is a config error naming the file, not an exception', () => {
  const rows = ['a: &a [x, x, x, x, x, x, x, x, x]'];
  for (const [prev, name] of [
    ['a', 'b'],
    ['b', 'c'],
    ['c', 'd'],
    ['d', 'e'],
    ['e', 'f'],
    ['f', 'g'],
  ])
    rows.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`);
  assert.deepEqual(located(`${rows.join('\n')}\n`), ['null: (root): YAML aliases expand too much']);
});

test('a file that is not UTF-8 or not a file is refused with its name and line', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'keel-load-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'keel.yaml');
  writeFileSync(
    file,
    Buffer.concat([
      Buffer.from(`${BASE}  bad: { deployments: [{ provider: sim, model: "`),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('" }] }\n'),
    ]),
  );
  assert.throws(() => loadConfigFile(file), {
    message: `${file}:7:1: (root): not valid UTF-8 (save the file as UTF-8)`,
  });
  assert.throws(() => loadConfigFile(dir), { message: `${dir}: (root): is a directory` });
});
