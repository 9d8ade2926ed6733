/** `keel credentials` as a real subprocess: set from stdin, list, delete, rotate-key. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createCredentialStore } from '../src/access/crypto/index.ts';
import { createStore } from '../src/store/index.ts';
import { runKeel } from './access-audit-run-keel.ts';

const dir = mkdtempSync(join(tmpdir(), 'keel-cred-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const OLD = randomBytes(32).toString('base64');
const NEW = randomBytes(32).toString('hex');
const SECRET = `sk-proj-${randomBytes(20).toString('hex')}`;
const file = join(dir, 'keel.db');
const db = `sqlite:${file}`;

function keel(args: string[], options: { input?: string | Buffer; env?: Record<string, string> } = {}) {
  return runKeel(args, { cwd: dir, input: options.input, env: { USER: 'ops-alice', ...options.env } });
}

test('keel credentials: set from stdin, list, rotate-key, delete, all audited, never echoing the secret', async () => {
  // The store must exist first (a typo'd --db path is an error, not a new empty database).
  await (await createStore(db)).close();
  const env = { KEEL_MASTER_KEY: OLD };

  let result = keel(['credentials', 'set', 'openai-prod', '--db', db], { input: `${SECRET}\n`, env });
  assert.equal(result.code, 0, result.all);
  assert.match(result.out, /stored credential openai-prod \(key id [0-9a-f]{16}\)/);
  result = keel(['credentials', 'set', 'anthropic', '--db', db], { input: 'sk-ant-0123456789abcdef', env });
  assert.equal(result.code, 0, result.all);

  result = keel(['credentials', 'list', '--db', db, '--json']);
  assert.equal(result.code, 0, result.all);
  const listed = JSON.parse(result.out) as Record<string, unknown>[];
  assert.deepEqual(
    listed.map((c) => c.name),
    ['anthropic', 'openai-prod'],
  );
  assert.deepEqual(Object.keys(listed[0] ?? {}).sort(), ['createdAt', 'keyId', 'name', 'updatedAt']);
  result = keel(['credentials', 'list', '--db', db]);
  assert.match(result.out, /^name\tkey_id\tcreated\tupdated\nanthropic\t/);

  const before = await ciphertexts();
  result = keel(['credentials', 'rotate-key', '--new-key-env', 'KEEL_NEW_MASTER_KEY', '--db', db], {
    env: { KEEL_MASTER_KEY: OLD, KEEL_NEW_MASTER_KEY: NEW },
  });
  assert.equal(result.code, 0, result.all);
  assert.match(result.out, /re-encrypted 2 credential\(s\): key id [0-9a-f]{16} → [0-9a-f]{16}/);
  const afterRotation = await ciphertexts();
  for (const name of Object.keys(before)) assert.notEqual(afterRotation[name], before[name]);

  // The old key now fails loudly; the new one works.
  result = keel(['credentials', 'set', 'late', '--db', db], { input: 'sk-late-0123456789', env });
  assert.equal(result.code, 1, result.all);
  assert.match(result.err, /KEEL_MASTER_KEY does not match the key that encrypted the stored credentials/);
  const store = await createStore(db);
  await assert.rejects(createCredentialStore(store, { masterKey: OLD }), /does not match/);
  const creds = await createCredentialStore(store, { masterKey: NEW });
  assert.equal(await creds.get('openai-prod'), SECRET, 'one trailing newline from stdin is dropped');
  await store.close();

  result = keel(['credentials', 'delete', 'anthropic', '--db', db], { env: { KEEL_MASTER_KEY: NEW } });
  assert.equal(result.code, 0, result.all);
  result = keel(['credentials', 'delete', 'anthropic', '--db', db], { env: { KEEL_MASTER_KEY: NEW } });
  assert.equal(result.code, 1, result.all);
  assert.match(result.err, /credential 'anthropic' does not exist/);

  result = keel(['audit', 'list', '--db', db, '--action', 'credential.*', '--json']);
  const events = JSON.parse(result.out) as { action: string; actor: { kind: string; id: string } }[];
  assert.deepEqual(events.map((e) => e.action).reverse(), [
    'credential.create',
    'credential.create',
    'credential.rotate_key',
    'credential.delete',
  ]);
  assert.deepEqual(events[0]?.actor, { kind: 'cli', id: 'ops-alice' });
  assert.equal(keel(['audit', 'verify', '--db', db]).code, 0);

  const bytes = Buffer.concat([readFileSync(file), readFileSync(`${file}-wal`, { flag: 'a+' })]);
  assert.equal(bytes.indexOf(SECRET), -1, 'the secret is in the database file');
});

async function ciphertexts(): Promise<Record<string, string>> {
  const store = await createStore(db);
  const rows = await store.sql.query<{ name: string; ciphertext: string }>(
    'SELECT name, ciphertext FROM access_credentials',
  );
  await store.close();
  return Object.fromEntries(rows.map((r) => [r.name, r.ciphertext]));
}

test('keel credentials: bad usage is exit 2, missing or malformed keys exit 1, with clear messages', async () => {
  const path = join(dir, 'usage.db');
  await (await createStore(`sqlite:${path}`)).close();
  const udb = `sqlite:${path}`;
  const key = { KEEL_MASTER_KEY: OLD };
  const cases: [string[], { input?: string | Buffer; env?: Record<string, string> }, number, RegExp][] = [
    [['credentials'], {}, 2, /usage: keel credentials set NAME/],
    [['credentials', 'set', 'a', SECRET, '--db', udb], { env: key }, 2, /never from arguments/],
    [['credentials', 'set', '--db', udb], { env: key }, 2, /usage: keel credentials set NAME/],
    [['credentials', 'set', 'bad name', '--db', udb], { env: key, input: 'x' }, 2, /credential name must be/],
    [['credentials', 'set', 'a', '--db', udb], { env: key, input: '' }, 2, /must be a non-empty string/],
    [['credentials', 'set', 'a', '--db', udb], { env: key, input: 'two\nlines\n' }, 2, /control characters/],
    [
      ['credentials', 'set', 'a', '--db', udb],
      { env: key, input: Buffer.from([0x61, 0xff, 0x62]) },
      2,
      /the secret on stdin is not valid UTF-8/,
    ],
    [['credentials', 'set', 'a', '--db', udb], { input: 'x' }, 1, /KEEL_MASTER_KEY is not set/],
    [
      ['credentials', 'set', 'a', '--db', udb],
      { env: { KEEL_MASTER_KEY: 'hunter2' }, input: 'x' },
      1,
      /must be a 256-bit key/,
    ],
    [['credentials', 'rotate-key', '--db', udb], { env: key }, 2, /--new-key-env VAR is required/],
    [['credentials', 'rotate-key', '--new-key-env', 'NOPE', '--db', udb], { env: key }, 1, /NOPE is not set/],
    [['credentials', 'list', '--db', join(dir, 'missing.db')], {}, 2, /store.url must be sqlite:PATH/],
    [['credentials', 'list', '--db', `sqlite:${join(dir, 'missing.db')}`], {}, 1, /no database at/],
  ];
  for (const [args, options, code, message] of cases) {
    const result = keel(args, options);
    assert.equal(result.code, code, `${args.join(' ')}: ${result.all}`);
    assert.match(result.err, message, args.join(' '));
    assert.ok(!result.all.includes(SECRET) && !result.all.includes('hunter2'), 'a secret was echoed');
  }
});
