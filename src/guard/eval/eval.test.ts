import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Scanner } from '../../spec/scanner.ts';
import { evaluateBinary } from './binary-eval.ts';
import { clearEvalSuites, getEvalSuite, listEvalSuites, registerEvalSuite } from './registry.ts';
import { formatReport, reportJson } from './report.ts';

/** Blocks texts containing "bad"; flags texts containing "meh" (flags are not positives). */
const fake = (id: string, word: string): Scanner => ({
  specVersion: 'v1',
  id,
  checkpoints: ['input'],
  scan: (input) => {
    const text = input.kind === 'text' ? input.text : '';
    if (text.includes(word)) return { verdict: 'block', score: 1 };
    return text.includes('meh') ? { verdict: 'flag', score: 0.5 } : { verdict: 'pass', score: 0 };
  },
});

const items = [
  { text: 'bad one', label: 1 as const },
  { text: 'bad two', label: 1 as const },
  { text: 'worse', label: 1 as const },
  { text: 'fine but bad', label: 0 as const },
  { text: 'meh fine', label: 0 as const },
  { text: 'ok', label: 0 as const },
];

describe('evaluateBinary', () => {
  it('counts blocks as positives, per scanner and combined', async () => {
    const rows = await evaluateBinary([fake('a', 'bad'), fake('b', 'worse')], items, {
      suite: 's',
      source: 'src',
    });
    assert.deepEqual(
      rows.map((r) => r.scanner),
      ['a', 'b', 'combined'],
    );
    assert.deepEqual(rows[0]!.confusion, { tp: 2, fp: 1, fn: 1, tn: 2 });
    assert.deepEqual(rows[1]!.confusion, { tp: 1, fp: 0, fn: 2, tn: 3 });
    assert.deepEqual(rows[2]!.confusion, { tp: 3, fp: 1, fn: 0, tn: 2 });
    assert.equal(rows[2]!.recall, 1);
    assert.ok(rows.every((r) => r.p50Ms !== undefined && r.p99Ms! >= r.p50Ms!));
  });

  it('leaves precision/recall out for a benign-only set', async () => {
    const [row] = await evaluateBinary([fake('a', 'bad')], [{ text: 'bad', label: 0 }], {
      suite: 's',
      source: 'b',
    });
    assert.equal(row!.precision, undefined);
    assert.equal(row!.fpr, 1);
  });
});

describe('registry and report', () => {
  it('registers, lists and replaces suites by id', () => {
    clearEvalSuites();
    const suite = { id: 'x', description: 'd', run: () => ({ suite: 'x', rows: [], notes: [] }) };
    registerEvalSuite(suite);
    registerEvalSuite({ ...suite, description: 'd2' });
    assert.equal(listEvalSuites().length, 1);
    assert.equal(getEvalSuite('x')?.description, 'd2');
    clearEvalSuites();
  });

  it('formats a table with "-" for missing values, and rounded JSON', () => {
    const results = [
      {
        suite: 'injection',
        notes: ['a note'],
        rows: [
          {
            suite: 'injection',
            source: 'val',
            scanner: 'inj',
            n: 10,
            positives: 4,
            precision: 0.5,
            recall: 0.25,
            f1: 1 / 3,
            fpr: 0.0123,
            p50Ms: 0.1,
            p99Ms: 0.2,
          },
          { suite: 'injection', source: 'latency', scanner: 'inj', n: 5, p50Ms: 0.12345 },
        ],
      },
    ];
    const table = formatReport(results);
    const lines = table.split('\n');
    assert.match(
      lines[0]!,
      /^suite\s+source\s+scanner\s+n\s+pos\s+precision\s+recall\s+F1\s+FPR\s+p50 ms\s+p99 ms$/,
    );
    assert.match(table, /val\s+inj\s+10\s+4\s+0\.500\s+0\.250\s+0\.333\s+1\.2%/);
    assert.match(table, /latency\s+inj\s+5\s+-\s+-\s+-\s+-\s+-\s+0\.123\s+-/);
    assert.match(table, /injection: a note/);
    const json = reportJson(results) as Array<{ rows: Array<{ f1?: number }> }>;
    assert.equal(json[0]!.rows[0]!.f1, 0.3333);
  });
});
