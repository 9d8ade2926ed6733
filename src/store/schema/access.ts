import type { Migration } from '../migrations.ts';

/**
 * Tables of the `access` module. Ids 100–199 belong to this file; append, never edit a released
 * migration. Each backend gets its own SQL (types differ: JSONB/TEXT, BIGINT/INTEGER).
 */
export const accessMigrations: { sqlite: Migration[]; postgres: Migration[] } = { sqlite: [], postgres: [] };
