import type pg from 'pg';
import type { SqlExecutor, SqlRow, SqlValue } from '../../spec/index.ts';
import { toPgError } from '../postgres/pg-errors.ts';
import { toPostgresPlaceholders } from './placeholders.ts';

type Queryable = Pick<pg.Pool, 'query'> | Pick<pg.PoolClient, 'query'>;

/** SqlExecutor over a pg Pool; a transaction pins one pooled client from BEGIN to COMMIT. */
export class PostgresSql implements SqlExecutor {
  readonly dialect = 'postgres';
  readonly #pool: pg.Pool;
  readonly #target: string;

  constructor(pool: pg.Pool, target: string) {
    this.#pool = pool;
    this.#target = target;
  }

  query<T extends SqlRow = SqlRow>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return rows<T>(this.#pool, { sql, params, target: this.#target });
  }

  execute(sql: string, params: readonly SqlValue[] = []): Promise<{ changes: number }> {
    return run(this.#pool, { sql, params, target: this.#target });
  }

  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.#pool.connect();
    } catch (error) {
      throw toPgError(error, { action: 'connect', target: this.#target });
    }
    const target = this.#target;
    const tx: SqlExecutor = {
      dialect: 'postgres',
      query: <R extends SqlRow = SqlRow>(sql: string, params: readonly SqlValue[] = []) =>
        rows<R>(client, { sql, params, target }),
      execute: (sql, params = []) => run(client, { sql, params, target }),
      transaction: (inner) => inner(tx),
    };
    try {
      await client.query('BEGIN');
      const value = await fn(tx);
      await client.query('COMMIT');
      client.release();
      return value;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      client.release();
      throw error;
    }
  }
}

async function rows<T>(
  db: Queryable,
  q: { sql: string; params: readonly SqlValue[]; target: string },
): Promise<T[]> {
  try {
    const result = await db.query(toPostgresPlaceholders(q.sql), q.params as unknown[]);
    return result.rows as T[];
  } catch (error) {
    throw toPgError(error, { action: 'query', target: q.target });
  }
}

async function run(
  db: Queryable,
  q: { sql: string; params: readonly SqlValue[]; target: string },
): Promise<{ changes: number }> {
  try {
    const result = await db.query(toPostgresPlaceholders(q.sql), q.params as unknown[]);
    return { changes: result.rowCount ?? 0 };
  } catch (error) {
    throw toPgError(error, { action: 'execute', target: q.target });
  }
}
