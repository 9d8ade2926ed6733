export { POSTGRES_MIGRATIONS } from './migrations/index.ts';
export { openPostgresStore, PostgresStore, type PostgresStoreOptions } from './pg-store.ts';
