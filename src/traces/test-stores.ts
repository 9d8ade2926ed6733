/**
 * Test helper (not shipped API): stores for the traces tests — in-memory SQLite always, and the
 * real Postgres in a throwaway schema when it is reachable (see test/services.ts).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { POSTGRES_URL, serviceSkip } from '../../test/services.ts';
import { createStore, type KeelStore } from '../store/index.ts';

export interface TestBackend {
  name: 'sqlite' | 'postgres';
  open(): Promise<KeelStore>;
  /** Drops what open() created (Postgres schemas). */
  cleanup(): Promise<void>;
}

export async function testBackends(): Promise<{ backends: TestBackend[]; skipped: string | false }> {
  const sqlite: TestBackend = {
    name: 'sqlite',
    open: () => createStore('sqlite::memory:'),
    cleanup: async () => {},
  };
  const skipped = await serviceSkip('postgres');
  if (skipped) return { backends: [sqlite], skipped };
  const run = randomBytes(4).toString('hex');
  const schemas: string[] = [];
  const postgres: TestBackend = {
    name: 'postgres',
    open: () => {
      const schema = `keel_traces_${run}_${schemas.length}`;
      schemas.push(schema);
      return createStore(POSTGRES_URL, { schema });
    },
    cleanup: async () => {
      if (schemas.length === 0) return;
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      for (const schema of schemas.splice(0)) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    },
  };
  return { backends: [sqlite, postgres], skipped: false };
}
