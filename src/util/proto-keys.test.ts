import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { protoKeyPaths } from './proto-keys.ts';

describe('protoKeyPaths', () => {
  it('finds own __proto__ keys at any depth, in objects and arrays', () => {
    const doc = JSON.parse('{"a":{"__proto__":{"x":1}},"b":[{"c":{"__proto__":2}}],"__proto__":null}');
    assert.deepEqual(protoKeyPaths(doc), [['a', '__proto__'], ['b', 0, 'c', '__proto__'], ['__proto__']]);
  });

  it('ignores the inherited accessor and ordinary documents', () => {
    assert.deepEqual(protoKeyPaths({ a: { b: [1, 'x', null] }, proto: 1 }), []);
    assert.deepEqual(protoKeyPaths('text'), []);
  });

  it('visits a shared or cyclic value once', () => {
    const shared: Record<string, unknown> = JSON.parse('{"__proto__":1}');
    shared.self = shared;
    assert.deepEqual(protoKeyPaths({ a: shared, b: shared }), [['a', '__proto__']]);
  });
});
