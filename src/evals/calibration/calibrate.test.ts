import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { KeelError } from '../../errors/index.ts';
import { type CalibrationItem, calibrate } from './calibrate.ts';
import { formatCalibration } from './format.ts';
import { unitToScale } from './labels.ts';

const close = (a: number | null, b: number) => assert.ok(a !== null && Math.abs(a - b) < 1e-9, `${a} ≉ ${b}`);

/** Wikipedia's 50-proposal table [[20, 5], [10, 15]] as human (rows) × judge (columns) items. */
function wikipediaItems(): CalibrationItem[] {
  const items: CalibrationItem[] = [];
  const add = (count: number, human: boolean, judge: number) => {
    for (let i = 0; i < count; i++) items.push({ id: `i${items.length}`, human, judge });
  };
  add(20, true, 0.9);
  add(5, true, 0.2);
  add(10, false, 0.6);
  add(15, false, 0.1);
  return items;
}

describe('calibrate', () => {
  test('binary: judge 0..1 scores pass at ≥ 0.5; κ = 0.4 fails the 0.8 target', () => {
    const r = calibrate({ items: wikipediaItems(), scale: 'binary', judge: 'judge-a', rubric: 'correct' });
    close(r.kappa, 0.4);
    assert.equal(r.kappaKind, 'cohen');
    close(r.percentAgreement, 0.7);
    assert.deepEqual(r.confusion.labels, ['fail', 'pass']);
    assert.deepEqual(r.confusion.matrix, [
      [15, 10],
      [5, 20],
    ]);
    assert.equal(r.pass, false);
    assert.equal(r.verdict, 'FAIL: κ = 0.400 < target 0.8');
    assert.equal(r.disagreements.length, 15);
    assert.ok(r.kappaCi && r.kappaCi.lower < 0.4 && r.kappaCi.upper > 0.4);
    assert.ok(r.warnings.some((w) => /unstable below 50/.test(w)) === false, '50 items is not small');
  });

  test('binary labels accept booleans, pass/fail words and numbers; a custom threshold', () => {
    const items = [
      { id: 'a', human: 'pass', judge: true },
      { id: 'b', human: 'FAIL', judge: 0.65 },
      { id: 'c', human: 1, judge: 'yes' },
    ];
    const r = calibrate({ items, scale: 'binary', passThreshold: 0.7, bootstrap: false });
    assert.equal(r.percentAgreement, 1);
    assert.equal(r.kappaCi, null);
    assert.throws(
      () => calibrate({ items: [{ id: 'z', human: 'maybe', judge: 1 }], scale: 'binary' }),
      (e: unknown) => {
        assert.ok(e instanceof KeelError);
        assert.match(e.message, /item "z": human rating "maybe" is not a binary rating/);
        return true;
      },
    );
  });

  test('ordinal: quadratic-weighted by default (hand-worked 9/13), linear on request', () => {
    const items = [
      { id: '1', human: 1, judge: 1 },
      { id: '2', human: 2, judge: 3 },
      { id: '3', human: 3, judge: 3 },
      { id: '4', human: 1, judge: 2 },
    ];
    const q = calibrate({ items, scale: 'ordinal', labels: [1, 2, 3] });
    close(q.kappa, 9 / 13);
    assert.equal(q.kappaKind, 'weighted-quadratic');
    assert.equal(q.pass, false);
    assert.ok(q.warnings.some((w) => /only 4 labelled items/.test(w)));
    const l = calibrate({ items, scale: 'ordinal', labels: [1, 2, 3], weights: 'linear' });
    close(l.kappa, 0.5);
    assert.throws(
      () =>
        calibrate({ items: [{ id: 'x', human: 6, judge: 1 }], scale: 'ordinal', labels: [1, 2, 3, 4, 5] }),
      /point of the scale/,
    );
  });

  test('a well-calibrated judge passes: 100 items, 95 exact, 5 off by one → κ_q ≥ 0.8', () => {
    const items: CalibrationItem[] = [];
    for (let i = 0; i < 100; i++) {
      const human = (i % 5) + 1;
      const judge = i % 20 === 0 ? Math.min(5, human + 1) : human;
      items.push({ id: String(i), human, judge });
    }
    const r = calibrate({
      items,
      scale: 'ordinal',
      labels: [1, 2, 3, 4, 5],
      judge: 'gpt-judge',
      rubric: 'helpful',
    });
    assert.ok(r.kappa !== null && r.kappa > 0.95);
    assert.equal(r.pass, true);
    assert.match(r.verdict, /^PASS: κ = 0\.9\d\d ≥ target 0\.8$/);
  });

  test('κ undefined (everyone said pass) is a FAIL with a warning, not a crash', () => {
    const items = [1, 2, 3].map((i) => ({ id: String(i), human: true, judge: true }));
    const r = calibrate({ items, scale: 'binary' });
    assert.equal(r.kappa, null);
    assert.equal(r.pass, false);
    assert.ok(r.warnings.some((w) => /undefined/.test(w)));
  });

  test('no items is an invalid request', () => {
    assert.throws(() => calibrate({ items: [], scale: 'binary' }), /at least one/);
  });

  test('a 0..1 judge score maps back onto the rubric scale', () => {
    assert.equal(unitToScale(0.75, { min: 1, max: 5 }), 4);
    assert.equal(unitToScale(0, { min: 1, max: 5 }), 1);
  });
});

describe('formatCalibration', () => {
  test('summary table, verdicts and confusion matrices', () => {
    const a = calibrate({ items: wikipediaItems(), scale: 'binary', judge: 'judge-a', rubric: 'correct' });
    const text = formatCalibration([a]);
    const lines = text.split('\n');
    assert.match(
      lines[0]!,
      /^judge\s+rubric\s+scale\s+n\s+kappa\s+kind\s+CI\s+agreement\s+strength\s+target\s+verdict$/,
    );
    assert.match(
      lines[1]!,
      /^judge-a\s+correct\s+binary\s+50\s+0\.400\s+cohen\s+\[0\.\d\d, 0\.\d\d\]\s+70\.0%\s+fair\s+0\.80\s+FAIL$/,
    );
    assert.match(text, /judge-a \/ correct: FAIL: κ = 0\.400 < target 0\.8/);
    assert.match(text, /human \\ judge\s+fail\s+pass\nfail\s+15\s+10\npass\s+5\s+20/);
  });
});
