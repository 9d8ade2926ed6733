import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Comparison } from '../compare/index.ts';
import type { Experiment, ExperimentSummary, ItemResult, ResultsRepo } from '../runner/index.ts';
import { gateSchema } from './eval-file-schema.ts';
import { evaluateGate } from './gate.ts';
import { writeJunit, xmlAttr, xmlText } from './junit.ts';
import { mergeDefaultTest, parseEvalFile } from './load-eval-file.ts';
import { targetsOf } from './plan.ts';

const summary = (passRate: number, mean: number, errors = 0): ExperimentSummary => ({
  total: 10,
  done: 10 - errors,
  errors,
  costUsd: 0,
  targets: [
    {
      key: 'm',
      n: 10,
      errors,
      passed: Math.round(passRate * 10),
      passRate,
      meanScore: mean,
      costUsd: 0,
      latencyP50: 1,
      latencyP95: 2,
      scorers: { rubric: { n: 10, mean, passRate } },
    },
  ],
});

const diff = (meanA: number, meanB: number, ci: [number, number]) => ({
  n: 10,
  meanA,
  meanB,
  diff: meanB - meanA,
  ci: { lower: ci[0], upper: ci[1], confidence: 0.95 },
});
const comparison = (d: ReturnType<typeof diff>): Comparison => ({
  a: { id: 'base', name: 'x', datasetVersion: 1 },
  b: { id: 'cand', name: 'x', datasetVersion: 1 },
  pairs: [
    {
      targetA: 'm',
      targetB: 'm',
      paired: 10,
      regressions: 1,
      improvements: 0,
      unchanged: 9,
      onlyInA: 0,
      onlyInB: 0,
      regressed: [],
      improved: [],
      score: d,
      passRate: d,
      scorers: { rubric: d },
    },
  ],
});

describe('gate', () => {
  it('checks pass rate, mean score, error rate and per-scorer thresholds', () => {
    const gate = gateSchema.parse({
      minPassRate: 0.8,
      minScore: 0.7,
      scorers: { rubric: { minMean: 0.75 } },
    });
    const ok = evaluateGate({ summary: summary(0.8, 0.75), gate });
    assert.equal(ok.pass, true, JSON.stringify(ok.checks));
    const bad = evaluateGate({ summary: summary(0.7, 0.75, 1), gate });
    assert.equal(bad.pass, false);
    assert.deepEqual(
      bad.checks.filter((c) => !c.pass).map((c) => c.metric),
      ['errorRate', 'passRate'],
    );
  });

  it('an empty dataset fails the gate: no results prove nothing', () => {
    const s = summary(0, 0);
    const target = { ...s.targets[0]!, n: 0, passed: 0, meanScore: null, scorers: {} };
    const report = evaluateGate({
      summary: { ...s, total: 0, done: 0, targets: [target] },
      gate: gateSchema.parse({}),
    });
    assert.equal(report.pass, false);
    assert.deepEqual(
      report.checks.filter((c) => !c.pass).map((c) => c.message),
      ['m: items 0 fails >= 1'],
    );
  });
  it('fails a regression beyond its tolerance; with `significant`, only when the CI excludes 0', () => {
    const gate = gateSchema.parse({ regression: { maxDrop: 0.05, scorers: { rubric: 0.2 } } });
    const drop = evaluateGate({
      summary: summary(1, 0.8),
      gate,
      comparison: comparison(diff(0.9, 0.8, [-0.15, -0.05])),
    });
    assert.equal(drop.pass, false);
    const failed = drop.checks.filter((c) => !c.pass).map((c) => c.metric);
    assert.deepEqual(failed, ['passRate', 'score'], 'the rubric scorer has a looser tolerance');
    const noisy = gateSchema.parse({ regression: { maxDrop: 0.05, significant: true } });
    assert.equal(
      evaluateGate({
        summary: summary(1, 0.8),
        gate: noisy,
        comparison: comparison(diff(0.9, 0.8, [-0.3, 0.1])),
      }).pass,
      true,
    );
    assert.equal(
      evaluateGate({
        summary: summary(1, 0.8),
        gate: noisy,
        comparison: comparison(diff(0.9, 0.8, [-0.2, -0.01])),
      }).pass,
      false,
    );
    const none = evaluateGate({ summary: summary(1, 1), gate, comparison: null });
    assert.equal(none.pass, true);
    assert.match(none.notes[0]!, /regression checks skipped/);
  });
});

