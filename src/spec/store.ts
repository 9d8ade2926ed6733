import type { RequestQuery, RequestRecord } from './request-record.ts';
import type { SqlExecutor } from './sql.ts';

/**
 * Durable storage. One implementation per backend (node:sqlite, Postgres); both must pass the
 * shared conformance suite in src/store/conformance.ts. Methods are coarse (batches) because the
 * store is never on the request path.
 */
export interface Store {
  readonly specVersion: 'v1';
  readonly kind: 'sqlite' | 'postgres';
  /** Applies pending migrations; idempotent and safe to run from several processes at once. */
  migrate(): Promise<void>;
  /** Cheap round trip for /ready. */
  ping(): Promise<void>;
  requests: RequestRepository;
  /** Plain SQL for modules with their own tables (their migrations are listed in src/store/schema/). */
  sql: SqlExecutor;
  close(): Promise<void>;
}

export interface RequestRepository {
  /** Inserts a batch atomically; ids already present are ignored (idempotent retries from the spool). */
  insertBatch(records: readonly RequestRecord[]): Promise<void>;
  /** Newest first unless `afterId` is given (then oldest first, for tailing). */
  list(query: RequestQuery): Promise<RequestRecord[]>;
  get(id: string): Promise<RequestRecord | null>;
}

/** Short-lived shared values (response cache); memory in embedded mode, Redis in cluster mode. */
export interface CacheStore {
  readonly specVersion: 'v1';
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  delete(key: string): Promise<void>;
  close(): Promise<void>;
}
