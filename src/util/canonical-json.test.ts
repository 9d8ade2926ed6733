import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalJson, sha256Hex } from './canonical-json.ts';

describe('canonicalJson', () => {
  it('sorts keys at every depth, whatever order they were built in', () => {
    const a = canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: 'x' } });
    const b = canonicalJson({ a: { c: 'x', d: [1, { y: 2, z: 1 }] }, b: 1 });
    assert.equal(a, b);
    assert.equal(a, '{"a":{"c":"x","d":[1,{"y":2,"z":1}]},"b":1}');
  });

  it('leaves out undefined members; undefined array items become null', () => {
    assert.equal(
      canonicalJson({ b: 1, a: [{ d: undefined, c: null }], e: 'x' }),
      '{"a":[{"c":null}],"b":1,"e":"x"}',
    );
    assert.equal(canonicalJson([undefined, 1]), '[null,1]');
  });

  it('writes a top-level value JSON cannot hold as null', () => {
    assert.equal(canonicalJson(undefined), 'null');
    assert.equal(
      canonicalJson(() => 1),
      'null',
    );
    assert.equal(canonicalJson('a"b'), '"a\\"b"');
  });

  it('puts integer-like keys first, in numeric order (the order stored hashes were made with)', () => {
    assert.equal(canonicalJson({ b: 0, 10: 1, 2: 2, a: 3 }), '{"2":2,"10":1,"a":3,"b":0}');
  });

  it('keeps the bytes stored content hashes were computed from', () => {
    const value = { b: [3, { z: null, y: 'é' }], a: { 10: 1, 2: 2, x: undefined }, c: 1.5 };
    const text = canonicalJson(value);
    assert.equal(text, '{"a":{"2":2,"10":1},"b":[3,{"y":"é","z":null}],"c":1.5}');
    assert.equal(sha256Hex(text), '005be961f74ae80cbdc2dfa40590b87e3287a1115547ec2751061b350cf8fa00');
  });
});
