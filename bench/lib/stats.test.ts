import assert from 'node:assert/strict';
import { test } from 'node:test';
import { percentile, round, slope, summarize } from './stats.ts';

test('percentile uses the nearest rank', () => {
  const sorted = Float64Array.from({ length: 100 }, (_, i) => i + 1);
  assert.equal(percentile(sorted, 0.5), 50);
  assert.equal(percentile(sorted, 0.99), 99);
  assert.equal(percentile(sorted, 1), 100);
  assert.equal(percentile(Float64Array.of(7), 0.99), 7);
  assert.ok(Number.isNaN(percentile(new Float64Array(0), 0.5)));
});

test('summarize sorts its input and reports mean and max', () => {
  const s = summarize([5, 1, 4, 2, 3]);
  assert.equal(s.count, 5);
  assert.equal(s.p50, 3);
  assert.equal(s.mean, 3);
  assert.equal(s.max, 5);
});

test('slope is the least-squares gradient', () => {
  const points = [0, 1, 2, 3, 4].map((x) => ({ x, y: 10 + 2 * x }));
  assert.equal(slope(points), 2);
  assert.equal(
    slope([
      { x: 0, y: 1 },
      { x: 1, y: 1 },
      { x: 2, y: 1 },
    ]),
    0,
  );
  assert.ok(Number.isNaN(slope([{ x: 1, y: 1 }])));
  assert.ok(
    Number.isNaN(
      slope([
        { x: 1, y: 1 },
        { x: 1, y: 5 },
      ]),
    ),
  );
});

test('round keeps the requested digits and passes non-finite values through', () => {
  assert.equal(round(0.123456), 0.123);
  assert.equal(round(1234.5678, 1), 1234.6);
  assert.ok(Number.isNaN(round(Number.NaN)));
});
