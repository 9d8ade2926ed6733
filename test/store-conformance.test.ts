/**
 * Runs the shared Store conformance suite against every backend: node:sqlite on a temp file and
 * the real Postgres (each store in its own throwaway schema, dropped afterwards).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import pg from 'pg';
import { storeConformance } from '../src/store/conformance.ts';
import { createStore } from '../src/store/index.ts';
import { POSTGRES_URL, serviceSkip } from './services.ts';

const dir = mkdtempSync(join(tmpdir(), 'keel-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

storeConformance('sqlite', () => createStore(`sqlite:${join(dir, `db-${++files}.db`)}`), {
  twins: async (count) => {
    const url = `sqlite:${join(dir, `twin-${++files}.db`)}`;
    return Promise.all(Array.from({ length: count }, () => createStore(url, { migrate: false })));
  },
});

storeConformance('sqlite :memory:', () => createStore('sqlite::memory:'));

const skip = await serviceSkip('postgres');
if (skip) {
  test('Store conformance: postgres', { skip }, () => {});
} else {
  const run = randomBytes(4).toString('hex');
  const schemas: string[] = [];
  const nextSchema = () => {
    const schema = `keel_test_${run}_${schemas.length}`;
    schemas.push(schema);
    return schema;
  };
  after(async () => {
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  });
  storeConformance('postgres', () => createStore(POSTGRES_URL, { schema: nextSchema() }), {
    twins: async (count) => {
      const schema = nextSchema();
      return Promise.all(
        Array.from({ length: count }, () => createStore(POSTGRES_URL, { schema, migrate: false })),
      );
    },
  });
}
