import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import type { RequestQuery, RequestRecord, RequestRepository } from '../../spec/index.ts';
import { UUID_PATTERN } from '../ids.ts';
import { normalizeQuery, validateRecords } from '../record-schema.ts';
import { decodeRequestRow, getSql, listSql, REQUEST_COLUMNS, requestRowValues } from '../request-sql.ts';
import { type StoredRecord, toStored } from '../text.ts';
import { toSqliteError } from './sqlite-errors.ts';

const INSERT_SQL = `INSERT OR IGNORE INTO requests (${REQUEST_COLUMNS.join(', ')})
VALUES (${REQUEST_COLUMNS.map(() => '?').join(', ')})`;

const mark = (n: number) => `?${n}`;

// node:sqlite binds no booleans: SQLite stores them as 0/1.
const insertParams = (stored: StoredRecord): SQLInputValue[] =>
  requestRowValues(stored).map((value) => (typeof value === 'boolean' ? (value ? 1 : 0) : value));

/**
 * Request records in SQLite. The work is synchronous (node:sqlite) behind an async API that
 * matches Postgres; it runs in the background writer, never on the request path. Statements are
 * prepared on first use (the table exists only after migrate) and cached per SQL text.
 */
export class SqliteRequestRepository implements RequestRepository {
  readonly #db: DatabaseSync;
  readonly #statements = new Map<string, StatementSync>();

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  #statement(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  async insertBatch(records: readonly RequestRecord[]): Promise<void> {
    if (records.length === 0) return;
    validateRecords(records);
    const stored = records.map(toStored);
    const db = this.#db;
    try {
      const insert = this.#statement(INSERT_SQL);
      db.exec('BEGIN IMMEDIATE');
      for (const item of stored) insert.run(...insertParams(item));
      db.exec('COMMIT');
    } catch (error) {
      if (db.isOpen && db.isTransaction) db.exec('ROLLBACK');
      throw toSqliteError(error, 'insert requests');
    }
  }

  async list(query: RequestQuery): Promise<RequestRecord[]> {
    const normalized = normalizeQuery(query);
    const { sql, params } = listSql(normalized, mark);
    try {
      return this.#statement(sql)
        .all(...params)
        .map((row) => decodeRequestRow(row));
    } catch (error) {
      throw toSqliteError(error, 'list requests');
    }
  }

  async get(id: string): Promise<RequestRecord | null> {
    if (!UUID_PATTERN.test(id)) return null;
    try {
      const row = this.#statement(getSql(mark)).get(id);
      return row ? decodeRequestRow(row) : null;
    } catch (error) {
      throw toSqliteError(error, 'get request');
    }
  }
}
