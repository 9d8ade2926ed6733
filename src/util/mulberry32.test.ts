import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRng, mulberry32 } from './mulberry32.ts';

describe('mulberry32', () => {
  it('gives the same uint32 stream for the same seed', () => {
    const next = mulberry32(42);
    assert.deepEqual([next(), next(), next()], [2581720956, 1925393290, 3661312704]);
  });

  it('createRng is that stream scaled to [0, 1)', () => {
    const rng = createRng(42);
    assert.deepEqual([rng(), rng(), rng()], [0.6011037519201636, 0.44829055899754167, 0.8524657934904099]);
    const a = createRng(7);
    const b = mulberry32(7);
    for (let i = 0; i < 1000; i++) {
      const x = a();
      assert.equal(x, b() / 2 ** 32);
      assert.ok(x >= 0 && x < 1);
    }
  });
});
