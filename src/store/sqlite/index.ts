export { loadSqlite } from './load-sqlite.ts';
export { SQLITE_MIGRATIONS } from './migrations/index.ts';
export { openSqliteStore, SqliteStore, type SqliteStoreOptions } from './sqlite-store.ts';
