import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { isKeelError } from '../../errors/index.ts';
import { masterKeyFromEnv, parseMasterKey } from './master-key.ts';

test('a 32-byte key is accepted as hex, base64 (padded or not) and base64url, all giving one key id', () => {
  const bytes = randomBytes(32);
  const forms = [
    bytes.toString('hex'),
    bytes.toString('hex').toUpperCase(),
    bytes.toString('base64'),
    bytes.toString('base64').replace(/=$/, ''),
    bytes.toString('base64url'),
    `  ${bytes.toString('base64')}\n`,
  ];
  const keys = forms.map((form) => parseMasterKey(form));
  for (const key of keys) {
    assert.deepEqual(key.key, bytes);
    assert.equal(key.id, keys[0]?.id);
  }
  assert.match(keys[0]?.id ?? '', /^[0-9a-f]{16}$/);
  assert.notEqual(parseMasterKey(randomBytes(32).toString('hex')).id, keys[0]?.id);
});

test('anything that is not exactly 32 bytes of hex/base64 is rejected without echoing it', () => {
  const bad = [
    'correct horse battery staple',
    randomBytes(16).toString('hex'),
    randomBytes(31).toString('base64'),
    randomBytes(33).toString('base64'),
    `${randomBytes(32).toString('hex')}0`,
    `${randomBytes(32).toString('hex').slice(0, 63)}g`,
    'Q7',
  ];
  for (const value of bad) {
    assert.throws(
      () => parseMasterKey(value),
      (error: unknown) =>
        isKeelError(error) &&
        error.code === 'config_invalid' &&
        /KEEL_MASTER_KEY must be a 256-bit key: 64 hex characters or 44 base64 characters/.test(
          error.message,
        ) &&
        !error.message.includes(value),
    );
  }
  assert.throws(() => parseMasterKey('nope', 'KEEL_NEW_MASTER_KEY'), /KEEL_NEW_MASTER_KEY must be/);
});

test('masterKeyFromEnv: unset or empty means no key', () => {
  assert.equal(masterKeyFromEnv({}), undefined);
  assert.equal(masterKeyFromEnv({ KEEL_MASTER_KEY: '  ' }), undefined);
  const hex = randomBytes(32).toString('hex');
  assert.equal(masterKeyFromEnv({ OTHER: hex }, 'OTHER')?.key.toString('hex'), hex);
});
