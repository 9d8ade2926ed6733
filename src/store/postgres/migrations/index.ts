import type { Migration } from '../../migrations.ts';
import { moduleMigrations } from '../../schema/index.ts';
import { requests } from './001-requests.ts';

/** Append only: one file per migration, named after its id. Keep in step with sqlite/migrations. */
export const POSTGRES_MIGRATIONS: readonly Migration[] = [requests, ...moduleMigrations('postgres')];
