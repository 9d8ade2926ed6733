import type { Pool } from 'pg';
import type { Logger } from '../../log/index.ts';
import { type AppliedMigration, checksum, type Migration, pendingMigrations } from '../migrations.ts';

/** 'KEEL' as an int4: the advisory-lock class that keeps Keel's locks apart from other apps'. */
const LOCK_CLASS = 0x4b45454c;

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  id TEXT NOT NULL PRIMARY KEY,
  checksum TEXT NOT NULL,
  applied_at BIGINT NOT NULL
)`;

/** Identifiers Keel accepts for a schema: no quoting needed, no injection possible. */
export const SCHEMA_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Runs pending migrations in one transaction that first takes a transaction-scoped advisory lock
 * (per schema): several Keel processes starting at once queue here, and each one after the first
 * finds nothing left to do. The lock is released by COMMIT/ROLLBACK, even if the process dies.
 */
export async function migratePostgres(options: {
  pool: Pool;
  schema: string | undefined;
  migrations: readonly Migration[];
  logger?: Logger | undefined;
}): Promise<string[]> {
  const { pool, schema, migrations, logger } = options;
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_CLASS, schema ?? '']);
    if (schema !== undefined) await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await client.query(CREATE_TABLE);
    const { rows } = await client.query<{ id: string; checksum: string }>(
      'SELECT id, checksum FROM schema_migrations',
    );
    const applied = new Map(rows.map((row) => [row.id, row.checksum]));
    const pending = pendingMigrations({ migrations, applied, logger });
    for (const migration of pending) {
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_migrations (id, checksum, applied_at) VALUES ($1, $2, $3)', [
        migration.id,
        checksum(migration.sql),
        Date.now(),
      ]);
    }
    await client.query('COMMIT');
    if (pending.length > 0)
      logger?.info({ applied: pending.map((m) => m.id) }, 'postgres migrations applied');
    return pending.map((m) => m.id);
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

export async function readAppliedPostgres(pool: Pool): Promise<AppliedMigration[]> {
  try {
    const { rows } = await pool.query<{ id: string; checksum: string; applied_at: string }>(
      'SELECT id, checksum, applied_at FROM schema_migrations ORDER BY id',
    );
    return rows.map((row) => ({ id: row.id, checksum: row.checksum, appliedAt: Number(row.applied_at) }));
  } catch (error) {
    // undefined_table: never migrated.
    if ((error as { code?: unknown }).code === '42P01') return [];
    throw error;
  }
}
