/**
 * `keel audit` as a real subprocess against a SQLite file that the test then tampers with directly,
 * the way an attacker with database access would.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createAuditLog } from '../src/access/audit/index.ts';
import { silentLogger } from '../src/log/index.ts';
import { createStore } from '../src/store/index.ts';
import { runKeel } from './access-audit-run-keel.ts';

const dir = mkdtempSync(join(tmpdir(), 'keel-audit-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const keel = (args: string[]) => runKeel(args, { cwd: dir });

const COLUMNS = [
  'seq',
  'id',
  'at',
  'actor_kind',
  'actor_id',
  'actor_org',
  'action',
  'target',
  'before_json',
  'after_json',
  'meta_json',
  'prev_hash',
  'hash',
];
let files = 0;

async function seeded(rows: number): Promise<string> {
  const url = `sqlite:${join(dir, `audit-${++files}.db`)}`;
  const store = await createStore(url);
  const audit = createAuditLog(store, { logger: silentLogger() });
  for (let i = 1; i <= rows; i++) {
    await audit.record({
      actor: { kind: i % 2 ? 'user' : 'admin_token', id: `actor-${i % 3}`, orgId: 'org-1' },
      action: i % 2 ? 'key.create' : 'team.update',
      target: `key:k${i}`,
      before: { name: `before-${i}` },
      after: { name: `after-${i}` },
      meta: { ip: '127.0.0.1' },
    });
  }
  await store.close();
  return url;
}

async function tamper(url: string, sql: string, params: (string | number)[] = []): Promise<void> {
  const store = await createStore(url);
  const { changes } = await store.sql.execute(sql, params);
  assert.ok(changes >= 1, `tamper statement changed nothing: ${sql}`);
  await store.close();
}

let clean = '';
before(async () => {
  clean = await seeded(5);
});

test('an untouched chain verifies: exit 0, row count and head printed; --print-head prints SEQ:HASH', () => {
  const ok = keel(['audit', 'verify', '--db', clean]);
  assert.equal(ok.code, 0, ok.all);
  assert.match(ok.out, /audit chain intact: 5 rows, head 5:[0-9a-f]{64}/);
  const head = keel(['audit', 'verify', '--db', clean, '--print-head']);
  assert.equal(head.code, 0, head.all);
  assert.match(head.out, /^5:[0-9a-f]{64}\n$/);
  const anchored = keel(['audit', 'verify', '--db', clean, '--anchor', head.out.trim()]);
  assert.equal(anchored.code, 0, anchored.all);
  const wrongAnchor = keel(['audit', 'verify', '--db', clean, '--anchor', `5:${'a'.repeat(64)}`]);
  assert.equal(wrongAnchor.code, 1);
  assert.match(wrongAnchor.out, /BROKEN at seq 5: row seq 5 has hash .* not the anchored/);
  const json = keel(['audit', 'verify', '--db', clean, '--json']);
  assert.equal(JSON.parse(json.out).ok, true);
});

for (const column of COLUMNS) {
  test(`editing ${column} of row 3 in the database file makes 'keel audit verify' exit 1 naming row 3`, async () => {
    const url = await seeded(5);
    const edit =
      column === 'seq'
        ? 'UPDATE access_audit_log SET seq = 99 WHERE seq = 3'
        : column === 'at'
          ? 'UPDATE access_audit_log SET at = at - 1000 WHERE seq = 3'
          : `UPDATE access_audit_log SET ${column} = ${column} || ' ' WHERE seq = 3`;
    await tamper(url, edit);
    const result = keel(['audit', 'verify', '--db', url]);
    assert.equal(result.code, 1, result.all);
    assert.match(result.out, /audit chain BROKEN at seq 3: .*row seq 3\b/);
  });
}

test('deleting a middle row, or the last row, fails verify and names the missing row', async () => {
  const middle = await seeded(5);
  await tamper(middle, 'DELETE FROM access_audit_log WHERE seq = 2');
  let result = keel(['audit', 'verify', '--db', middle]);
  assert.equal(result.code, 1, result.all);
  assert.match(result.out, /BROKEN at seq 2: row seq 2 is missing \(deleted\)/);

  const last = await seeded(5);
  await tamper(last, 'DELETE FROM access_audit_log WHERE seq = 5');
  result = keel(['audit', 'verify', '--db', last]);
  assert.equal(result.code, 1, result.all);
  assert.match(result.out, /BROKEN at seq 5: row seq 5 is missing \(deleted from the end/);
});

test('a consistent rewrite of the whole chain passes verify but not an external anchor', async () => {
  const url = await seeded(3);
  const anchor = keel(['audit', 'verify', '--db', url, '--print-head']).out.trim();
  // Rewrite history the way a database admin could: change row 2, then recompute every hash after it.
  const store = await createStore(url);
  const { rowHash } = await import('../src/access/audit/index.ts');
  await store.sql.execute("UPDATE access_audit_log SET actor_id = 'nobody' WHERE seq = 2");
  let prev = '0'.repeat(64);
  for (const row of await store.sql.query<Record<string, string | number | null>>(
    'SELECT * FROM access_audit_log ORDER BY seq',
  )) {
    const hash = rowHash({
      seq: Number(row.seq),
      id: String(row.id),
      time: Number(row.at),
      actorKind: String(row.actor_kind),
      actorId: String(row.actor_id),
      actorOrg: row.actor_org as string | null,
      action: String(row.action),
      target: String(row.target),
      beforeJson: row.before_json as string | null,
      afterJson: row.after_json as string | null,
      metaJson: row.meta_json as string | null,
      prevHash: prev,
    });
    await store.sql.execute('UPDATE access_audit_log SET prev_hash = ?, hash = ? WHERE seq = ?', [
      prev,
      hash,
      row.seq as number,
    ]);
    prev = hash;
  }
  await store.sql.execute('UPDATE access_audit_head SET hash = ?', [prev]);
  await store.close();
  assert.equal(keel(['audit', 'verify', '--db', url]).code, 0, 'undetectable without an anchor (documented)');
  const anchored = keel(['audit', 'verify', '--db', url, '--anchor', anchor]);
  assert.equal(anchored.code, 1, anchored.all);
  assert.match(anchored.out, /row seq 3 has hash/);
});

test('keel audit list filters and prints a table or JSON', () => {
  const table = keel(['audit', 'list', '--db', clean, '--action', 'key.*']);
  assert.equal(table.code, 0, table.all);
  const lines = table.out.trim().split('\n');
  assert.match(lines[0] ?? '', /^seq\s+time\s+actor\s+action\s+target$/);
  assert.deepEqual(
    lines.slice(1).map((l) => l.split(/\s+/)[0]),
    ['5', '3', '1'],
  );
  const json = keel(['audit', 'list', '--db', clean, '--json', '--actor', 'actor-1', '--since', '1h']);
  assert.equal(json.code, 0, json.all);
  const rows = JSON.parse(json.out) as { seq: number; actor: { id: string }; before: unknown }[];
  assert.deepEqual(
    rows.map((r) => r.seq),
    [4, 1],
  );
  assert.deepEqual(rows[1]?.before, { name: 'before-1' });
  const none = keel(['audit', 'list', '--db', clean, '--target', 'team:*']);
  assert.equal(none.code, 0);
  assert.match(none.err, /no audit events match/);
});

test('bad usage exits 2 with a clear message; a missing database exits 3', () => {
  const cases: [string[], RegExp][] = [
    [['audit'], /usage: keel audit verify/],
    [['audit', 'frobnicate'], /unknown subcommand 'frobnicate'/],
    [['audit', 'verify', '--nope'], /Unknown option '--nope'/],
    [['audit', 'list', '--db', clean, '--since', 'yesterday'], /--since: 'yesterday' is neither a duration/],
    [['audit', 'list', '--db', clean, '--limit', '0'], /--limit: '0' must be a whole number from 1 to 1000/],
    [['audit', 'verify', '--db', clean, '--anchor', '5:xyz'], /--anchor: '5:xyz' must be SEQ:HASH/],
    [['audit', 'verify', '--db', 'mysql://x'], /store.url must be sqlite:PATH/],
  ];
  for (const [args, message] of cases) {
    const result = keel(args);
    assert.equal(result.code, 2, `${args.join(' ')}: ${result.all}`);
    assert.match(result.err, message);
  }
  const missing = keel(['audit', 'verify', '--db', `sqlite:${join(dir, 'nope.db')}`]);
  assert.equal(missing.code, 3, missing.all);
  assert.match(missing.err, /no database at/);
});
