import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FNV_OFFSET, fmix32, fnv1a, fnvStep, hash32 } from './hash32.ts';

describe('fnv1a', () => {
  it('matches the published FNV-1a 32-bit test vectors', () => {
    assert.equal(fnv1a(''), 0x811c9dc5);
    assert.equal(fnv1a('a'), 0xe40c292c);
    assert.equal(fnv1a('foobar'), 0xbf9cf968);
  });

  it('continues from a seed, as stepping by hand does', () => {
    let h = 0xdeadbeef;
    for (const c of 'xyz') h = fnvStep(h, c.charCodeAt(0));
    assert.equal(fnv1a('xyz', 0xdeadbeef), h >>> 0);
    assert.equal(fnv1a('x', 0xdeadbeef), 579012533);
    assert.equal(fnv1a('', FNV_OFFSET), FNV_OFFSET);
  });
});

describe('hash32', () => {
  it('is fmix32 of fnv1a, with the values hash rings and canary splits were built on', () => {
    assert.equal(hash32(''), 2872998923);
    assert.equal(hash32('a'), 444641715);
    assert.equal(hash32('model-a#0'), 2706382651);
    assert.equal(hash32('model-a#0'), fmix32(fnv1a('model-a#0')));
  });

  it('spreads similar short strings across the range', () => {
    const high = ['a#1', 'a#2', 'a#3', 'a#4'].map((s) => hash32(s) >>> 28);
    assert.ok(new Set(high).size > 1);
  });

  it('returns uint32 whatever the sign of the input', () => {
    assert.equal(fmix32(-1), fmix32(0xffffffff));
    assert.ok(fmix32(-1) >= 0);
  });
});
