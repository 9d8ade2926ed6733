/** A value bound to a `?` placeholder. Booleans are stored as 0/1 on SQLite. */
export type SqlValue = string | number | bigint | boolean | null | Uint8Array;

export type SqlRow = Record<string, unknown>;

/**
 * Plain SQL against whichever backend the store runs on, for modules that keep their own
 * repositories (access, traces, prompts, evals). Write portable SQL: `?` placeholders (translated
 * to `$n` on Postgres — so never use Postgres's `?` JSONB operator), BIGINT epoch-ms times, TEXT ids,
 * JSON as TEXT on SQLite / JSONB on Postgres (module migrations pick per backend). Postgres BIGINT
 * and NUMERIC columns come back as JS numbers.
 */
export interface SqlExecutor {
  readonly dialect: 'sqlite' | 'postgres';
  query<T extends SqlRow = SqlRow>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  execute(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }>;
  /** Everything `fn` runs through `tx` is one transaction, rolled back when `fn` throws. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
}
