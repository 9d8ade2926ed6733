import { createHash } from 'node:crypto';
import type { Logger } from '../log/index.ts';

/**
 * Schema changes are an ordered list per backend (`001_requests`, `002_keys`, …). Each runs once,
 * inside the transaction that records it in `schema_migrations`, so a failed migration leaves
 * nothing behind. Later modules add tables by appending a migration to each backend's list;
 * migrations are never edited once released (a changed checksum is logged, not re-run).
 */
export interface Migration {
  /** `NNN_name`; the numeric prefix fixes the order. */
  id: string;
  /** One or more statements, run as one script. */
  sql: string;
}

export interface AppliedMigration {
  id: string;
  checksum: string;
  appliedAt: number;
}

const ID_PATTERN = /^\d{3}_[a-z0-9_]+$/;

export function checksum(sql: string): string {
  return createHash('sha256').update(sql).digest('hex').slice(0, 16);
}

/** Throws when a backend's list is malformed: a programming error, caught by the conformance suite. */
export function assertMigrationList(migrations: readonly Migration[]): void {
  let previous = '';
  for (const migration of migrations) {
    if (!ID_PATTERN.test(migration.id))
      throw new Error(`Migration id '${migration.id}' must look like 001_name`);
    if (migration.id <= previous)
      throw new Error(`Migration '${migration.id}' is out of order or duplicated`);
    previous = migration.id;
  }
}

/**
 * The migrations still to run, given what the database says it has applied. Ids the code does not
 * know (a newer Keel migrated this database) and edited migrations are reported, not fatal, so a
 * rolling deploy can run old and new versions side by side.
 */
export function pendingMigrations(options: {
  migrations: readonly Migration[];
  applied: ReadonlyMap<string, string>;
  logger?: Logger | undefined;
}): Migration[] {
  const { migrations, applied, logger } = options;
  assertMigrationList(migrations);
  const known = new Set(migrations.map((m) => m.id));
  for (const id of applied.keys()) {
    if (!known.has(id)) logger?.warn({ migration: id }, 'database has a migration this Keel does not know');
  }
  const pending: Migration[] = [];
  for (const migration of migrations) {
    const recorded = applied.get(migration.id);
    if (recorded === undefined) pending.push(migration);
    else if (recorded !== checksum(migration.sql)) {
      logger?.warn(
        { migration: migration.id },
        'applied migration differs from the code (edited after release)',
      );
    }
  }
  return pending;
}
