import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalJson } from './canonical-json.ts';

test('key order does not change the text; nested objects and arrays are sorted too', () => {
  const a = canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: 'x' } });
  const b = canonicalJson({ a: { c: 'x', d: [1, { y: 2, z: 1 }] }, b: 1 });
  assert.equal(a, b);
  assert.equal(a, '{"a":{"c":"x","d":[1,{"y":2,"z":1}]},"b":1}');
});

test('values JSON cannot hold are normalised instead of throwing', () => {
  const cyclic: Record<string, unknown> = { name: 'loop' };
  cyclic.self = cyclic;
  const shared = { v: 1 };
  assert.equal(
    canonicalJson({
      big: 10n,
      nan: Number.NaN,
      inf: Number.POSITIVE_INFINITY,
      gone: undefined,
      fn: () => 1,
      when: new Date(0),
      list: [undefined, shared, shared],
      cyclic,
    }),
    '{"big":"10","cyclic":{"name":"loop","self":"[circular]"},"inf":null,"list":[null,{"v":1},{"v":1}],"nan":null,"when":"1970-01-01T00:00:00.000Z"}',
  );
  assert.equal(canonicalJson(undefined), 'null');
  assert.equal(canonicalJson('a"b'), '"a\\"b"');
});
