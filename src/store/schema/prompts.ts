import type { Migration } from '../migrations.ts';

/**
 * Tables of the `prompts` module. Ids 300–399 belong to this file; append, never edit a released
 * migration. Each backend gets its own SQL (types differ: JSONB/TEXT, BIGINT/INTEGER).
 */
export const promptsMigrations: { sqlite: Migration[]; postgres: Migration[] } = { sqlite: [], postgres: [] };
