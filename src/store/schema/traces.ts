import type { Migration } from '../migrations.ts';

/**
 * Tables of the `traces` module. Ids 200–299 belong to this file; append, never edit a released
 * migration. Each backend gets its own SQL (types differ: JSONB/TEXT, BIGINT/INTEGER).
 */
export const tracesMigrations: { sqlite: Migration[]; postgres: Migration[] } = { sqlite: [], postgres: [] };
