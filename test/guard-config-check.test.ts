import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { stringify } from 'yaml';
import { run } from '../src/cli/commands/config.ts';

const dir = mkdtempSync(join(tmpdir(), 'keel-config-check-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `keel config check` on a config with this guard section; returns the exit code and stderr. */
async function check(guard: unknown): Promise<{ code: number; err: string }> {
  const file = join(dir, `keel-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(
    file,
    stringify({
      providers: { sim: { type: 'sim' } },
      models: { demo: { deployments: [{ provider: 'sim', model: 'sim-1' }] } },
      guard,
    }),
  );
  let err = '';
  const write = process.stderr.write;
  const out = process.stdout.write;
  process.stderr.write = ((chunk: string) => {
    err += chunk;
    return true;
  }) as typeof process.stderr.write;
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    return { code: await run(['check', file]), err };
  } finally {
    process.stderr.write = write;
    process.stdout.write = out;
  }
}

const policy = (input: unknown[], rest: Record<string, unknown> = {}) => ({
  defaultPolicy: 'p',
  policies: { p: { input, ...rest } },
});

/** `keel config check` refuses every guard config that `keel serve` refuses, with readable messages. */
describe('keel config check: guard policies', () => {
  it('a valid guard section is ok', async () => {
    const r = await check(policy([{ scanner: 'injection', action: 'block' }]));
    assert.equal(r.code, 0, r.err);
  });

  const bad: Array<[string, unknown, RegExp]> = [
    ['unknown scanner', policy([{ scanner: 'injecton' }]), /input\[0\]: unknown scanner 'injecton'/],
    [
      'option typo',
      policy([{ scanner: 'pii', action: 'mask', options: { entites: ['EMAIL_ADDRESS'] } }]),
      /guard\.policies\.p\.input\[0\]\.options: Unrecognized key: "entites"/,
    ],
    [
      'bad PII entity',
      policy([{ scanner: 'pii', options: { entities: ['EMAIL'] } }]),
      /input\[0\]\.options\.entities\.0: Invalid option/,
    ],
    [
      'scanner at a checkpoint it does not serve',
      { defaultPolicy: 'p', policies: { p: { output: [{ scanner: 'injection' }] } } },
      /does not run at the output checkpoint/,
    ],
    [
      'invalid regex',
      policy([{ scanner: 'regex', options: { patterns: [{ name: 'x', pattern: '(unclosed' }] } }]),
      /guard regex 'x'/,
    ],
    [
      'catastrophic regex',
      policy([{ scanner: 'regex', options: { patterns: [{ name: 'x', pattern: '(\\w+\\s?)*$' }] } }]),
      /catastrophic backtracking/,
    ],
    [
      'bad regex flags',
      policy([{ scanner: 'regex', options: { patterns: [{ name: 'x', pattern: 'a', flags: 'gq' }] } }]),
      /flags must be/,
    ],
    ['judge without a model', policy([{ scanner: 'judge' }], { latencyBudgetMs: 1000 }), /options\.model: /],
    [
      'judge with a bad preset',
      policy([{ scanner: 'judge', options: { model: 'demo', preset: 'spam' } }], { latencyBudgetMs: 1000 }),
      /options\.preset: /,
    ],
    [
      'keywords with empty topics',
      policy([{ scanner: 'keywords', options: { topics: [] } }]),
      /options\.topics: /,
    ],
  ];
  for (const [label, guard, expected] of bad) {
    it(`refuses: ${label}`, async () => {
      const r = await check(guard);
      assert.equal(r.code, 1, label);
      assert.match(r.err, expected);
      assert.ok(!r.err.includes('"code"'), `no raw zod JSON: ${r.err}`);
    });
  }
});

/** A binding that relaxes screening by key or team name is valid but warned about, naming what to list instead. */
describe('keel config check: bindings that relax screening by name', () => {
  const section = (bindings: unknown[]) => ({
    defaultPolicy: 'standard',
    policies: {
      standard: {
        input: [
          { scanner: 'injection', action: 'block' },
          { scanner: 'secrets', action: 'block' },
        ],
      },
      open: {},
      strict: {
        input: [{ scanner: 'injection' }, { scanner: 'secrets' }, { scanner: 'pii', action: 'mask' }],
      },
    },
    bindings,
  });

  it('warns for a relaxing binding by name, exit code still 0', async () => {
    const r = await check(section([{ policy: 'open', keys: ['ci-runner'] }]));
    assert.equal(r.code, 0, r.err);
    assert.match(
      r.err,
      /warning: guard\.bindings\[0\]: binds policy 'open'.*key name\(s\) 'ci-runner'.*keel keys list/,
    );
  });

  it('is silent for ids, for tightening bindings and for models', async () => {
    for (const bindings of [
      [{ policy: 'open', keys: ['01a20618-987b-7505-9524-e1b1ca326cc4'] }],
      [{ policy: 'strict', teams: ['finance'] }],
      [{ policy: 'open', models: ['internal-llama'] }],
    ]) {
      const r = await check(section(bindings));
      assert.equal(r.code, 0, r.err);
      assert.doesNotMatch(r.err, /warning/, JSON.stringify(bindings));
    }
  });
});
