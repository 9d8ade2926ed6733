import type { Migration } from '../migrations.ts';

/**
 * Tables of the `evals` module. Ids 400–499 belong to this file; append, never edit a released
 * migration. Each backend gets its own SQL (types differ: JSONB/TEXT, BIGINT/INTEGER).
 */
export const evalsMigrations: { sqlite: Migration[]; postgres: Migration[] } = { sqlite: [], postgres: [] };
