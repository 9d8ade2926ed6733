import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import type { SqlExecutor, SqlRow, SqlValue } from '../../spec/index.ts';
import { toSqliteError } from '../sqlite/sqlite-errors.ts';

/**
 * Longer SQL is generated (long IN lists and the like), not one of the fixed statements worth
 * caching. Bulk upserts stay under it: they are cut into fixed chunk sizes (traces/bulk-sql.ts).
 */
const MAX_CACHED_SQL_CHARS = 8192;

const bind = (params: readonly SqlValue[]): SQLInputValue[] =>
  params.map((value) => (typeof value === 'boolean' ? (value ? 1 : 0) : value));

/**
 * SqlExecutor over one node:sqlite connection. The connection is synchronous and shared, so a
 * transaction holds a lock that other callers wait on: statements from elsewhere never land inside
 * someone else's transaction while it awaits.
 */
export class SqliteSql implements SqlExecutor {
  readonly dialect = 'sqlite';
  readonly #db: DatabaseSync;
  /** Prepared statements by SQL text: modules reuse a few fixed statements, and preparing is not free. */
  readonly #statements = new Map<string, StatementSync>();
  #lock: Promise<void> = Promise.resolve();
  #locked = false;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  async query<T extends SqlRow = SqlRow>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    if (this.#locked) await this.#lock;
    return this.#all<T>(sql, params);
  }

  async execute(sql: string, params: readonly SqlValue[] = []): Promise<{ changes: number }> {
    if (this.#locked) await this.#lock;
    return this.#run(sql, params);
  }

  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const result = this.#lock.then(async () => {
      this.#locked = true;
      this.#db.exec('BEGIN IMMEDIATE');
      const tx: SqlExecutor = {
        dialect: 'sqlite',
        query: async <R extends SqlRow = SqlRow>(sql: string, params: readonly SqlValue[] = []) =>
          this.#all<R>(sql, params),
        execute: async (sql, params = []) => this.#run(sql, params),
        transaction: (inner) => inner(tx),
      };
      try {
        const value = await fn(tx);
        this.#db.exec('COMMIT');
        return value;
      } catch (error) {
        if (this.#db.isTransaction) this.#db.exec('ROLLBACK');
        throw error;
      } finally {
        this.#locked = false;
      }
    });
    this.#lock = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  #prepare(sql: string): StatementSync {
    // Long generated statements are rarely reused, and a big one holds up to ~1 MB of SQLite's
    // native memory that V8 cannot see: 256 cached multi-row INSERTs of every batch size once
    // kept RSS climbing by hundreds of MB. Left uncached, GC finalizes them soon after use.
    if (sql.length > MAX_CACHED_SQL_CHARS) return this.#db.prepare(sql);
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      statement = this.#db.prepare(sql);
      // Bounded: generated multi-row INSERTs vary in length; keep the cache from growing without end.
      if (this.#statements.size >= 256) this.#statements.clear();
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  #all<T>(sql: string, params: readonly SqlValue[]): T[] {
    try {
      // node:sqlite rows have a null prototype; plain objects behave like pg's rows everywhere.
      return this.#db
        .prepare(sql)
        .all(...bind(params))
        .map((row) => ({ ...row })) as T[];
    } catch (error) {
      throw toSqliteError(error, 'query');
    }
  }

  #run(sql: string, params: readonly SqlValue[]): { changes: number } {
    try {
      const result = this.#prepare(sql).run(...bind(params));
      return { changes: Number(result.changes) };
    } catch (error) {
      throw toSqliteError(error, 'execute');
    }
  }
}