describe('JUnit XML', () => {
  it('escapes text and attributes and drops characters XML 1.0 cannot carry', () => {
    assert.equal(xmlText('a<b>&"c"'), 'a&lt;b&gt;&amp;"c"');
    assert.equal(xmlAttr('say "hi"\n\'x\''), 'say &quot;hi&quot;&#10;&apos;x&apos;');
    assert.equal(xmlText('bell\u0007 lone\uD800 ok😀'), 'bell\uFFFD lone\uFFFD ok😀');
  });

  it('writes testsuites/testsuite/testcase with failures and errors', async () => {
    const rows: ItemResult[] = [
      {
        experimentId: 'e',
        itemId: 'a&1',
        model: 'm',
        seq: 0,
        output: 'x <y>',
        error: null,
        latencyMs: 12,
        promptTokens: 1,
        completionTokens: 1,
        costUsd: 0,
        scores: { eq: { score: 0, pass: false, reason: 'expected "z"', weight: 1, type: 'equals' } },
        score: 0,
        pass: false,
        requestId: null,
        servedModel: null,
        fingerprint: null,
        createdAt: 0,
      },
      {
        experimentId: 'e',
        itemId: 'b',
        model: 'm',
        seq: 1,
        output: 'ok',
        error: null,
        latencyMs: 5,
        promptTokens: 1,
        completionTokens: 1,
        costUsd: 0,
        scores: {},
        score: 1,
        pass: true,
        requestId: null,
        servedModel: null,
        fingerprint: null,
        createdAt: 0,
      },
      {
        experimentId: 'e',
        itemId: 'c',
        model: 'm',
        seq: 2,
        output: null,
        error: 'upstream_timeout: slow',
        latencyMs: 0,
        promptTokens: 0,
        completionTokens: 0,
        costUsd: 0,
        scores: {},
        score: null,
        pass: false,
        requestId: null,
        servedModel: null,
        fingerprint: null,
        createdAt: 0,
      },
    ];
    const results = {
      iterate: async function* () {
        yield rows;
      },
    } as unknown as ResultsRepo;
    const s = summary(1 / 3, 0.5, 1);
    s.targets[0] = { ...s.targets[0]!, n: 3, passed: 1 };
    const experiment = {
      id: 'e',
      name: 'suite',
      summary: s,
      createdAt: 0,
      finishedAt: 2500,
    } as unknown as Experiment;
    let xml = '';
    await writeJunit({
      results,
      experiment,
      gate: evaluateGate({ summary: s, gate: gateSchema.parse({ minPassRate: 0.9 }) }),
      write: (t) => {
        xml += t;
      },
    });
    assert.match(xml, /<testsuites name="keel eval suite" tests="5" failures="3" errors="1" time="2.500">/);
    assert.match(
      xml,
      /<testcase classname="suite.m" name="a&amp;1" time="0.012">\n\s+<failure message="eq" type="assertion">eq: score 0.000: expected "z"\n\noutput:\nx &lt;y&gt;<\/failure>/,
    );
    assert.match(xml, /<testcase classname="suite.m" name="b" time="0.005"\/>/);
    assert.match(xml, /<error message="upstream_timeout: slow" type="call_error"\/>/);
    assert.match(xml, /<testsuite name="suite \/ gate" tests="2" failures="2"/);
    assert.equal((xml.match(/<testsuite /g) ?? []).length, 2);
    assert.ok(xml.endsWith('</testsuites>\n'));
  });
});

describe('eval files', () => {
  it('names the file, line and key of a mistake', () => {
    assert.throws(
      () => parseEvalFile('name: x\nmodels: [m]\ntests:\n  - vars: { q: 1 }\n    expectd: 2\n', 'e.yaml'),
      /e\.yaml:4:\d+: tests\.0: .*expectd/,
    );
    assert.throws(
      () =>
        parseEvalFile(
          'models: [m]\nscorers:\n  - type: regex\n    value: "("\ntests: [{ vars: { q: 1 } }]\n',
          'e.yaml',
        ),
      /e\.yaml:3:\d+: scorers: scorers\[0\]: .*regex/i,
    );
    assert.throws(() => parseEvalFile('models: [m]\n', 'e.yaml'), /needs a `dataset` or inline `tests`/);
    assert.throws(() => parseEvalFile('models: [m\n', 'e.yaml'), /e\.yaml:\d+:\d+/);
  });

  it('merges defaultTest into tests and builds prompt × model targets', () => {
    assert.deepEqual(
      mergeDefaultTest(
        { vars: { a: 1 }, assert: [{ type: 'x' }] },
        { vars: { a: 0, b: 2 }, assert: [{ type: 'd' }] },
      ),
      {
        vars: { a: 1, b: 2 },
        assert: [{ type: 'd' }, { type: 'x' }],
      },
    );
    const loaded = parseEvalFile(
      'prompts: ["{{q}}", { id: chat, messages: [{ role: system, content: s }] }, { prompt: "greet@v2" }]\nmodels: [a, { id: hot, model: a, params: { temperature: 1 } }]\ntests: [{ vars: { q: 1 } }]\n',
      'e.yaml',
    );
    const keys = targetsOf(loaded.spec).map((t) => `${t.kind}:${t.key}`);
    assert.deepEqual(keys, [
      'model:p1|a',
      'model:p1|hot',
      'model:chat|a',
      'model:chat|hot',
      'rendered-prompt:greet@v2|a',
      'rendered-prompt:greet@v2|hot',
    ]);
    const registry = parseEvalFile(
      'prompts: [{ prompt: "prompt:greet@v2" }]\ntests: [{ vars: { q: 1 } }]\n',
      'e.yaml',
    );
    assert.deepEqual(targetsOf(registry.spec), [
      { kind: 'gateway-prompt', key: 'prompt:greet@v2', ref: 'prompt:greet@v2', params: {} },
    ]);
  });
});
