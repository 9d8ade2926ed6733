export { type CreateStoreOptions, createStore } from './create-store.ts';
export { UUID_PATTERN, uuidv7, uuidv7Floor, uuidv7Time } from './ids.ts';
export type { AppliedMigration, Migration } from './migrations.ts';
export { MemoryNotifier, RedisNotifier } from './notify/index.ts';
export { openPostgresStore, PostgresStore, type PostgresStoreOptions } from './postgres/index.ts';
export { DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT } from './record-schema.ts';
export { loadSqlite, openSqliteStore, SqliteStore, type SqliteStoreOptions } from './sqlite/index.ts';
export { assertStoreExists, parseStoreUrl, type StoreTarget } from './store-url.ts';
export type { KeelStore } from './types.ts';
