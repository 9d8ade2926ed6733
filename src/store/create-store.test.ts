import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { isKeelError } from '../errors/index.ts';
import { assertStoreExists, createStore, parseStoreUrl } from './index.ts';

const dir = mkdtempSync(join(tmpdir(), 'keel-create-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const hasCode = (code: string) => (error: unknown) => isKeelError(error) && error.code === code;

test('parseStoreUrl understands sqlite and postgres URLs', () => {
  assert.deepEqual(parseStoreUrl('sqlite:.keel/keel.db'), { kind: 'sqlite', path: '.keel/keel.db' });
  assert.deepEqual(parseStoreUrl('sqlite::memory:'), { kind: 'sqlite', path: ':memory:' });
  assert.deepEqual(parseStoreUrl('sqlite:///var/keel.db'), { kind: 'sqlite', path: '/var/keel.db' });
  assert.deepEqual(parseStoreUrl('postgresql://u@h/db'), { kind: 'postgres', url: 'postgresql://u@h/db' });
});

test('bad store URLs are config_invalid and never echo the URL (it may hold a password)', async () => {
  for (const url of ['mysql://root:hunter2@db/keel', 'keel.db', 'sqlite:', 'postgres://:hunter2@/x']) {
    await assert.rejects(createStore(url), (error: unknown) => {
      assert.ok(isKeelError(error) && error.code === 'config_invalid', String(error));
      assert.ok(!error.message.includes('hunter2'));
      return true;
    });
  }
  await assert.rejects(createStore('postgres://u@h/db', { schema: 'Bad-Name' }), hasCode('config_invalid'));
});

test('assertStoreExists refuses only a SQLite file that is not there, naming it with the hint', () => {
  const existing = join(dir, 'there.db');
  writeFileSync(existing, '');
  assertStoreExists({ kind: 'sqlite', path: existing }, 'hint');
  assertStoreExists({ kind: 'sqlite', path: ':memory:' }, 'hint');
  assertStoreExists({ kind: 'postgres', url: 'postgres://u@h/db' }, 'hint');
  const missing = join(dir, 'nope', 'keel.db');
  assert.throws(
    () => assertStoreExists({ kind: 'sqlite', path: missing }, 'pass --db'),
    (error: unknown) =>
      hasCode('store_unavailable')(error) &&
      (error as Error).message === `no database at ${missing} (pass --db)`,
  );
  assert.equal(existsSync(missing), false);
});

test('sqlite creates the parent directory and a WAL database', async () => {
  const path = join(dir, 'nested', 'deeper', 'keel.db');
  const store = await createStore(`sqlite:${path}`);
  await store.ping();
  await store.close();
  assert.ok(existsSync(path));
  assert.ok(existsSync(`${path}-wal`) || existsSync(path));
});

test('sqlite at an impossible path is store_unavailable', async () => {
  const file = join(dir, 'plain-file');
  writeFileSync(file, 'x');
  await assert.rejects(createStore(`sqlite:${join(file, 'keel.db')}`), hasCode('store_unavailable'));
});

test('unreachable Postgres is store_unavailable, naming host and port only', async () => {
  await assert.rejects(createStore('postgres://keel:hunter2@127.0.0.1:1/keel'), (error: unknown) => {
    assert.ok(isKeelError(error) && error.code === 'store_unavailable', String(error));
    assert.ok(error.retryable);
    assert.match(error.message, /127\.0\.0\.1:1/);
    assert.ok(!error.message.includes('hunter2'));
    return true;
  });
});

test('opening a sqlite store prints no SQLite ExperimentalWarning, and other warnings still show', () => {
  const script = `import { createStore } from ${JSON.stringify(new URL('./index.ts', import.meta.url).href)};
const s = await createStore('sqlite::memory:'); await s.close();
process.emitWarning('still-works', 'UserWarning');`;
  const { stderr, status } = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
  });
  assert.equal(status, 0, stderr);
  assert.doesNotMatch(stderr, /SQLite is an experimental feature/);
  // Other warnings still reach the user: the filter is gone once node:sqlite has loaded.
  assert.match(stderr, /UserWarning: still-works/);
});
