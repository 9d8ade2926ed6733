/**
 * Encryption at rest, checked where it matters: the raw bytes of the SQLite database file and its
 * WAL, while the store is open (the WAL holds fresh pages) and after close (checkpointed).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, test } from 'node:test';
import { pino } from 'pino';
import { setCredentialResolver } from '../../providers/index.ts';
import { createStore } from '../../store/index.ts';
import { createAuditLog } from '../audit/index.ts';
import { createCredentialStore } from './credential-store.ts';
import { parseMasterKey } from './master-key.ts';
import { openProviderCredentials } from './provider-credentials.ts';
import { rotateMasterKey } from './rotate-key.ts';

const dir = mkdtempSync(join(tmpdir(), 'keel-credfile-'));
after(() => {
  setCredentialResolver(undefined);
  rmSync(dir, { recursive: true, force: true });
});

// Distinctive, long enough that a partial match would be meaningful.
const SECRETS = [
  `sk-proj-${randomBytes(24).toString('hex')}`,
  `sk-ant-api03-${randomBytes(24).toString('base64url')}`,
];

function encodings(secret: string): Buffer[] {
  return [
    Buffer.from(secret, 'utf8'),
    Buffer.from(secret, 'utf16le'),
    Buffer.from(Buffer.from(secret).toString('base64')),
    Buffer.from(Buffer.from(secret).toString('hex')),
    // Any 16-character window, so a secret split or truncated in storage is still found.
    Buffer.from(secret.slice(8, 24), 'utf8'),
  ];
}

function assertAbsent(path: string): number {
  if (!existsSync(path)) return 0;
  const bytes = readFileSync(path);
  for (const secret of SECRETS) {
    for (const needle of encodings(secret)) {
      assert.equal(bytes.indexOf(needle), -1, `${path} contains a form of a stored secret`);
    }
  }
  return bytes.length;
}

function captureLogs() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: pino({ level: 'trace' }, stream), text: () => lines.join('') };
}

test('stored credentials never appear in the database file, its WAL, the audit rows or the logs', async () => {
  const file = join(dir, 'keel.db');
  const store = await createStore(`sqlite:${file}`);
  const logs = captureLogs();
  const audit = createAuditLog(store, { logger: logs.logger });
  const oldKey = randomBytes(32).toString('hex');
  const newKey = randomBytes(32).toString('hex');
  const creds = await createCredentialStore(store, { masterKey: oldKey, audit });
  await creds.put('openai', SECRETS[0] as string, { kind: 'cli', id: 't' });
  await creds.put('anthropic', SECRETS[1] as string, { kind: 'cli', id: 't' });
  await rotateMasterKey(store, {
    currentKey: parseMasterKey(oldKey),
    newKey: parseMasterKey(newKey),
    actor: { kind: 'cli', id: 't' },
    audit,
  });
  const loaded = await openProviderCredentials(store, {
    logger: logs.logger,
    env: { KEEL_MASTER_KEY: newKey },
    audit,
  });
  assert.equal(loaded.resolve('openai'), SECRETS[0]);

  // While open: the main file and the WAL (which holds the newest pages) both.
  const walBytes = assertAbsent(`${file}-wal`);
  assert.ok(walBytes > 0, 'expected a WAL file while the store is open');
  assertAbsent(file);
  await store.close();
  // After close: SQLite checkpoints the WAL into the main file.
  const fileBytes = assertAbsent(file);
  assert.ok(fileBytes > 0);
  assertAbsent(`${file}-wal`);

  const text = logs.text();
  assert.match(text, /provider credentials loaded/);
  for (const secret of SECRETS) assert.ok(!text.includes(secret), 'a secret reached the logs');

  // And the data really is there, just encrypted: the new key opens it.
  const reopened = await createStore(`sqlite:${file}`);
  const again = await createCredentialStore(reopened, { masterKey: newKey });
  assert.equal(await again.get('anthropic'), SECRETS[1]);
  await reopened.close();
});
