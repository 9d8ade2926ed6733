/**
 * A promptfoo config (prompts inline and file://, providers in several forms, defaultTest, CSV
 * tests, equals / contains / icontains / regex / is-json / llm-rubric / contains-any /
 * starts-with / levenshtein / not-…, plus unsupported types) is imported and then run through a
 * real Keel against the sim and a scripted model, with a scripted judge.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { evalCommand } from '../src/cli/commands/eval.ts';
import { evalsModule, importPromptfooFile, parseEvalFile, ResultsRepo, runEval } from '../src/evals/index.ts';
import { lastUser, scriptedConfig, startScriptedUpstream } from '../src/evals/test-support.ts';
import type { RunningKeel } from '../src/gateway/start.ts';
import type { TestUpstream } from '../src/providers/http/test-upstream.ts';
import { startTestKeel } from './harness.ts';

const CONFIG = `
description: Support bot regression
prompts:
  - file://prompt.txt
  - "Answer as JSON: {{question}}"
providers:
  - openai:chat:scripted
  - id: openai:gpt-4o-mini
    label: mini
    config:
      temperature: 0
      apiKey: sk-should-not-travel
defaultTest:
  assert:
    - type: not-icontains
      value: "I cannot help"
tests:
  - description: capital
    vars: { question: "What is the capital of France?" }
    assert:
      - type: contains
        value: capital
      - type: icontains
        value: FRANCE
      - type: regex
        value: "^ANSWER"
      - type: llm-rubric
        value: Answers the question politely
        threshold: 0.7
      - type: levenshtein
        value: "ANSWER: what is the capital of france?"
        threshold: 40
        weight: 2
  - description: json
    vars: { question: "give json" }
    assert:
      - type: is-json
      - type: contains-any
        value: [ANSWER, json]
      - type: javascript
        value: output.length > 3
  - description: equality
    vars: { question: [one, two] }
    assert:
      - type: equals
        value: "ANSWER: one"
      - type: starts-with
        value: "ANSWER"
      - type: webhook
        value: https://example.invalid/hook
  - file://more-tests.csv
`;

describe('promptfoo import', () => {
  let keel: RunningKeel;
  let upstream: TestUpstream;
  let dir: string;

  before(async () => {
    upstream = await startScriptedUpstream((request) =>
      request.model === 'judge-1' ? '{"score": 0.9, "reason": "polite"}' : `ANSWER: ${lastUser(request)}`,
    );
    const scripted = scriptedConfig(upstream.origin);
    keel = await startTestKeel(
      {
        providers: { ...scripted.providers, sim: { type: 'sim', sim: { outputTokens: 6 } } },
        models: {
          ...scripted.models,
          judge: { deployments: [{ provider: 'scripted', model: 'judge-1' }] },
          demo: { deployments: [{ provider: 'sim', model: 'sim-1' }] },
        },
      },
      { modules: [evalsModule()] },
    );
    dir = mkdtempSync(join(tmpdir(), 'keel-promptfoo-'));
    writeFileSync(join(dir, 'prompt.txt'), 'You are helpful.\n{{question}}\n');
    writeFileSync(
      join(dir, 'more-tests.csv'),
      'question,__expected,__description\nhello,contains: hello,csv-hello\nbye,fn: output.includes("bye"),csv-js\n',
    );
    writeFileSync(join(dir, 'promptfooconfig.yaml'), CONFIG);
  });
  after(async () => {
    await keel.close();
    await upstream.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('maps prompts, providers, tests and assertions; lists what it could not map', () => {
    const imported = importPromptfooFile(join(dir, 'promptfooconfig.yaml'), {
      modelMap: new Map([['gpt-4o-mini', 'demo']]),
      judge: 'judge',
    });
    const e = imported.evalFile as {
      prompts: unknown[];
      models: unknown[];
      tests: { assert?: { type: string }[] }[];
      judge: string;
      defaultTest: unknown;
    };
    assert.equal(e.prompts.length, 2);
    assert.deepEqual(e.models, ['scripted', { id: 'mini', model: 'demo', params: { temperature: 0 } }]);
    assert.equal(e.tests.length, 6, 'two inline + one expanded into two (vars array) + two from CSV');
    assert.equal(e.judge, 'judge');
    assert.deepEqual(e.defaultTest, {
      assert: [{ type: 'icontains', value: 'I cannot help', negate: true }],
    });
    const types = e.tests[0]!.assert!.map((a) => a.type);
    assert.deepEqual(types, ['contains', 'icontains', 'regex', 'llm-rubric', 'levenshtein']);
    const byType = Object.fromEntries(imported.unsupported.map((u) => [u.type, u.tests]));
    assert.deepEqual(byType.javascript, ['json', 'csv-js']);
    assert.deepEqual(byType.webhook, ['equality']);
    assert.ok(imported.warnings.some((w) => w.includes("'apiKey' not carried over")));
    assert.ok(!imported.yaml.includes('sk-should-not-travel'));
    // The result is a valid eval file.
    const loaded = parseEvalFile(imported.yaml, join(dir, 'keel-eval.yaml'));
    assert.equal(loaded.items!.length, 6);
  });

  it('runs the imported suite through the gateway against the sim and a scripted model', async () => {
    const imported = importPromptfooFile(join(dir, 'promptfooconfig.yaml'), {
      modelMap: new Map([['gpt-4o-mini', 'demo']]),
      judge: 'judge',
    });
    const loaded = parseEvalFile(imported.yaml, join(dir, 'keel-eval.yaml'));
    const { experiment } = await runEval({ sql: keel.store.sql, loaded, baseUrl: keel.url });
    assert.equal(experiment.status, 'completed', experiment.error ?? '');
    const summary = experiment.summary!;
    // Prompt ids: the file's base name, then promptfoo's position for the inline one.
    assert.deepEqual(summary.targets.map((t) => t.key).sort(), [
      'prompt-2|mini',
      'prompt-2|scripted',
      'prompt|mini',
      'prompt|scripted',
    ]);
    assert.equal(summary.errors, 0);
    assert.equal(summary.done, 6 * 4);
    const scripted = summary.targets.find((t) => t.key === 'prompt|scripted')!;
    for (const name of [
      'contains',
      'icontains',
      'regex',
      'llm-rubric',
      'levenshtein',
      'is-json',
      'equals',
      'starts-with',
      'contains-any',
    ]) {
      assert.ok(scripted.scorers[name], `scorer ${name} ran`);
    }
    assert.equal(scripted.scorers['llm-rubric']!.mean, 0.9);
    assert.equal(scripted.scorers.regex!.passRate, 1);
    // is-json fails on the scripted text answer; the negated defaultTest passes everywhere.
    assert.equal(scripted.scorers['is-json']!.passRate, 0);
    assert.equal(
      scripted.scorers['not-icontains']!.n,
      6,
      'the negated defaultTest assertion applies to every test',
    );
    assert.equal(scripted.scorers['not-icontains']!.passRate, 1);
    assert.equal(scripted.scorers.icontains!.n, 1);
    const rows = [];
    for await (const page of new ResultsRepo(keel.store.sql).iterate(experiment.id))
      rows.push(...page.filter((r) => r.model === 'prompt-2|mini'));
    assert.equal(rows.length, 6);
    assert.ok(
      rows.every((r) => r.output && r.output.length > 0 && r.requestId),
      'the sim answered every item',
    );
  });

  it('keel eval import-promptfoo writes the file and reports unsupported types on stderr', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await evalCommand(
      [
        'import-promptfoo',
        join(dir, 'promptfooconfig.yaml'),
        '--out',
        join(dir, 'keel-eval.yaml'),
        '--model-map',
        'openai:gpt-4o-mini=demo',
        '--judge',
        'judge',
      ],
      { out: (t) => out.push(t), err: (t) => err.push(t), env: {}, isTTY: false },
    );
    assert.equal(code, 0, err.join(''));
    const stderr = err.join('');
    assert.match(stderr, /unsupported assertions \(left out\):/);
    assert.match(stderr, /javascript: "javascript" is not supported by Keel.* — in json, csv-js/);
    assert.match(stderr, /webhook: .* — in equality/);
    assert.equal(
      await evalCommand(
        ['import-promptfoo', join(dir, 'promptfooconfig.yaml'), '--out', join(dir, 'keel-eval.yaml')],
        { out: () => {}, err: () => {}, env: {}, isTTY: false },
      ),
      2,
      'refuses to overwrite',
    );
  });
});
