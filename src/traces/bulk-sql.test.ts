import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sqliteChunks } from './bulk-sql.ts';

test('sqliteChunks covers every row with a few fixed statement sizes under the variable budget', () => {
  const seen = new Set<number>();
  for (const width of [1, 3, 17, 30, 45]) {
    for (const rows of [0, 1, 2, 7, 63, 64, 65, 500, 1237, 5000]) {
      const sizes = sqliteChunks(rows, width);
      assert.equal(
        sizes.reduce((a, b) => a + b, 0),
        rows,
        `width ${width}, ${rows} rows`,
      );
      for (const size of sizes) {
        assert.ok(size * width <= 1024 || size === 1, `width ${width}: ${size} rows is over the budget`);
        assert.equal(size & (size - 1), 0, `${size} is not a power of two`);
        seen.add(size * 1000 + width);
      }
    }
  }
  // Per width, at most log2(budget) + 1 distinct statement texts however many batch sizes arrive.
  for (const width of [1, 3, 17, 30, 45]) {
    const distinct = [...seen].filter((k) => k % 1000 === width).length;
    assert.ok(distinct <= 11, `width ${width}: ${distinct} distinct sizes`);
  }
});

test('a row wider than the budget still goes one row per statement', () => {
  assert.deepEqual(sqliteChunks(3, 2000), [1, 1, 1]);
});
