import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { jsonTooDeep } from './json-depth.ts';

describe('gateway: JSON nesting depth', () => {
  const nested = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;

  test('counts objects and arrays, up to the limit inclusive', () => {
    assert.equal(jsonTooDeep(nested(8), 8), false);
    assert.equal(jsonTooDeep(nested(9), 8), true);
    assert.equal(jsonTooDeep(`${'['.repeat(9)}${']'.repeat(9)}`, 8), true);
    assert.equal(jsonTooDeep(`[${'[],'.repeat(100)}[]]`, 8), false, 'siblings do not add up');
  });

  test('brackets inside strings (escaped quotes included) do not count', () => {
    const s = JSON.stringify({ text: `${'{['.repeat(100)}\\"${'{'.repeat(100)}` });
    assert.equal(jsonTooDeep(s, 8), false);
  });

  test('the default limit accepts real requests and refuses thousands of levels', () => {
    assert.equal(jsonTooDeep(nested(500)), false);
    assert.equal(jsonTooDeep(nested(10_000)), true);
  });
});
