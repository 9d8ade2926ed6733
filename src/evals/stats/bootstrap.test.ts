import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bootstrapCI, bootstrapMeanCI, bootstrapPairedDiffCI, quantile } from './bootstrap.ts';
import { createRng } from './prng.ts';

describe('bootstrap confidence intervals', () => {
  test('type-7 quantiles (numpy default) on hand-checkable data', () => {
    const s = Float64Array.from([1, 2, 3, 4]);
    assert.equal(quantile(s, 0), 1);
    assert.equal(quantile(s, 1), 4);
    assert.equal(quantile(s, 0.5), 2.5);
    assert.equal(quantile(s, 0.25), 1.75); // h = 3·0.25 = 0.75 → 1 + 0.75·(2 − 1)
  });

  test('a constant sample gives a point interval', () => {
    const ci = bootstrapMeanCI([0.7, 0.7, 0.7, 0.7, 0.7]);
    assert.deepEqual([ci.estimate, ci.lower, ci.upper], [0.7, 0.7, 0.7]);
    const diff = bootstrapPairedDiffCI([0.9, 0.8, 0.5], [0.8, 0.7, 0.4]);
    assert.ok(Math.abs(diff.lower - 0.1) < 1e-12 && Math.abs(diff.upper - 0.1) < 1e-12);
  });

  test('deterministic for a seed; a different seed gives a (slightly) different interval', () => {
    const values = Array.from({ length: 40 }, (_, i) => (i * 37) % 11);
    const a = bootstrapMeanCI(values, { seed: 7 });
    const b = bootstrapMeanCI(values, { seed: 7 });
    const c = bootstrapMeanCI(values, { seed: 8 });
    assert.deepEqual(a, b);
    assert.notDeepEqual([a.lower, a.upper], [c.lower, c.upper]);
    assert.equal(a.resamples, 2000);
    assert.equal(a.confidence, 0.95);
  });

  test('width matches the normal approximation for a large sample (±1.96·sd/√n, within 15%)', () => {
    const rng = createRng(42);
    const n = 400;
    const values: number[] = Array.from({ length: n }, () => (rng() < 0.7 ? 1 : 0)); // pass/fail scores
    const mean = values.reduce((s, v) => s + v, 0) / n;
    const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
    const ci = bootstrapMeanCI(values, { resamples: 4000 });
    const expected = 2 * 1.96 * (sd / Math.sqrt(n));
    const width = ci.upper - ci.lower;
    assert.ok(Math.abs(width - expected) / expected < 0.15, `width ${width} vs ${expected}`);
    assert.ok(ci.lower < mean && mean < ci.upper);
  });

  test('coverage sanity: ~95% of intervals from repeated samples contain the true mean', () => {
    // 200 samples of 60 draws from Bernoulli(0.3); percentile intervals should cover 0.3 about
    // 95% of the time. Generous band [0.88, 0.99] so it is a sanity check, not a flaky one.
    const rng = createRng(2024);
    let covered = 0;
    const trials = 200;
    for (let t = 0; t < trials; t++) {
      const sample = Array.from({ length: 60 }, () => (rng() < 0.3 ? 1 : 0));
      const ci = bootstrapMeanCI(sample, { resamples: 500, seed: t + 1 });
      if (ci.lower <= 0.3 && 0.3 <= ci.upper) covered++;
    }
    const rate = covered / trials;
    assert.ok(rate >= 0.88 && rate <= 0.99, `coverage ${rate}`);
  });

  test('paired difference: a consistent +0.1 improvement excludes 0; noise does not', () => {
    const rng = createRng(3);
    const base = Array.from({ length: 100 }, () => rng());
    const better = base.map((v) => v + 0.1 + (rng() - 0.5) * 0.05);
    const ci = bootstrapPairedDiffCI(better, base);
    assert.ok(ci.lower > 0.08 && ci.upper < 0.12, `${ci.lower}..${ci.upper}`);
    const noise = base.map((v) => v + (rng() - 0.5) * 0.05);
    const nci = bootstrapPairedDiffCI(noise, base);
    assert.ok(nci.lower < 0 && nci.upper > 0);
  });

  test('generic statistic over resampled indices (median)', () => {
    const values = [1, 2, 3, 4, 100];
    const ci = bootstrapCI(
      values.length,
      (idx) => {
        const s = Float64Array.from(idx, (i) => values[i]!).sort();
        return quantile(s, 0.5);
      },
      { resamples: 1000 },
    );
    assert.equal(ci.estimate, 3);
    assert.ok(ci.lower >= 1 && ci.upper <= 100);
  });

  test('bad input is a clear error', () => {
    assert.throws(() => bootstrapMeanCI([]), /empty sample/);
    assert.throws(() => bootstrapMeanCI([1, Number.NaN]), /finite/);
    assert.throws(() => bootstrapPairedDiffCI([1], [1, 2]), /differ in length/);
    assert.throws(() => bootstrapMeanCI([1], { confidence: 1 }), /confidence/);
    assert.throws(() => bootstrapMeanCI([1], { resamples: 5 }), /resamples/);
  });
});
