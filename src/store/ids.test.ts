import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UUID_PATTERN, uuidv7, uuidv7Floor, uuidv7Time } from './ids.ts';

test('uuidv7 has the version 7 and RFC variant bits and canonical form', () => {
  for (let i = 0; i < 1000; i++) {
    const id = uuidv7();
    assert.match(id, UUID_PATTERN);
    assert.equal(id[14], '7');
    assert.ok('89ab'.includes(id[19] as string), id);
  }
});

test('uuidv7 is strictly increasing within one millisecond and across many calls', () => {
  const fixed = Date.now() + 10_000;
  let previous = uuidv7(fixed);
  for (let i = 0; i < 50_000; i++) {
    const next = uuidv7(fixed);
    assert.ok(next > previous, `${next} <= ${previous}`);
    previous = next;
  }
});

test('uuidv7 stays monotonic when the clock steps backwards', () => {
  const later = uuidv7(Date.now() + 20_000);
  const earlierClock = uuidv7(Date.now());
  assert.ok(earlierClock > later);
});

test('uuidv7 embeds its millisecond; uuidv7Floor sorts before every id of that ms', () => {
  const ms = Date.now() + 30_000;
  const id = uuidv7(ms);
  assert.equal(uuidv7Time(id), ms);
  assert.match(uuidv7Floor(ms), UUID_PATTERN);
  assert.ok(uuidv7Floor(ms) <= id);
  assert.ok(uuidv7Floor(ms + 1) > id);
  assert.equal(uuidv7Time(uuidv7Floor(ms)), ms);
});

test('ids are unique in a large sample', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 100_000; i++) seen.add(uuidv7());
  assert.equal(seen.size, 100_000);
});
