/**
 * The audit chain and the credential store on the real Postgres: several replicas (store
 * instances with their own pools) appending at once must not fork the chain or lose events.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createAuditLog } from '../src/access/audit/index.ts';
import { createCredentialStore, parseMasterKey, rotateMasterKey } from '../src/access/crypto/index.ts';
import { silentLogger } from '../src/log/index.ts';
import { createStore, type KeelStore } from '../src/store/index.ts';
import { POSTGRES_URL, serviceSkip } from './services.ts';

const skip = await serviceSkip('postgres');

describe('audit log and credentials on Postgres', { skip }, () => {
  const schema = `keel_test_audit_${randomBytes(4).toString('hex')}`;
  const stores: KeelStore[] = [];
  let first: KeelStore;

  before(async () => {
    first = await createStore(POSTGRES_URL, { schema });
    stores.push(first);
    for (let i = 0; i < 2; i++) stores.push(await createStore(POSTGRES_URL, { schema, migrate: false }));
  });
  after(async () => {
    for (const store of stores) await store.close();
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  });

  it('three store instances appending concurrently produce one unforked chain with no lost events', async () => {
    const logs = stores.map((store) => createAuditLog(store, { logger: silentLogger() }));
    const perLog = 80;
    await Promise.all(
      logs.flatMap((log, replica) =>
        Array.from({ length: perLog }, (_, i) =>
          log.record({
            actor: { kind: 'system', id: `replica-${replica}` },
            action: 'budget.breach',
            target: `budget:${replica}-${i}`,
            meta: { i },
          }),
        ),
      ),
    );
    for (const log of logs) assert.deepEqual(log.stats(), { recorded: perLog, failed: 0 });
    const result = await logs[1]?.verify();
    assert.equal(result?.ok, true, result?.reason);
    assert.equal(result?.rows, perLog * logs.length);
    const [counts] = await first.sql.query<{ n: number; max: number; distinct_prev: number }>(
      'SELECT COUNT(*)::int AS n, MAX(seq) AS max, COUNT(DISTINCT prev_hash)::int AS distinct_prev FROM access_audit_log',
    );
    // No fork: every row has its own parent, and seq runs 1..N without gaps.
    assert.deepEqual(counts, { n: perLog * 3, max: perLog * 3, distinct_prev: perLog * 3 });
  });

  it('verify runs while others append, and catches edits and deletions', async () => {
    const writer = createAuditLog(stores[2] as KeelStore, { logger: silentLogger() });
    const reader = createAuditLog(stores[0] as KeelStore, { logger: silentLogger() });
    const writes = Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        writer.record({ actor: { kind: 'user', id: 'u' }, action: 'key.create', target: `key:${i}` }),
      ),
    );
    const during = await reader.verify();
    await writes;
    assert.equal(during.ok, true, during.reason);
    assert.equal((await reader.verify()).rows, 280);

    await first.sql.execute('UPDATE access_audit_log SET meta_json = \'{"i":999}\' WHERE seq = 17');
    let result = await reader.verify();
    assert.equal(result.ok, false);
    assert.equal(result.firstBadSeq, 17);
    await first.sql.execute('DELETE FROM access_audit_log WHERE seq = 17');
    result = await reader.verify();
    assert.equal(result.firstBadSeq, 17);
    assert.match(result.reason ?? '', /row seq 17 is missing/);
  });

  it('credentials: concurrent puts from two replicas, rotation, wrong key at start', async () => {
    const key = randomBytes(32).toString('hex');
    const a = await createCredentialStore(stores[0] as KeelStore, { masterKey: key });
    const b = await createCredentialStore(stores[1] as KeelStore, { masterKey: key });
    const actor = { kind: 'cli', id: 't' } as const;
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? a : b).put(`cred-${i}`, `sk-value-${i}-0123456789`, actor),
      ),
    );
    assert.equal((await a.list()).length, 20);
    assert.equal(await b.get('cred-7'), 'sk-value-7-0123456789');
    const next = randomBytes(32).toString('base64');
    const rotated = await rotateMasterKey(stores[2] as KeelStore, {
      currentKey: parseMasterKey(key),
      newKey: parseMasterKey(next),
      actor,
    });
    assert.equal(rotated.credentials, 20);
    await assert.rejects(a.put('late', 'sk-late-0123456789', actor), /master key was rotated/);
    await assert.rejects(createCredentialStore(first, { masterKey: key }), /KEEL_MASTER_KEY does not match/);
    const fresh = await createCredentialStore(first, { masterKey: next });
    assert.equal((await fresh.load()).length, 20);
    assert.equal(fresh.resolve('cred-13'), 'sk-value-13-0123456789');
  });
});
