import assert from 'node:assert/strict';
import { test } from 'node:test';
import { silentLogger } from '../../log/index.ts';
import { createStore } from '../../store/index.ts';
import type { AuditEvent } from '../types.ts';
import { createAuditLog } from './audit-log.ts';
import { REDACTED } from './redact.ts';

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

async function logWith(n: number) {
  const store = await createStore('sqlite::memory:');
  let clock = 1_700_000_000_000;
  const audit = createAuditLog(store, { logger: silentLogger(), now: () => clock++ });
  for (let i = 1; i <= n; i++) {
    await audit.record({
      actor: { kind: 'user', id: `u${i % 3}`, orgId: 'org1' },
      action: i % 2 === 0 ? 'key.create' : 'team.update',
      target: `key:${i}`,
      before: i % 2 === 0 ? undefined : { name: `old${i}` },
      after: { name: `new${i}`, n: i },
      meta: { ip: '10.0.0.1' },
    });
  }
  return { store, audit };
}

test('appends form a chain that verifies; seq is 1..N with each prev_hash the previous hash', async () => {
  const { store, audit } = await logWith(25);
  const result = await audit.verify();
  assert.equal(result.ok, true, result.reason);
  assert.equal(result.rows, 25);
  const rows = await store.sql.query<{ seq: number; prev_hash: string; hash: string }>(
    'SELECT seq, prev_hash, hash FROM access_audit_log ORDER BY seq',
  );
  assert.deepEqual(
    rows.map((r) => r.seq),
    Array.from({ length: 25 }, (_, i) => i + 1),
  );
  assert.equal(rows[0]?.prev_hash, '0'.repeat(64));
  for (let i = 1; i < rows.length; i++) assert.equal(rows[i]?.prev_hash, rows[i - 1]?.hash);
  assert.deepEqual(result.head, { seq: 25, hash: rows.at(-1)?.hash });
  assert.deepEqual(await audit.head(), result.head);
  assert.deepEqual(audit.stats(), { recorded: 25, failed: 0 });
  await store.close();
});

test('an empty log verifies with zero rows', async () => {
  const { store, audit } = await logWith(0);
  const result = await audit.verify();
  assert.deepEqual(result, { ok: true, rows: 0, head: { seq: 0, hash: '0'.repeat(64) } });
  await store.close();
});

test('concurrent record() calls on one store never fork the chain', async () => {
  const { store, audit } = await logWith(0);
  const actor = { kind: 'system', id: 'enforcement' } as const;
  await Promise.all(
    Array.from({ length: 60 }, (_, i) =>
      audit.record({ actor, action: 'budget.breach', target: `budget:${i}` }),
    ),
  );
  const result = await audit.verify();
  assert.equal(result.ok, true, result.reason);
  assert.equal(result.rows, 60);
  await store.close();
});

for (const column of COLUMNS) {
  for (const seq of [1, 4, 7]) {
    test(`editing ${column} of row ${seq} (of 7) fails verification and names the row`, async () => {
      const { store, audit } = await logWith(7);
      const edit =
        column === 'seq'
          ? 'UPDATE access_audit_log SET seq = 100 WHERE seq = ?'
          : column === 'at'
            ? 'UPDATE access_audit_log SET at = at + 1 WHERE seq = ?'
            : `UPDATE access_audit_log SET ${column} = CASE WHEN ${column} IS NULL THEN 'x' ELSE ${column} || 'x' END WHERE seq = ?`;
      const { changes } = await store.sql.execute(edit, [seq]);
      assert.equal(changes, 1);
      const result = await audit.verify();
      assert.equal(result.ok, false);
      assert.equal(result.firstBadSeq, seq, result.reason);
      assert.match(result.reason ?? '', new RegExp(`seq ${seq}\\b`));
      await store.close();
    });
  }
}

