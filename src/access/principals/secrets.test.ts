import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { displayPrefix, hashSecret, isAdminToken, isVirtualKey, newSecret, sameHash } from './secrets.ts';

describe('secrets', () => {
  it('virtual keys: sk-keel- + 43 alphanumerics, hashed with SHA-256, shown by a short prefix', () => {
    const key = newSecret('key');
    assert.match(key.secret, /^sk-keel-[A-Za-z0-9]{43}$/);
    assert.equal(key.hash, createHash('sha256').update(key.secret).digest('hex'));
    assert.equal(key.prefix, `${key.secret.slice(0, 14)}…`);
    assert.ok(isVirtualKey(key.secret));
    assert.ok(!isAdminToken(key.secret));
  });

  it('admin tokens are never mistaken for virtual keys', () => {
    const token = newSecret('admin');
    assert.match(token.secret, /^sk-keel-admin-[A-Za-z0-9]{43}$/);
    assert.ok(isAdminToken(token.secret));
    assert.ok(!isVirtualKey(token.secret));
    assert.equal(displayPrefix(token.secret), `${token.secret.slice(0, 20)}…`);
  });

  it('every secret is different', () => {
    const seen = new Set(Array.from({ length: 1000 }, () => newSecret('key').secret));
    assert.equal(seen.size, 1000);
  });

  it('sameHash compares hashes in constant time and rejects different lengths', () => {
    const a = hashSecret('x');
    assert.ok(sameHash(a, hashSecret('x')));
    assert.ok(!sameHash(a, hashSecret('y')));
    assert.ok(!sameHash(a, a.slice(2)));
  });
});
