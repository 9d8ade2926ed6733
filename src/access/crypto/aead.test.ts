import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { isKeelError } from '../../errors/index.ts';
import { open, seal } from './aead.ts';
import { parseMasterKey } from './master-key.ts';

const key = parseMasterKey(randomBytes(32).toString('hex'));
const ctx = { aad: 'keel-credential:v1:openai', what: "credential 'openai'" };

test('seal/open round-trips; every seal uses a fresh 96-bit nonce', () => {
  const a = seal(key, 'sk-test-value', ctx.aad);
  const b = seal(key, 'sk-test-value', ctx.aad);
  assert.equal(Buffer.from(a.nonce, 'base64').length, 12);
  assert.notEqual(a.nonce, b.nonce);
  assert.notEqual(a.ciphertext, b.ciphertext);
  assert.equal(a.keyId, key.id);
  assert.equal(open(key, a, ctx), 'sk-test-value');
  assert.equal(open(key, b, ctx), 'sk-test-value');
  assert.ok(!Buffer.from(a.ciphertext, 'base64').toString('latin1').includes('sk-test'));
});

const failsAuth = (error: unknown) =>
  isKeelError(error) &&
  /credential 'openai' failed authentication/.test(error.message) &&
  !error.message.includes('sk-');

test('a flipped bit anywhere in ciphertext, tag or nonce fails with a clear error', () => {
  const sealed = seal(key, 'sk-test-value', ctx.aad);
  const body = Buffer.from(sealed.ciphertext, 'base64');
  for (const index of [0, 5, body.length - 1]) {
    const copy = Buffer.from(body);
    copy[index] = (copy[index] as number) ^ 1;
    assert.throws(() => open(key, { ...sealed, ciphertext: copy.toString('base64') }, ctx), failsAuth);
  }
  const nonce = Buffer.from(sealed.nonce, 'base64');
  nonce[0] = (nonce[0] as number) ^ 1;
  assert.throws(() => open(key, { ...sealed, nonce: nonce.toString('base64') }, ctx), failsAuth);
});

test('a ciphertext moved to another name (AAD) does not open', () => {
  const sealed = seal(key, 'sk-test-value', 'keel-credential:v1:anthropic');
  assert.throws(() => open(key, sealed, ctx), failsAuth);
});

test('another key (or a forged key id) does not open it', () => {
  const other = parseMasterKey(randomBytes(32).toString('hex'));
  const sealed = seal(key, 'sk-test-value', ctx.aad);
  assert.throws(() => open(other, sealed, ctx), /encrypted under master key id/);
  assert.throws(() => open(other, { ...sealed, keyId: other.id }, ctx), failsAuth);
  assert.throws(() => open(key, { ...sealed, nonce: 'AAAA' }, ctx), /malformed/);
});
