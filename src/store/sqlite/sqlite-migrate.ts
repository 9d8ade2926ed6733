import type { DatabaseSync } from 'node:sqlite';
import type { Logger } from '../../log/index.ts';
import { type AppliedMigration, checksum, type Migration, pendingMigrations } from '../migrations.ts';

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  id TEXT NOT NULL PRIMARY KEY,
  checksum TEXT NOT NULL,
  applied_at INTEGER NOT NULL
)`;

export function readApplied(db: DatabaseSync): AppliedMigration[] {
  db.exec(CREATE_TABLE);
  return db
    .prepare('SELECT id, checksum, applied_at FROM schema_migrations ORDER BY id')
    .all()
    .map((row) => ({
      id: String(row.id),
      checksum: String(row.checksum),
      appliedAt: Number(row.applied_at),
    }));
}

/**
 * BEGIN IMMEDIATE takes the database's write lock before reading what is applied, so several
 * processes opening one file serialise here (busy_timeout makes the others wait, not fail).
 */
export function migrateSqlite(options: {
  db: DatabaseSync;
  migrations: readonly Migration[];
  logger?: Logger | undefined;
}): string[] {
  const { db, migrations, logger } = options;
  db.exec('BEGIN IMMEDIATE');
  try {
    const applied = new Map(readApplied(db).map((m) => [m.id, m.checksum]));
    const pending = pendingMigrations({ migrations, applied, logger });
    const record = db.prepare('INSERT INTO schema_migrations (id, checksum, applied_at) VALUES (?, ?, ?)');
    for (const migration of pending) {
      db.exec(migration.sql);
      record.run(migration.id, checksum(migration.sql), Date.now());
    }
    db.exec('COMMIT');
    if (pending.length > 0) logger?.info({ applied: pending.map((m) => m.id) }, 'sqlite migrations applied');
    return pending.map((m) => m.id);
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
}
