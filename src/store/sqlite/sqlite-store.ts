import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { KeelError } from '../../errors/index.ts';
import type { Logger } from '../../log/index.ts';
import type { AppliedMigration } from '../migrations.ts';
import { SqliteSql } from '../sql/sqlite-sql.ts';
import type { KeelStore } from '../types.ts';
import { loadSqlite } from './load-sqlite.ts';
import { SQLITE_MIGRATIONS } from './migrations/index.ts';
import { toSqliteError } from './sqlite-errors.ts';
import { migrateSqlite, readApplied } from './sqlite-migrate.ts';
import { SqliteRequestRepository } from './sqlite-requests.ts';

export interface SqliteStoreOptions {
  /** File path, or `:memory:`. The parent directory is created. */
  path: string;
  logger?: Logger | undefined;
  /** How long a writer waits for another process's lock before failing (SQLITE_BUSY). */
  busyTimeoutMs?: number;
}

/** The embedded store: one node:sqlite file in WAL mode. */
export class SqliteStore implements KeelStore {
  readonly specVersion = 'v1';
  readonly kind = 'sqlite';
  readonly requests: SqliteRequestRepository;
  readonly sql: SqliteSql;
  readonly #db: DatabaseSync;
  readonly #logger: Logger | undefined;

  constructor(db: DatabaseSync, logger?: Logger) {
    this.#db = db;
    this.#logger = logger;
    this.requests = new SqliteRequestRepository(db);
    this.sql = new SqliteSql(db);
  }

  async migrate(): Promise<void> {
    try {
      migrateSqlite({ db: this.#db, migrations: SQLITE_MIGRATIONS, logger: this.#logger });
    } catch (error) {
      throw toSqliteError(error, 'migrate');
    }
  }

  async appliedMigrations(): Promise<AppliedMigration[]> {
    try {
      return readApplied(this.#db);
    } catch (error) {
      throw toSqliteError(error, 'read migrations');
    }
  }

  async ping(): Promise<void> {
    try {
      this.#db.prepare('SELECT 1').get();
    } catch (error) {
      throw toSqliteError(error, 'ping');
    }
  }

  async close(): Promise<void> {
    if (this.#db.isOpen) this.#db.close();
  }
}

export function openSqliteStore(options: SqliteStoreOptions): SqliteStore {
  const { path, logger } = options;
  const memory = path === ':memory:';
  try {
    if (!memory) mkdirSync(dirname(resolve(path)), { recursive: true });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new KeelError(
      'store_unavailable',
      `Cannot create the directory for SQLite database ${path} (${code})`,
      {
        cause: error,
      },
    );
  }
  const { DatabaseSync } = loadSqlite();
  let db: DatabaseSync | undefined;
  try {
    db = new DatabaseSync(path);
    // WAL lets readers (the CLI, the console) run beside the writer; NORMAL is durable across
    // process crashes in WAL mode and loses at most the last commits on power loss.
    db.exec(`PRAGMA busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 5000)}`);
    if (!memory) db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON');
  } catch (error) {
    if (db?.isOpen) db.close();
    throw toSqliteError(error, `open ${path}`);
  }
  return new SqliteStore(db, logger);
}
