import assert from 'node:assert/strict';
import { test } from 'node:test';
import { guardRedactor } from './redact.ts';

test('guardRedactor removes secrets and personal data, and keeps the rest of the text', () => {
  const token = `ghp_${'a1B2c3D4e5F6g7H8i9J0'.repeat(2).slice(0, 36)}`;
  const out = guardRedactor(`deploy with ${token} and mail jane.doe@example.com about it`);
  assert.ok(!out.includes(token), out);
  assert.ok(!out.includes('jane.doe@example.com'), out);
  assert.match(out, /^deploy with \[REDACTED:[^\]]+\] and mail \[EMAIL_ADDRESS\] about it$/);
  assert.equal(guardRedactor('nothing to hide here'), 'nothing to hide here');
  assert.equal(guardRedactor(''), '');
});
