import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WindowCounter } from './window-counter.ts';

describe('WindowCounter', () => {
  it('sums the last minute and forgets older buckets', () => {
    const w = new WindowCounter();
    w.add(0, 5);
    w.add(30_500, 2);
    assert.equal(w.total(59_999), 7);
    assert.equal(w.total(60_000), 2);
    assert.equal(w.total(89_999), 2);
    assert.equal(w.total(90_000), 0);
  });

  it('reports when the oldest bucket leaves the window', () => {
    const w = new WindowCounter();
    w.add(1_200, 1);
    w.add(10_000, 1);
    assert.equal(w.msUntilRelief(20_000), 41_000);
    assert.equal(w.msUntilRelief(61_000), 9_000);
    assert.equal(new WindowCounter().msUntilRelief(5), 0);
  });

  it('reuses a slot a full window later', () => {
    const w = new WindowCounter();
    w.add(0, 3);
    w.add(60_000, 1);
    assert.equal(w.total(60_000), 1);
  });
});
