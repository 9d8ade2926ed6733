import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isSecretName, REDACTED, redactSecrets } from './redact.ts';

test('secret-looking names are recognised; names that merely describe secrets are not', () => {
  for (const name of [
    'key',
    'apiKey',
    'api_key',
    'X-Api-Key',
    'secret',
    'clientSecret',
    'token',
    'accessToken',
    'refresh_token',
    'password',
    'PASSWORD',
    'passwd',
    'authorization',
    'privateKey',
    'cookie',
    'plaintext',
  ]) {
    assert.equal(isSecretName(name), true, name);
  }
  for (const name of [
    'keyId',
    'key_id',
    'keys',
    'maxTokens',
    'tokenLimit',
    'prompt_tokens',
    'name',
    'keyPrefix',
    'hash',
  ]) {
    assert.equal(isSecretName(name), false, name);
  }
});

test('redaction is deep, keeps structure, leaves null/undefined alone and never mutates the input', () => {
  const input = {
    name: 'team-a',
    apiKey: 'abc',
    missingToken: null,
    nested: [{ password: { any: 'shape' } }, 'sk-abcdefghijklmnop', 'Bearer abcdefghij', 'plain text'],
  };
  const copy = structuredClone(input);
  assert.deepEqual(redactSecrets(input), {
    name: 'team-a',
    apiKey: REDACTED,
    missingToken: null,
    nested: [{ password: REDACTED }, REDACTED, REDACTED, 'plain text'],
  });
  assert.deepEqual(input, copy);
  assert.equal(redactSecrets('sk-keel-0123456789abcdef'), REDACTED);
  assert.equal(redactSecrets('sk-1'), 'sk-1');
  assert.equal(redactSecrets(42), 42);
});
