import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { confusionMatrix, percentAgreement } from './confusion.ts';
import { cohenKappa, describeKappa, kappaFromMatrix, weightedKappa } from './kappa.ts';

const close = (a: number | null, b: number, eps = 1e-9) =>
  assert.ok(a !== null && Math.abs(a - b) < eps, `${a} ≉ ${b}`);

/** Expands a 2×2 table [[yy, yn], [ny, nn]] (rows rater A, columns rater B) into paired ratings. */
function fromTable(table: number[][], labels: string[]): { a: string[]; b: string[] } {
  const a: string[] = [];
  const b: string[] = [];
  table.forEach((row, i) => {
    row.forEach((count, j) => {
      for (let k = 0; k < count; k++) {
        a.push(labels[i]!);
        b.push(labels[j]!);
      }
    });
  });
  return { a, b };
}

describe("Cohen's kappa", () => {
  test('Wikipedia worked example: 50 grant proposals, [[20, 5], [10, 15]] → κ = 0.4', () => {
    // p_o = (20 + 15)/50 = 0.7; A says yes 25/50 = 0.5, B says yes 30/50 = 0.6
    // p_e = 0.5·0.6 + 0.5·0.4 = 0.5;  κ = (0.7 − 0.5)/(1 − 0.5) = 0.4
    const { a, b } = fromTable(
      [
        [20, 5],
        [10, 15],
      ],
      ['yes', 'no'],
    );
    close(cohenKappa(a, b), 0.4);
    close(percentAgreement(a, b), 0.7);
  });
  test('Wikipedia: same agreement, different marginals → 0.1304 and 0.2593', () => {
    // [[45, 15], [25, 15]]: p_o = 0.6, p_e = 0.6·0.7 + 0.4·0.3 = 0.54 → κ = 0.06/0.46 = 0.130435
    const x = fromTable(
      [
        [45, 15],
        [25, 15],
      ],
      ['yes', 'no'],
    );
    close(cohenKappa(x.a, x.b), 0.06 / 0.46);
    // [[25, 35], [5, 35]]: p_o = 0.6, p_e = 0.6·0.3 + 0.4·0.7 = 0.46 → κ = 0.14/0.54 = 0.259259
    const y = fromTable(
      [
        [25, 35],
        [5, 35],
      ],
      ['yes', 'no'],
    );
    close(cohenKappa(y.a, y.b), 0.14 / 0.54);
  });
  test("scikit-learn's cohen_kappa_score docstring example → 0.6875", () => {
    // y1 = [neg, pos, neg, neu, pos], y2 = [neg, pos, neg, neu, neg]: p_o = 4/5;
    // marginals y1 {neg 2, pos 2, neu 1}, y2 {neg 3, pos 1, neu 1} → p_e = (6 + 2 + 1)/25 = 0.36
    // κ = (0.8 − 0.36)/0.64 = 0.6875
    const y1 = ['negative', 'positive', 'negative', 'neutral', 'positive'];
    const y2 = ['negative', 'positive', 'negative', 'neutral', 'negative'];
    close(cohenKappa(y1, y2), 0.6875);
  });
  test('perfect agreement is 1; undefined (one category only) is null, not 1', () => {
    close(cohenKappa(['a', 'b', 'a'], ['a', 'b', 'a']), 1);
    assert.equal(cohenKappa(['a', 'a'], ['a', 'a']), null);
    assert.equal(describeKappa(null), 'undefined');
  });
  test('systematic disagreement is negative', () => {
    close(cohenKappa(['a', 'b', 'a', 'b'], ['b', 'a', 'b', 'a']), -1);
  });
});

describe('weighted kappa (ordinal)', () => {
  // A = [1, 2, 3, 1], B = [1, 3, 3, 2] on the scale 1..3 (hand-worked):
  //   observed cells: (1,1) (2,3) (3,3) (1,2), n = 4; marginals A = [.5, .25, .25], B = [.25, .25, .5]
  //   quadratic w = (i−j)²/4: 0, .25, 1.  Σw·O = (0 + .25 + 0 + .25)/4 = .125
  //     Σw·E = row1 .25·.125 + 1·.25 = .28125; row2 .25·.0625 + .25·.125 = .046875;
  //            row3 1·.0625 + .25·.0625 = .078125;  total .40625 → κ_q = 1 − .125/.40625 = 9/13 = 0.692308
  //   linear w = |i−j|/2: 0, .5, 1.  Σw·O = .25;  Σw·E = .3125 + .09375 + .09375 = .5 → κ_l = 0.5
  //   unweighted: p_o = .5, p_e = .125 + .0625 + .125 = .3125 → κ = .1875/.6875 = 3/11 = 0.272727
  const a = [1, 2, 3, 1];
  const b = [1, 3, 3, 2];
  test('quadratic, linear and unweighted on the same ratings', () => {
    close(weightedKappa(a, b, { weights: 'quadratic' }), 9 / 13);
    close(weightedKappa(a, b, { weights: 'linear' }), 0.5);
    close(cohenKappa(a, b), 3 / 11);
  });
  test('unused scale points: trailing ones do not matter, gaps inside the scale do', () => {
    // Unused 4 and 5 have zero marginals and the weights rescale uniformly: κ is unchanged.
    close(weightedKappa(a, b, { weights: 'quadratic', labels: [1, 2, 3, 4, 5] }), 9 / 13);
    close(weightedKappa(a, b, { weights: 'linear', labels: [1, 2, 3, 4, 5] }), 0.5);
    // Ratings using only 1, 2 and 5: by default 2↔5 looks like one step; on the full 1..5 scale it
    // is three of four steps, so κ differs. Hence: pass the scale's labels.
    const x = [1, 2, 5, 2];
    const y = [1, 5, 5, 2];
    const seen = weightedKappa(x, y, { weights: 'linear' });
    const full = weightedKappa(x, y, { weights: 'linear', labels: [1, 2, 3, 4, 5] });
    assert.ok(seen !== null && full !== null && Math.abs(seen - full) > 0.01);
  });
  test('a near miss counts less than a far miss under quadratic weights', () => {
    const near = weightedKappa([1, 2, 3, 4, 5], [1, 2, 3, 4, 4], { weights: 'quadratic' });
    const far = weightedKappa([1, 2, 3, 4, 5], [1, 2, 3, 4, 1], { weights: 'quadratic' });
    assert.ok(near !== null && far !== null && near > far);
  });
});

describe('confusion matrix', () => {
  test('rows are rater A, columns rater B, labels sorted or as given', () => {
    const m = confusionMatrix(['pass', 'fail', 'pass', 'pass'], ['pass', 'pass', 'fail', 'pass']);
    assert.deepEqual(m.labels, ['fail', 'pass']);
    assert.deepEqual(m.matrix, [
      [0, 1],
      [1, 2],
    ]);
    close(kappaFromMatrix(m), (0.5 - (0.25 * 0.25 + 0.75 * 0.75)) / (1 - (0.25 * 0.25 + 0.75 * 0.75)));
    const numeric = confusionMatrix([10, 2], [2, 10]);
    assert.deepEqual(numeric.labels, [2, 10], 'numbers sort numerically');
  });
  test('mismatched lengths, empty input and unknown labels are errors', () => {
    assert.throws(() => confusionMatrix([1], [1, 2]), /differ in length/);
    assert.throws(() => confusionMatrix([], []), /No ratings/);
    assert.throws(() => confusionMatrix([1, 6], [1, 2], [1, 2, 3]), /not one of the labels/);
  });
});
