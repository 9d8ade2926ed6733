import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { AuditEvent } from '../src/access/index.ts';
import { KeelError } from '../src/errors/index.ts';
import type { SqlExecutor } from '../src/spec/index.ts';
import { makeRecord } from '../src/store/conformance-fixtures.ts';
import { uuidv7 } from '../src/store/index.ts';
import { tracesModule } from '../src/traces/index.ts';
import { generation, score, write } from '../src/traces/query/test-support.ts';
import { eraseUser } from '../src/traces/retention/index.ts';
import { testBackends } from '../src/traces/test-stores.ts';
import { startTestKeel } from './harness.ts';

/**
 * Erasure on both backends (the Postgres run scans every text/JSON column of its fresh schema), and
 * DELETE /api/users/:id/data on a running Keel: tenant scoping, the audit event (hash only).
 */

const GONE = 'gone-user-41';
const KEPT = 'kept-user-77';

async function textColumns(sql: SqlExecutor): Promise<Array<{ table: string; column: string }>> {
  if (sql.dialect === 'sqlite') {
    const tables = await sql.query<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'");
    const out: Array<{ table: string; column: string }> = [];
    for (const t of tables) {
      for (const c of await sql.query<{ name: string }>(`SELECT name FROM pragma_table_info('${t.name}')`)) {
        out.push({ table: t.name, column: c.name });
      }
    }
    return out;
  }
  return sql.query(
    `SELECT table_name AS table, column_name AS column FROM information_schema.columns
      WHERE table_schema = current_schema() AND data_type IN ('text', 'jsonb', 'json', 'character varying')`,
  );
}

async function mentions(sql: SqlExecutor, needle: string): Promise<string[]> {
  const found: string[] = [];
  for (const { table, column } of await textColumns(sql)) {
    const cast = sql.dialect === 'postgres' ? `"${column}"::text` : `CAST("${column}" AS TEXT)`;
    const rows = await sql.query(`SELECT 1 AS x FROM "${table}" WHERE ${cast} LIKE ? LIMIT 1`, [
      `%${needle}%`,
    ]);
    if (rows.length > 0) found.push(`${table}.${column}`);
  }
  return found;
}

const { backends } = await testBackends();

for (const backend of backends) {
  describe(`eraseUser (${backend.name})`, async () => {
    after(() => backend.cleanup());
    const store = await backend.open();
    after(() => store.close());
    const at = Date.now() * 1000;
    for (const [i, user] of [GONE, KEPT].entries()) {
      for (const tenant of ['a', 'b']) {
        await write(store.sql, [
          ...generation({
            tenant,
            traceId: `${tenant}-${user}`,
            startUs: at + i,
            userId: user,
            tags: [`t-${user}`],
          }),
          score({
            tenant,
            id: `s-${tenant}-${user}`,
            traceId: `${tenant}-${user}`,
            name: 'q',
            timeUs: at,
            authorId: user,
          }),
        ]);
      }
      await store.requests.insertBatch([
        makeRecord({ id: uuidv7(), user, tenant: 'a', metadata: { note: `for ${user}` } }),
        makeRecord({ id: uuidv7(), user, tenant: 'b' }),
      ]);
      await store.sql.execute(
        `INSERT INTO access_spend_daily VALUES ('2026-01-01', 'o', 't', 'a', 'k', 'demo', ?, 'f', 2, 0, 1.5, 10, 5)`,
        [user],
      );
    }

    it('scoped to a tenant, then everywhere; every text and JSON column is clean', async () => {
      const audit: AuditEvent[] = [];
      const first = await eraseUser(store.sql, {
        userId: GONE,
        scope: ['a'],
        audit: { record: async (e) => void audit.push(e) },
        env: { KEEL_ERASURE_SALT: 's' },
      });
      assert.equal(first.deleted.traces, 1);
      assert.ok((await mentions(store.sql, GONE)).length > 0, 'tenant b still has the user');
      await eraseUser(store.sql, { userId: GONE, scope: undefined, env: { KEEL_ERASURE_SALT: 's' } });
      assert.deepEqual(await mentions(store.sql, GONE), []);
      assert.ok((await mentions(store.sql, KEPT)).length >= 8);
      assert.equal(audit[0]?.action, 'user.erase');
      assert.equal(audit[0]?.target, `end_user:${first.userHash}`);
      assert.ok(!JSON.stringify(audit).includes(GONE), 'the audit event never names the user');
      const [daily] = await store.sql.query(
        "SELECT requests, cost_usd FROM access_spend_daily WHERE end_user = ''",
      );
      assert.deepEqual([Number(daily?.requests), Number(daily?.cost_usd)], [2, 1.5]);
    });
  });
}

describe('DELETE /api/users/:id/data', () => {
  it('erases in the caller’s tenants, records the audit event, and is refused without rights', async () => {
    const audit: AuditEvent[] = [];
    const keel = await startTestKeel(
      { providers: {}, models: {} },
      {
        modules: [
          tracesModule({
            writer: { spoolDir: null, flushIntervalMs: 20 },
            observability: {
              authorize: (request, action) => {
                if (action === 'erase' && request.headers['x-role'] !== 'admin') {
                  throw new KeelError('forbidden', 'admins only');
                }
                return { tenants: ['a'], actor: { kind: 'user', id: 'admin-1' } };
              },
              audit: { record: async (e) => void audit.push(e) },
              eraseFollowUpMs: 0,
            },
          }),
        ],
      },
    );
    try {
      const at = Date.now() * 1000;
      await write(keel.store.sql, [
        ...generation({ tenant: 'a', traceId: 'ta', startUs: at, userId: GONE }),
        ...generation({ tenant: 'b', traceId: 'tb', startUs: at, userId: GONE }),
      ]);
      const del = (headers: Record<string, string>, query = '') =>
        fetch(`${keel.url}/api/users/${GONE}/data${query}`, { method: 'DELETE', headers });
      assert.equal((await del({})).status, 403);
      assert.equal((await del({ 'x-role': 'admin' }, '?tenant=b')).status, 404, 'not the caller’s tenant');
      const ok = await del({ 'x-role': 'admin' });
      assert.equal(ok.status, 200);
      const body = (await ok.json()) as { deleted: { traces: number }; tenants: string[] };
      assert.deepEqual([body.deleted.traces, body.tenants], [1, ['a']]);
      const left = await keel.store.sql.query('SELECT tenant FROM traces');
      assert.deepEqual(left, [{ tenant: 'b' }]);
      assert.deepEqual(audit[0]?.actor, { kind: 'user', id: 'admin-1' });
    } finally {
      await keel.close();
    }
  });
});
