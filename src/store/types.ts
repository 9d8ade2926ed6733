import type { Store } from '../spec/index.ts';
import type { AppliedMigration } from './migrations.ts';

/** What both backends offer beyond the spec'd Store: introspection for ops tooling and tests. */
export interface KeelStore extends Store {
  /** Migrations recorded in this database, in id order. */
  appliedMigrations(): Promise<AppliedMigration[]>;
}
