import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { POSTGRES_URL, serviceSkip } from '../../../test/services.ts';
import type { RequestRecord } from '../../spec/index.ts';
import { makeRecord } from '../../store/conformance-fixtures.ts';
import { createStore, uuidv7 } from '../../store/index.ts';
import { type RequestsIo, requestsCommand } from './requests.ts';

const dir = mkdtempSync(join(tmpdir(), 'keel-requests-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const NOW = Date.UTC(2025, 5, 1, 12);
let dbs = 0;

async function seed(rows: RequestRecord[]): Promise<string> {
  const url = `sqlite:${join(dir, `db-${++dbs}.db`)}`;
  const store = await createStore(url);
  await store.requests.insertBatch(rows);
  await store.close();
  return url;
}

function io(extra: Partial<RequestsIo> = {}) {
  const captured = { out: '', err: '' };
  const value: RequestsIo = {
    out: (text) => {
      captured.out += text;
    },
    err: (text) => {
      captured.err += text;
    },
    env: {},
    now: () => NOW,
    ...extra,
  };
  return { io: value, captured };
}

const minutesAgo = (m: number, overrides: Partial<RequestRecord> = {}) =>
  makeRecord({ startedAt: NOW - m * 60_000, endedAt: NOW - m * 60_000 + 100, ...overrides });

test('list prints a table, newest first, with filters and limits', async () => {
  const rows = [
    minutesAgo(90, { model: 'old' }),
    minutesAgo(20, { model: 'alpha' }),
    minutesAgo(5, { model: 'beta' }),
  ];
  const db = await seed(rows);
  const all = io();
  assert.equal(await requestsCommand(['list', '--db', db], all.io), 0);
  const lines = all.captured.out.trimEnd().split('\n');
  assert.match(
    lines[0]!,
    /^time\s+id\s+model\s+deployment\s+status\s+latency_ms\s+tokens_in\/out\s+cost_usd\s+cache$/,
  );
  assert.deepEqual(
    lines.slice(1).map((line) => line.split(/\s+/)[2]),
    ['beta', 'alpha', 'old'],
  );
  assert.match(
    lines[1]!,
    /2025-06-01T11:55:00\.000Z\s+\S+\s+beta\s+sim\/gpt-test\s+200\s+120\s+12\/34\s+0\.000123\s+miss/,
  );

  const recent = io();
  assert.equal(await requestsCommand(['list', '--db', db, '--since', '1h', '--limit', '1'], recent.io), 0);
  assert.equal(recent.captured.out.trimEnd().split('\n').length, 2);
  assert.match(recent.captured.out, /beta/);

  const json = io();
  assert.equal(await requestsCommand(['list', '--db', db, '--model', 'alpha', '--json'], json.io), 0);
  assert.deepEqual(JSON.parse(json.captured.out), [rows[1]]);

  const none = io({ env: { KEEL_DB: db } });
  assert.equal(await requestsCommand(['list', '--user', 'nobody'], none.io), 0);
  assert.match(none.captured.err, /no requests match/);
});

test('control characters from callers are shown inert', async () => {
  const db = await seed([minutesAgo(1, { model: 'evil\u001b[2Jmodel' })]);
  const out = io();
  assert.equal(await requestsCommand(['list', '--db', db], out.io), 0);
  assert.ok(!out.captured.out.includes('\u001b'));
  assert.match(out.captured.out, /evil\?\[2Jmodel/);
});

test('bad usage exits 2 with a clear message; a missing database exits 1', async () => {
  const db = await seed([]);
  const cases: [string[], RegExp][] = [
    [['list', '--db', db, '--since', 'soon'], /--since: 'soon' is neither a duration/],
    [['list', '--db', db, '--limit', '0'], /--limit: '0' must be a whole number from 1 to 10000/],
    [['list', '--db', db, '--limit', '10001'], /--limit/],
    [['list', '--db', db, '--status', 'ok'], /--status/],
    [['list', '--db', db, '--bogus'], /Unknown option '--bogus'/],
    [['list', '--db', 'mysql://root:pw@x/db'], /store.url must be sqlite:PATH/],
    [['tail', '--db', db, '--interval', 'often'], /--interval: 'often' is not a duration/],
    [['tail', '--db', db, '--since', '1h'], /Unknown option '--since'/],
    [['frobnicate'], /unknown subcommand 'frobnicate'/],
  ];
  for (const [argv, message] of cases) {
    const out = io();
    assert.equal(await requestsCommand(argv, out.io), 2, argv.join(' '));
    assert.match(out.captured.err, message);
    assert.ok(!out.captured.err.includes(':pw@'));
  }
  const missing = io();
  const path = join(dir, 'nope', 'keel.db');
  assert.equal(await requestsCommand(['list', '--db', `sqlite:${path}`], missing.io), 1);
  assert.match(missing.captured.err, /no database at .*nope/);
});

test('tail prints recent rows, then new ones, including slow requests that finish late', async () => {
  const first = minutesAgo(1, { model: 'first' });
  const db = await seed([first]);
  const store = await createStore(db);
  const controller = new AbortController();
  const out = io({ signal: controller.signal, now: Date.now });
  const running = requestsCommand(['tail', '--db', db, '--interval', '20'], out.io);
  const waitFor = async (pattern: RegExp) => {
    const deadline = Date.now() + 15_000;
    while (!pattern.test(out.captured.out)) {
      if (Date.now() > deadline) throw new Error(`no ${pattern} in:\n${out.captured.out}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  await waitFor(/first/);
  // The slow request's id is older than the fast one's, yet it lands after it.
  const slowId = uuidv7();
  const fast = makeRecord({ model: 'fast', startedAt: Date.now() });
  await store.requests.insertBatch([fast]);
  await waitFor(/fast/);
  await store.requests.insertBatch([makeRecord({ id: slowId, model: 'slow', startedAt: Date.now() - 5000 })]);
  await waitFor(/slow/);
  await new Promise((resolve) => setTimeout(resolve, 100));
  controller.abort();
  assert.equal(await running, 0);
  await store.close();
  const models = out.captured.out
    .trimEnd()
    .split('\n')
    .slice(1)
    .map((line) => line.split(/\s+/)[2]);
  assert.deepEqual(models, ['first', 'fast', 'slow']);
});

const main = fileURLToPath(new URL('../main.ts', import.meta.url));

test('keel requests list runs from the real entry point', async () => {
  const db = await seed([minutesAgo(1, { model: 'from-cli' })]);
  const result = spawnSync(process.execPath, [main, 'requests', 'list', '--db', db], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /from-cli/);
  assert.equal(result.stderr, '');
});

test('keel requests tail stops cleanly on SIGINT', async () => {
  const db = await seed([minutesAgo(1, { model: 'tailed' })]);
  const child = spawn(process.execPath, [main, 'requests', 'tail', '--db', db, '--interval', '50']);
  let stdout = '';
  child.stdout.on('data', (chunk) => {
    stdout += String(chunk);
    if (stdout.includes('tailed')) child.kill('SIGINT');
  });
  const code = await new Promise((resolve) => child.on('exit', (status) => resolve(status)));
  assert.equal(code, 0);
  assert.match(stdout, /tailed/);
});

test('list reads Postgres, with the schema given in the URL', async (t) => {
  const skip = await serviceSkip('postgres');
  if (skip) return t.skip(skip);
  const schema = `keel_cli_${randomBytes(4).toString('hex')}`;
  const url = `${POSTGRES_URL}?schema=${schema}`;
  try {
    const store = await createStore(url);
    await store.requests.insertBatch([minutesAgo(3, { model: 'pg-model' })]);
    await store.close();
    const out = io();
    assert.equal(await requestsCommand(['list', '--db', url], out.io), 0, out.captured.err);
    assert.match(out.captured.out, /pg-model/);
  } finally {
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  }
});
