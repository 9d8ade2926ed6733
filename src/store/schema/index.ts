import type { Migration } from '../migrations.ts';
import { accessMigrations } from './access.ts';
import { evalsMigrations } from './evals.ts';
import { promptsMigrations } from './prompts.ts';
import { tracesMigrations } from './traces.ts';

const MODULES = [accessMigrations, tracesMigrations, promptsMigrations, evalsMigrations];

/** Module-owned migrations, merged into the backend's list in id order. */
export function moduleMigrations(backend: 'sqlite' | 'postgres'): Migration[] {
  return MODULES.flatMap((module) => module[backend]).sort((a, b) => (a.id < b.id ? -1 : 1));
}
