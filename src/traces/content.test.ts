import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ContentPolicy, capJson, contentText, maskBasicPii, TRUNCATED_KEY } from './content.ts';

const policy = (mode: ContentPolicy['mode'], maxChars = 1000): ContentPolicy => ({
  mode,
  maxChars,
  redact: maskBasicPii,
});

test('none stores nothing; full keeps JSON strings as JSON and quotes plain text', () => {
  assert.equal(contentText({ a: 1 }, policy('none')), null);
  assert.equal(contentText(undefined, policy('full')), null);
  assert.equal(contentText('{"messages":[1]}', policy('full')), '{"messages":[1]}');
  assert.equal(contentText('hello', policy('full')), '"hello"');
  assert.equal(contentText('{not json', policy('full')), '"{not json"');
  assert.equal(
    contentText([{ role: 'user', content: 'hi' }], policy('full')),
    '[{"role":"user","content":"hi"}]',
  );
});

test('redacted masks emails and long numbers inside string values, keeping valid JSON', () => {
  const text = contentText(
    { to: 'ana.maria@example.com', note: 'call +49 151 2345 6789', count: 12345678 },
    policy('redacted'),
  );
  assert.deepEqual(JSON.parse(String(text)), { to: '[EMAIL]', note: 'call [NUMBER]', count: 12345678 });
  assert.equal(contentText('{"a":"x@y.io"}', policy('redacted')), '{"a":"[EMAIL]"}');
  assert.equal(maskBasicPii('order 42 shipped'), 'order 42 shipped');
});

test('redacted leaves no string unmasked: deep nesting and object keys', () => {
  let deep: unknown = 'reach me at deep@example.com';
  for (let i = 0; i < 100; i++) deep = { d: deep };
  const text = String(contentText(deep, policy('redacted')));
  assert.doesNotMatch(text, /deep@example\.com/);
  JSON.parse(text);
  const keyed = String(contentText({ 'bob@example.com': { score: 1 } }, policy('redacted')));
  assert.deepEqual(JSON.parse(keyed), { '[EMAIL]': { score: 1 } });
});

test('values over the cap become a valid JSON truncation marker with a prefix', () => {
  const long = JSON.stringify('x'.repeat(5000));
  const capped = capJson(long, 1000);
  assert.ok(capped.length <= 1000);
  const marker = JSON.parse(capped);
  assert.equal(marker[TRUNCATED_KEY], true);
  assert.equal(marker.originalLength, long.length);
  assert.ok(long.startsWith(marker.preview));
  // A surrogate pair is never cut in half.
  const emoji = capJson(JSON.stringify('😀'.repeat(2000)), 300);
  assert.ok(JSON.parse(emoji).preview.isWellFormed());
});
