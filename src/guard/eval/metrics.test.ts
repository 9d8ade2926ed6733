import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { binaryMetrics, confusionOf, latencySummary, percentile } from './metrics.ts';
import { spanMetrics } from './span-metrics.ts';

const close = (a: number, b: number): void => assert.ok(Math.abs(a - b) < 1e-12, `${a} != ${b}`);

describe('binary metrics (hand-worked)', () => {
  it('tp 8, fp 2, fn 4, tn 86', () => {
    const m = binaryMetrics({ tp: 8, fp: 2, fn: 4, tn: 86 });
    close(m.precision, 0.8);
    close(m.recall, 8 / 12);
    close(m.f1, (2 * 0.8 * (8 / 12)) / (0.8 + 8 / 12)); // = 16/22
    close(m.f1, 16 / 22);
    close(m.fpr, 2 / 88);
    close(m.accuracy, 94 / 100);
  });

  it('benign-only set: no positives, FPR is the share blocked', () => {
    const m = binaryMetrics({ tp: 0, fp: 3, fn: 0, tn: 97 });
    assert.equal(m.recall, 0);
    assert.equal(m.precision, 0);
    close(m.fpr, 0.03);
  });

  it('empty confusion gives zeros, not NaN', () => {
    const m = binaryMetrics({ tp: 0, fp: 0, fn: 0, tn: 0 });
    assert.deepEqual(m, { precision: 0, recall: 0, f1: 0, fpr: 0, accuracy: 0 });
  });

  it('confusionOf counts label/prediction pairs', () => {
    assert.deepEqual(confusionOf([1, 1, 0, 0, 1], [1, 0, 1, 0, 1]), { tp: 2, fp: 1, fn: 1, tn: 1 });
  });
});

describe('percentiles and latency', () => {
  it('uses nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i); // 1..100 shuffled order
    assert.equal(percentile(values, 50), 50);
    assert.equal(percentile(values, 99), 99);
    assert.equal(percentile(values, 100), 100);
    assert.equal(percentile([], 50), 0);
    assert.deepEqual(latencySummary([1, 3, 2]), { p50: 2, p99: 3, mean: 2, max: 3 });
    // An eval file of 200k texts: the maximum is a loop, not a spread that overflows the stack.
    assert.equal(latencySummary(Array.from({ length: 200_000 }, (_, i) => i)).max, 199_999);
  });
});

describe('spanMetrics (PII span-level F1)', () => {
  it('scores exact and overlap matches per type, one-to-one', () => {
    const gold = [
      [
        { type: 'EMAIL', start: 0, end: 10 },
        { type: 'PERSON', start: 20, end: 30 },
      ],
      [{ type: 'PERSON', start: 5, end: 9 }],
    ];
    const predicted = [
      [
        { type: 'EMAIL', start: 0, end: 10 }, // exact
        { type: 'PERSON', start: 22, end: 30 }, // overlap only
        { type: 'PERSON', start: 24, end: 28 }, // duplicate: a false positive in both modes
      ],
      [{ type: 'PHONE', start: 5, end: 9 }], // wrong type
    ];
    const report = spanMetrics(gold, predicted);
    assert.deepEqual(report.perType.EMAIL?.exact, { precision: 1, recall: 1, f1: 1 });
    const person = report.perType.PERSON!;
    assert.equal(person.gold, 2);
    assert.equal(person.predicted, 2);
    assert.deepEqual(person.exact, { precision: 0, recall: 0, f1: 0 });
    close(person.overlap.precision, 0.5);
    close(person.overlap.recall, 0.5);
    close(person.overlap.f1, 0.5);
    assert.deepEqual(report.perType.PHONE?.exact, { precision: 0, recall: 0, f1: 0 });
    assert.equal(report.micro.gold, 3);
    assert.equal(report.micro.predicted, 4);
    close(report.micro.exact.precision, 1 / 4);
    close(report.micro.exact.recall, 1 / 3);
    close(report.micro.overlap.recall, 2 / 3);
  });

  it('touching spans do not overlap', () => {
    const report = spanMetrics([[{ type: 'X', start: 0, end: 5 }]], [[{ type: 'X', start: 5, end: 9 }]]);
    assert.equal(report.perType.X?.overlap.f1, 0);
  });
});
