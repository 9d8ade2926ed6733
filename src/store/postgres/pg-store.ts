import pg from 'pg';
import { KeelError } from '../../errors/index.ts';
import type { Logger } from '../../log/index.ts';
import type { AppliedMigration } from '../migrations.ts';
import { PostgresSql } from '../sql/postgres-sql.ts';
import type { KeelStore } from '../types.ts';
import { POSTGRES_MIGRATIONS } from './migrations/index.ts';
import { toPgError } from './pg-errors.ts';
import { migratePostgres, readAppliedPostgres, SCHEMA_PATTERN } from './pg-migrate.ts';
import { PostgresRequestRepository } from './pg-requests.ts';

export interface PostgresStoreOptions {
  /** `postgres://user[:password]@host[:port]/db[?…]`; a `schema` query parameter is honoured. */
  url: string;
  /** Schema for Keel's tables (created by migrate); default: the server's search_path. */
  schema?: string | undefined;
  logger?: Logger | undefined;
  /** Connections in the pool. */
  poolSize?: number;
  connectTimeoutMs?: number;
}

/** Postgres store: a pg Pool; the schema (when given) is pinned per connection via search_path. */
export class PostgresStore implements KeelStore {
  readonly specVersion = 'v1';
  readonly kind = 'postgres';
  readonly requests: PostgresRequestRepository;
  readonly sql: PostgresSql;
  readonly #pool: pg.Pool;
  readonly #schema: string | undefined;
  readonly #target: string;
  readonly #logger: Logger | undefined;
  #closed = false;

  constructor(options: {
    pool: pg.Pool;
    schema: string | undefined;
    target: string;
    logger?: Logger | undefined;
  }) {
    this.#pool = options.pool;
    this.#schema = options.schema;
    this.#target = options.target;
    this.#logger = options.logger;
    this.requests = new PostgresRequestRepository(this.#pool, this.#target);
    this.sql = new PostgresSql(this.#pool, this.#target);
  }

  async migrate(): Promise<void> {
    try {
      await migratePostgres({
        pool: this.#pool,
        schema: this.#schema,
        migrations: POSTGRES_MIGRATIONS,
        logger: this.#logger,
      });
    } catch (error) {
      throw toPgError(error, { action: 'migrate', target: this.#target });
    }
  }

  async appliedMigrations(): Promise<AppliedMigration[]> {
    try {
      return await readAppliedPostgres(this.#pool);
    } catch (error) {
      throw toPgError(error, { action: 'read migrations', target: this.#target });
    }
  }

  async ping(): Promise<void> {
    try {
      await this.#pool.query('SELECT 1');
    } catch (error) {
      throw toPgError(error, { action: 'ping', target: this.#target });
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.end();
  }
}

function invalid(message: string): KeelError {
  return new KeelError('config_invalid', message);
}

/** Splits Keel's own `schema` parameter off the URL and pins search_path through `options`. */
function poolSettings(url: URL, schemaOption: string | undefined) {
  const schema = schemaOption ?? url.searchParams.get('schema') ?? undefined;
  if (schema !== undefined && !SCHEMA_PATTERN.test(schema)) {
    throw invalid(`Postgres schema '${schema}' must be lower-case letters, digits and _ (max 63)`);
  }
  const stripped = new URL(url.href);
  stripped.searchParams.delete('schema');
  // pg lets URL parameters override the config object, so a URL `options` is merged, not lost.
  const urlOptions = stripped.searchParams.get('options');
  stripped.searchParams.delete('options');
  const options = [urlOptions, schema ? `-c search_path=${schema}` : null].filter(Boolean).join(' ');
  return { schema, connectionString: stripped.href, options: options || undefined };
}

/**
 * BIGINT (epoch ms, counters) and NUMERIC (money) as JS numbers instead of pg's default strings:
 * every value Keel stores fits a double (ms until year 285,616; USD to 1e-10). Scoped to this pool.
 */
const NUMBER_TYPES = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20 || oid === 1700) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

export function openPostgresStore(options: PostgresStoreOptions): PostgresStore {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw invalid('store.url is not a valid postgres:// URL');
  }
  if (!url.hostname) throw invalid('store.url must name a Postgres host (postgres://user@host:5432/db)');
  const settings = poolSettings(url, options.schema);
  const target = `${url.hostname}:${url.port || '5432'}`;
  const pool = new pg.Pool({
    connectionString: settings.connectionString,
    options: settings.options,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    application_name: 'keel',
    types: NUMBER_TYPES,
  });
  // An idle client losing its connection emits on the pool; unhandled, that would crash Keel.
  pool.on('error', (error) => {
    options.logger?.warn(
      { code: (error as { code?: unknown }).code, target },
      'idle Postgres connection failed',
    );
  });
  return new PostgresStore({ pool, schema: settings.schema, target, logger: options.logger });
}
