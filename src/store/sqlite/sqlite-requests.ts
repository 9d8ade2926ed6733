import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import type { RequestQuery, RequestRecord, RequestRepository } from '../../spec/index.ts';
import { UUID_PATTERN } from '../ids.ts';
import { normalizeQuery, validateRecords } from '../record-schema.ts';
import { decodeRequestRow, getSql, listSql, REQUEST_COLUMNS } from '../request-sql.ts';
import { type StoredRecord, toStored } from '../text.ts';
import { toSqliteError } from './sqlite-errors.ts';

const INSERT_SQL = `INSERT OR IGNORE INTO requests (${REQUEST_COLUMNS.join(', ')})
VALUES (${REQUEST_COLUMNS.map(() => '?').join(', ')})`;

const mark = (n: number) => `?${n}`;

function insertParams(stored: StoredRecord): SQLInputValue[] {
  const r = stored.record;
  return [
    r.id,
    r.startedAt,
    r.endedAt,
    r.endpoint,
    r.stream ? 1 : 0,
    stored.model,
    stored.deployment,
    stored.provider,
    stored.upstreamModel,
    r.attempts,
    r.status,
    stored.errorCode,
    r.latencyMs,
    r.upstreamMs,
    r.ttftMs,
    r.overheadMs,
    r.promptTokens,
    r.completionTokens,
    r.cachedTokens,
    r.reasoningTokens,
    r.tokensEstimated ? 1 : 0,
    r.costUsd,
    r.cache,
    stored.tenant,
    stored.user,
    stored.session,
    stored.feature,
    stored.tagsJson,
    stored.metadataJson,
  ];
}

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
