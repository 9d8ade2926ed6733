import type { Logger } from '../log/index.ts';
import { openPostgresStore } from './postgres/index.ts';
import { openSqliteStore } from './sqlite/index.ts';
import { parseStoreUrl } from './store-url.ts';
import type { KeelStore } from './types.ts';

export interface CreateStoreOptions {
  logger?: Logger;
  /** Apply pending migrations before returning (default true). */
  migrate?: boolean;
  /** Postgres only: schema for Keel's tables (also settable as `?schema=` in the URL). */
  schema?: string;
}

/**
 * Opens the store named by `store.url` and, by default, migrates it. Bad URLs are
 * `config_invalid`; an unreachable database is `store_unavailable`.
 */
export async function createStore(url: string, opts: CreateStoreOptions = {}): Promise<KeelStore> {
  const target = parseStoreUrl(url);
  const store =
    target.kind === 'sqlite'
      ? openSqliteStore({ path: target.path, logger: opts.logger })
      : openPostgresStore({ url: target.url, schema: opts.schema, logger: opts.logger });
  if (opts.migrate !== false) {
    try {
      await store.migrate();
    } catch (error) {
      await store.close().catch(() => undefined);
      throw error;
    }
  }
  return store;
}
