import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isKeelError } from '../../errors/index.ts';
import type { Store } from '../../spec/index.ts';

/** The SqlExecutor behaviour both backends share; registered by storeConformance. */
export function registerSqlExecutor(fresh: () => Promise<Store>): void {
  test('sql: portable placeholders, numbers back as numbers, literal ? untouched', async () => {
    const { sql } = await fresh();
    await sql.execute('CREATE TABLE conf_sql (id TEXT PRIMARY KEY, at BIGINT NOT NULL, note TEXT)');
    await sql.execute('INSERT INTO conf_sql (id, at, note) VALUES (?, ?, ?)', [
      'a',
      1_700_000_000_123,
      'why?',
    ]);
    const rows = await sql.query<{ id: string; at: number; note: string }>(
      "SELECT id, at, note FROM conf_sql WHERE id = ? AND note = 'why?'",
      ['a'],
    );
    assert.deepEqual(rows, [{ id: 'a', at: 1_700_000_000_123, note: 'why?' }]);
  });

  test('sql: transactions commit together and roll back together', async () => {
    const { sql } = await fresh();
    await sql.execute('CREATE TABLE conf_tx (id TEXT PRIMARY KEY, n BIGINT NOT NULL)');
    await sql.transaction(async (tx) => {
      await tx.execute('INSERT INTO conf_tx (id, n) VALUES (?, ?)', ['x', 1]);
      await tx.execute('INSERT INTO conf_tx (id, n) VALUES (?, ?)', ['y', 2]);
    });
    await assert.rejects(
      sql.transaction(async (tx) => {
        await tx.execute('INSERT INTO conf_tx (id, n) VALUES (?, ?)', ['z', 3]);
        throw new Error('abort');
      }),
      /abort/,
    );
    const rows = await sql.query<{ id: string }>('SELECT id FROM conf_tx ORDER BY id');
    assert.deepEqual(
      rows.map((r) => r.id),
      ['x', 'y'],
    );
  });

  test('sql: a duplicate key is a conflict (409), not an internal error', async () => {
    const { sql } = await fresh();
    await sql.execute('CREATE TABLE conf_dup (id TEXT PRIMARY KEY)');
    await sql.execute('INSERT INTO conf_dup (id) VALUES (?)', ['one']);
    await assert.rejects(
      sql.execute('INSERT INTO conf_dup (id) VALUES (?)', ['one']),
      (error: unknown) => isKeelError(error) && error.code === 'conflict',
    );
    const { changes } = await sql.execute('UPDATE conf_dup SET id = ? WHERE id = ?', ['two', 'one']);
    assert.equal(changes, 1);
  });

  test('sql: concurrent transactions do not interleave', async () => {
    const { sql } = await fresh();
    await sql.execute('CREATE TABLE conf_counter (id TEXT PRIMARY KEY, n BIGINT NOT NULL)');
    await sql.execute('INSERT INTO conf_counter (id, n) VALUES (?, ?)', ['c', 0]);
    const bump = () =>
      sql.transaction(async (tx) => {
        const lock = tx.dialect === 'postgres' ? ' FOR UPDATE' : '';
        const [row] = await tx.query<{ n: number }>(`SELECT n FROM conf_counter WHERE id = ?${lock}`, ['c']);
        await new Promise((resolve) => setTimeout(resolve, 2));
        await tx.execute('UPDATE conf_counter SET n = ? WHERE id = ?', [(row?.n ?? 0) + 1, 'c']);
      });
    await Promise.all(Array.from({ length: 10 }, bump));
    const [row] = await sql.query<{ n: number }>('SELECT n FROM conf_counter WHERE id = ?', ['c']);
    assert.equal(row?.n, 10);
  });
}
