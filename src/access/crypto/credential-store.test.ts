import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { isKeelError } from '../../errors/index.ts';
import { silentLogger } from '../../log/index.ts';
import { createStore, type KeelStore } from '../../store/index.ts';
import { createAuditLog } from '../audit/index.ts';
import type { Actor } from '../types.ts';
import { createCredentialStore } from './credential-store.ts';
import { parseMasterKey } from './master-key.ts';
import { rotateMasterKey } from './rotate-key.ts';

const dir = mkdtempSync(join(tmpdir(), 'keel-cred-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const actor: Actor = { kind: 'cli', id: 'tester' };
const newKey = () => randomBytes(32).toString('base64');
const SECRET = 'sk-proj-REALLYSECRETvalue0123456789';

async function freshStore(): Promise<{ url: string; store: KeelStore }> {
  const url = `sqlite:${join(dir, `c${++n}.db`)}`;
  return { url, store: await createStore(url) };
}

const wrongKey = (error: unknown) =>
  isKeelError(error) &&
  error.code === 'config_invalid' &&
  error.message.startsWith('KEEL_MASTER_KEY does not match the key that encrypted the stored credentials');

test('put / get / list / delete; list shows metadata only; every change is audited without the secret', async () => {
  const { store } = await freshStore();
  const audit = createAuditLog(store, { logger: silentLogger() });
  let clock = 1000;
  const creds = await createCredentialStore(store, { masterKey: newKey(), audit, now: () => clock++ });
  const created = await creds.put('openai-prod', SECRET, actor);
  assert.equal(created.name, 'openai-prod');
  await creds.put('anthropic', 'sk-ant-other', actor);
  await creds.put('openai-prod', `${SECRET}-v2`, actor);
  assert.equal(await creds.get('openai-prod'), `${SECRET}-v2`);
  assert.equal(await creds.get('missing'), undefined);
  const list = await creds.list();
  assert.deepEqual(
    list.map((c) => Object.keys(c).sort()),
    [
      ['createdAt', 'keyId', 'name', 'updatedAt'],
      ['createdAt', 'keyId', 'name', 'updatedAt'],
    ],
  );
  assert.deepEqual(
    list.map((c) => [c.name, c.createdAt, c.updatedAt]),
    [
      ['anthropic', 1001, 1001],
      ['openai-prod', 1000, 1002],
    ],
  );
  await creds.delete('anthropic', actor);
  await assert.rejects(
    creds.delete('anthropic', actor),
    (e: unknown) => isKeelError(e) && e.code === 'not_found',
  );
  const events = await audit.list();
  assert.deepEqual(events.map((e) => [e.action, e.target]).reverse(), [
    ['credential.create', 'credential:openai-prod'],
    ['credential.create', 'credential:anthropic'],
    ['credential.update', 'credential:openai-prod'],
    ['credential.delete', 'credential:anthropic'],
  ]);
  assert.ok(!JSON.stringify(events).includes('sk-'));
  assert.equal((await audit.verify()).ok, true);
  await store.close();
});

test('bad names and values are clear 400s', async () => {
  const { store } = await freshStore();
  const creds = await createCredentialStore(store, { masterKey: newKey() });
  for (const name of ['', 'has space', '-lead', 'x'.repeat(129), '../etc']) {
    await assert.rejects(
      creds.put(name, 'v', actor),
      (e: unknown) => isKeelError(e) && e.code === 'invalid_request' && e.param === 'name',
    );
  }
  for (const value of ['', 'line\nbreak', 'x'.repeat(16 * 1024 + 1)]) {
    await assert.rejects(
      creds.put('ok', value, actor),
      (e: unknown) => isKeelError(e) && e.code === 'invalid_request' && e.param === 'value',
    );
  }
  await store.close();
});

test('wrong master key fails loudly at start; no key is fine only while nothing is stored', async () => {
  const { url, store } = await freshStore();
  const empty = await createCredentialStore(store, { masterKey: undefined });
  assert.deepEqual(await empty.list(), []);
  assert.deepEqual(await empty.load(), []);
  await assert.rejects(empty.put('a', 'b', actor), /need a master key: set KEEL_MASTER_KEY/);
  const key = newKey();
  const creds = await createCredentialStore(store, { masterKey: key });
  await creds.put('openai', SECRET, actor);
  await store.close();

  const reopened = await createStore(url);
  await assert.rejects(createCredentialStore(reopened, { masterKey: newKey() }), wrongKey);
  await assert.rejects(
    createCredentialStore(reopened, { masterKey: undefined }),
    /KEEL_MASTER_KEY is not set, but the database holds 1 encrypted provider credential/,
  );
  await assert.rejects(createCredentialStore(reopened, { masterKey: 'short' }), /must be a 256-bit key/);
  const ok = await createCredentialStore(reopened, { masterKey: key });
  assert.deepEqual(await ok.load(), ['openai']);
  assert.equal(ok.resolve('openai'), SECRET);
  // Without the check value, a wrong key is still caught (every credential is tried).
  await reopened.sql.execute('DELETE FROM access_credential_key_check');
  await assert.rejects(createCredentialStore(reopened, { masterKey: newKey() }), wrongKey);
  await reopened.close();
});

test('tampered ciphertext or a ciphertext copied to another name fails to decrypt with a clear error', async () => {
  const { store } = await freshStore();
  const key = newKey();
  const creds = await createCredentialStore(store, { masterKey: key });
  await creds.put('a', 'sk-value-of-a-123456', actor);
  await creds.put('b', 'sk-value-of-b-123456', actor);
  await store.sql.execute(
    "UPDATE access_credentials SET nonce = (SELECT nonce FROM access_credentials WHERE name = 'a'), ciphertext = (SELECT ciphertext FROM access_credentials WHERE name = 'a') WHERE name = 'b'",
  );
  const authFailure = (name: string) => (e: unknown) =>
    isKeelError(e) &&
    new RegExp(`credential '${name}' failed authentication`).test(e.message) &&
    !e.message.includes('sk-');
  await assert.rejects(creds.get('b'), authFailure('b'));
  const [row] = await store.sql.query<{ ciphertext: string }>(
    "SELECT ciphertext FROM access_credentials WHERE name = 'a'",
  );
  const bytes = Buffer.from(row?.ciphertext ?? '', 'base64');
  bytes[2] = (bytes[2] as number) ^ 0x40;
  await store.sql.execute("UPDATE access_credentials SET ciphertext = ? WHERE name = 'a'", [
    bytes.toString('base64'),
  ]);
  await assert.rejects(creds.get('a'), authFailure('a'));
  await assert.rejects(creds.load(), authFailure('a'));
  await store.close();
});

test('rotation re-encrypts everything: new ciphertext, old key rejected at start, new key decrypts', async () => {
  const { url, store } = await freshStore();
  const audit = createAuditLog(store, { logger: silentLogger() });
  const oldText = newKey();
  const newText = newKey();
  const running = await createCredentialStore(store, { masterKey: oldText, audit });
  await running.put('openai', SECRET, actor);
  await running.put('anthropic', 'sk-ant-0123456789', actor);
  const before = await store.sql.query<{ name: string; nonce: string; ciphertext: string }>(
    'SELECT name, nonce, ciphertext FROM access_credentials ORDER BY name',
  );
  const result = await rotateMasterKey(store, {
    currentKey: parseMasterKey(oldText),
    newKey: parseMasterKey(newText),
    actor,
    audit,
  });
  assert.deepEqual(result, {
    credentials: 2,
    fromKeyId: parseMasterKey(oldText).id,
    toKeyId: parseMasterKey(newText).id,
  });
  const afterRows = await store.sql.query<{
    name: string;
    key_id: string;
    nonce: string;
    ciphertext: string;
  }>('SELECT name, key_id, nonce, ciphertext FROM access_credentials ORDER BY name');
  for (const [i, row] of afterRows.entries()) {
    assert.equal(row.key_id, result.toKeyId);
    assert.notEqual(row.ciphertext, before[i]?.ciphertext);
    assert.notEqual(row.nonce, before[i]?.nonce);
  }
  // A process still running with the old key must not write under it after the rotation.
  await assert.rejects(running.put('late', 'sk-late-0123456789', actor), /master key was rotated/);
  await assert.rejects(
    rotateMasterKey(store, { currentKey: parseMasterKey(oldText), newKey: parseMasterKey(newKey()), actor }),
    wrongKey,
  );
  await store.close();

  const reopened = await createStore(url);
  await assert.rejects(createCredentialStore(reopened, { masterKey: oldText }), wrongKey);
  const fresh = await createCredentialStore(reopened, { masterKey: newText });
  assert.equal(await fresh.get('openai'), SECRET);
  assert.equal(await fresh.get('anthropic'), 'sk-ant-0123456789');
  const [event] = await createAuditLog(reopened, { logger: silentLogger() }).list({
    action: 'credential.rotate_key',
  });
  assert.deepEqual(event?.meta, { credentials: 2, fromKeyId: result.fromKeyId, toKeyId: result.toKeyId });
  await assert.rejects(
    rotateMasterKey(reopened, {
      currentKey: parseMasterKey(newText),
      newKey: parseMasterKey(newText),
      actor,
    }),
    /same as the current one/,
  );
  await reopened.close();
});

test('a rotation that meets an undecryptable credential changes nothing', async () => {
  const { store } = await freshStore();
  const oldText = newKey();
  const creds = await createCredentialStore(store, { masterKey: oldText });
  await creds.put('good', 'sk-good-0123456789', actor);
  await creds.put('zbad', 'sk-bad-0123456789', actor);
  await store.sql.execute("UPDATE access_credentials SET nonce = 'AAAAAAAAAAAAAAAA' WHERE name = 'zbad'");
  const snapshot = await store.sql.query('SELECT * FROM access_credentials ORDER BY name');
  const check = await store.sql.query('SELECT * FROM access_credential_key_check');
  await assert.rejects(
    rotateMasterKey(store, { currentKey: parseMasterKey(oldText), newKey: parseMasterKey(newKey()), actor }),
    /credential 'zbad' failed authentication/,
  );
  assert.deepEqual(await store.sql.query('SELECT * FROM access_credentials ORDER BY name'), snapshot);
  assert.deepEqual(await store.sql.query('SELECT * FROM access_credential_key_check'), check);
  await store.close();
});
