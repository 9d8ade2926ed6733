import type { Pool } from 'pg';
import type { RequestQuery, RequestRecord, RequestRepository } from '../../spec/index.ts';
import { UUID_PATTERN } from '../ids.ts';
import { normalizeQuery, validateRecords } from '../record-schema.ts';
import {
  decodeRequestRow,
  getSql,
  listSql,
  REQUEST_COLUMNS,
  type RequestCell,
  requestRowValues,
} from '../request-sql.ts';
import { type StoredRecord, toStored } from '../text.ts';
import { toPgError } from './pg-errors.ts';

/** Postgres array type per column, in REQUEST_COLUMNS order. */
const ARRAY_TYPES = [
  'uuid',
  'bigint',
  'bigint',
  'text',
  'boolean',
  'text',
  'text',
  'text',
  'text',
  'int',
  'int',
  'text',
  'float8',
  'float8',
  'float8',
  'float8',
  'int',
  'int',
  'int',
  'int',
  'boolean',
  'float8',
  'text',
  'text',
  'text',
  'text',
  'text',
  'jsonb',
  'jsonb',
] as const;

// One statement, one round trip, 29 parameters whatever the batch size: each column travels as
// an array and unnest() zips them back into rows (no 65k-parameter limit on big batches).
const INSERT_SQL = `INSERT INTO requests (${REQUEST_COLUMNS.join(', ')})
SELECT * FROM unnest(${ARRAY_TYPES.map((type, i) => `$${i + 1}::${type}[]`).join(', ')})
ON CONFLICT (id) DO NOTHING`;

function columnArrays(stored: readonly StoredRecord[]): RequestCell[][] {
  const columns: RequestCell[][] = REQUEST_COLUMNS.map(() => []);
  for (const item of stored) {
    const values = requestRowValues(item);
    for (let c = 0; c < values.length; c++) (columns[c] as RequestCell[]).push(values[c] as RequestCell);
  }
  return columns;
}

const mark = (n: number) => `$${n}`;

export class PostgresRequestRepository implements RequestRepository {
  readonly #pool: Pool;
  readonly #target: string;

  constructor(pool: Pool, target: string) {
    this.#pool = pool;
    this.#target = target;
  }

  async insertBatch(records: readonly RequestRecord[]): Promise<void> {
    if (records.length === 0) return;
    validateRecords(records);
    const arrays = columnArrays(records.map(toStored));
    try {
      await this.#pool.query(INSERT_SQL, arrays);
    } catch (error) {
      throw toPgError(error, { action: 'insert requests', target: this.#target });
    }
  }

  async list(query: RequestQuery): Promise<RequestRecord[]> {
    const { sql, params } = listSql(normalizeQuery(query), mark);
    try {
      const { rows } = await this.#pool.query(sql, params);
      return rows.map((row: Record<string, unknown>) => decodeRequestRow(row));
    } catch (error) {
      throw toPgError(error, { action: 'list requests', target: this.#target });
    }
  }

  async get(id: string): Promise<RequestRecord | null> {
    if (!UUID_PATTERN.test(id)) return null;
    try {
      const { rows } = await this.#pool.query(getSql(mark), [id]);
      const row = rows[0] as Record<string, unknown> | undefined;
      return row ? decodeRequestRow(row) : null;
    } catch (error) {
      throw toPgError(error, { action: 'get request', target: this.#target });
    }
  }
}
