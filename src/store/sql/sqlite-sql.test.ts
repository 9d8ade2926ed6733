import assert from 'node:assert/strict';
import type { DatabaseSync } from 'node:sqlite';
import { test } from 'node:test';
import { loadSqlite } from '../sqlite/load-sqlite.ts';
import { SqliteSql } from './sqlite-sql.ts';

/** An in-memory database whose prepare() calls are counted per SQL text. */
function countingDb(): { db: DatabaseSync; prepared: Map<string, number> } {
  const { DatabaseSync } = loadSqlite();
  const db = new DatabaseSync(':memory:');
  const prepared = new Map<string, number>();
  const prepare = db.prepare.bind(db);
  db.prepare = (sql: string) => {
    prepared.set(sql, (prepared.get(sql) ?? 0) + 1);
    return prepare(sql);
  };
  return { db, prepared };
}

test('fixed statements are prepared once and reused', async () => {
  const { db, prepared } = countingDb();
  db.exec('CREATE TABLE t (a INTEGER, b TEXT)');
  const sql = new SqliteSql(db);
  const insert = 'INSERT INTO t (a, b) VALUES (?, ?)';
  for (let i = 0; i < 5; i++) await sql.execute(insert, [i, `v${i}`]);
  assert.equal(prepared.get(insert), 1);
  assert.deepEqual(await sql.query('SELECT COUNT(*) AS n FROM t'), [{ n: 5 }]);
  db.close();
});

test('generated multi-row statements are not kept in the statement cache', async () => {
  // Each cached multi-row INSERT pinned ~1 MB of SQLite memory: RSS grew by hundreds of MB under load.
  const { db, prepared } = countingDb();
  db.exec('CREATE TABLE t (a INTEGER, b TEXT)');
  const sql = new SqliteSql(db);
  const rows = 2000;
  const insert = `INSERT INTO t (a, b) VALUES ${new Array<string>(rows).fill('(?, ?)').join(', ')}`;
  assert.ok(insert.length > 8192, 'longer than the cache limit');
  const params = Array.from({ length: rows }, (_, i) => [i, `v${i}`]).flat();
  for (let i = 0; i < 3; i++) await sql.execute(insert, params);
  // Prepared afresh each time: nothing holds the statement (so GC can finalize it).
  assert.equal(prepared.get(insert), 3);
  assert.deepEqual(await sql.query('SELECT COUNT(*) AS n FROM t'), [{ n: 3 * rows }]);
  db.close();
});