test('deleting a middle row, or the newest row, fails and names the missing seq', async () => {
  const { store, audit } = await logWith(6);
  await store.sql.execute('DELETE FROM access_audit_log WHERE seq = 3');
  let result = await audit.verify();
  assert.equal(result.ok, false);
  assert.equal(result.firstBadSeq, 3);
  assert.match(result.reason ?? '', /row seq 3 is missing/);
  await store.close();

  const second = await logWith(6);
  await second.store.sql.execute('DELETE FROM access_audit_log WHERE seq >= 5');
  result = await second.audit.verify();
  assert.equal(result.ok, false);
  assert.equal(result.firstBadSeq, 5);
  assert.match(result.reason ?? '', /rows seq 5–6 are missing \(deleted from the end/);
  await second.store.close();
});

test('swapping two rows (reordering) fails verification', async () => {
  const { store, audit } = await logWith(5);
  await store.sql.transaction(async (tx) => {
    await tx.execute('UPDATE access_audit_log SET seq = -2 WHERE seq = 2');
    await tx.execute('UPDATE access_audit_log SET seq = 2 WHERE seq = 3');
    await tx.execute('UPDATE access_audit_log SET seq = 3 WHERE seq = -2');
  });
  const result = await audit.verify();
  assert.equal(result.ok, false);
  assert.equal(result.firstBadSeq, 2);
  await store.close();
});

test('a row rewritten with a recomputed hash is caught by the next row and named', async () => {
  const { store, audit } = await logWith(5);
  const { rowHash } = await import('./audit-hash.ts');
  const [row] = await store.sql.query<Record<string, string | number | null>>(
    'SELECT * FROM access_audit_log WHERE seq = 3',
  );
  assert.ok(row);
  const forged = rowHash({
    seq: 3,
    id: String(row.id),
    time: Number(row.at),
    actorKind: String(row.actor_kind),
    actorId: 'someone-else',
    actorOrg: row.actor_org as string | null,
    action: String(row.action),
    target: String(row.target),
    beforeJson: row.before_json as string | null,
    afterJson: row.after_json as string | null,
    metaJson: row.meta_json as string | null,
    prevHash: String(row.prev_hash),
  });
  await store.sql.execute("UPDATE access_audit_log SET actor_id = 'someone-else', hash = ? WHERE seq = 3", [
    forged,
  ]);
  const result = await audit.verify();
  assert.equal(result.ok, false);
  assert.equal(result.firstBadSeq, 3);
  assert.match(result.reason ?? '', /row seq 3 .* was rewritten/);
  await store.close();
});

test('a row appended behind the head, or a deleted head, fails', async () => {
  const { store, audit } = await logWith(3);
  await store.sql.execute('UPDATE access_audit_head SET seq = 2');
  let result = await audit.verify();
  assert.equal(result.ok, false);
  assert.equal(result.firstBadSeq, 3);
  await store.sql.execute('DELETE FROM access_audit_head');
  result = await audit.verify();
  assert.equal(result.ok, false);
  assert.match(result.reason ?? '', /head row .* is missing/);
  await store.close();
});

test('snapshots are redacted defensively and stored as canonical JSON', async () => {
  const { store, audit } = await logWith(0);
  await audit.record({
    actor: { kind: 'admin_token', id: 'tok1' },
    action: 'credential.update',
    target: 'credential:openai',
    before: { name: 'openai', apiKey: 'sk-live-abcdefghijkl', nested: { password: 'hunter2', keyId: 'k1' } },
    after: { z: 1, a: [{ secret: 's3cr3t', token: 'tkn' }], note: 'Bearer abcdefghijklmnop' },
    meta: { Authorization: 'Basic dXNlcjpwYXNzd29yZA==', ip: '127.0.0.1', maxTokens: 50 },
  });
  const [entry] = await audit.list();
  assert.ok(entry);
  assert.deepEqual(entry.before, {
    name: 'openai',
    apiKey: REDACTED,
    nested: { password: REDACTED, keyId: 'k1' },
  });
  assert.deepEqual(entry.after, { z: 1, a: [{ secret: REDACTED, token: REDACTED }], note: REDACTED });
  assert.deepEqual(entry.meta, { Authorization: REDACTED, ip: '127.0.0.1', maxTokens: 50 });
  const raw = await store.sql.query<{ after_json: string; all: string }>(
    'SELECT after_json, before_json || after_json || meta_json AS "all" FROM access_audit_log',
  );
  assert.equal(
    raw[0]?.after_json,
    '{"a":[{"secret":"[redacted]","token":"[redacted]"}],"note":"[redacted]","z":1}',
  );
  for (const secret of ['sk-live', 'hunter2', 's3cr3t', 'tkn', 'dXNlcjpw', 'abcdefghijklmnop']) {
    assert.ok(!raw[0]?.all.includes(secret), secret);
  }
  assert.equal((await audit.verify()).ok, true);
  await store.close();
});

test('record() never throws: invalid events and store failures are logged and counted', async () => {
  const { store, audit } = await logWith(0);
  await audit.record({
    actor: { kind: 'martian', id: 'x' },
    action: 'a.b',
    target: 't',
  } as unknown as AuditEvent);
  await audit.record({ actor: { kind: 'user', id: 'u' }, action: '', target: 't' });
  await store.close();
  await audit.record({ actor: { kind: 'user', id: 'u' }, action: 'key.create', target: 'key:1' });
  assert.deepEqual(audit.stats(), { recorded: 0, failed: 3 });
});

test('list filters by time, actor, action glob, target glob and pages with beforeSeq', async () => {
  const { store, audit } = await logWith(12);
  const all = await audit.list();
  assert.deepEqual(
    all.map((e) => e.seq),
    [12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1],
  );
  assert.deepEqual(
    (await audit.list({ action: 'key.*' })).map((e) => e.seq),
    [12, 10, 8, 6, 4, 2],
  );
  assert.deepEqual(
    (await audit.list({ action: 'key.create', actor: 'u1' })).map((e) => e.seq),
    [10, 4],
  );
  assert.deepEqual(
    (await audit.list({ target: 'key:1*' })).map((e) => e.seq),
    [12, 11, 10, 1],
  );
  assert.deepEqual(
    (await audit.list({ since: 1_700_000_000_002, until: 1_700_000_000_005 })).map((e) => e.seq),
    [5, 4, 3],
  );
  assert.deepEqual(
    (await audit.list({ beforeSeq: 5, limit: 2 })).map((e) => e.seq),
    [4, 3],
  );
  // LIKE wildcards typed by a user are literal.
  assert.deepEqual(await audit.list({ action: 'key_*' }), []);
  const first = all.at(-1);
  assert.deepEqual(first?.actor, { kind: 'user', id: 'u1', orgId: 'org1' });
  assert.deepEqual(first?.before, { name: 'old1' });
  await assert.rejects(audit.list({ limit: 0 }), /limit/);
  await assert.rejects(audit.list({ limit: 5000 }), /limit/);
  await store.close();
});
