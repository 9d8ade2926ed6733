import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertMigrationList, checksum, pendingMigrations } from './migrations.ts';
import { POSTGRES_MIGRATIONS } from './postgres/migrations/index.ts';
import { SQLITE_MIGRATIONS } from './sqlite/migrations/index.ts';

const list = [
  { id: '001_a', sql: 'CREATE TABLE a (x int)' },
  { id: '002_b', sql: 'CREATE TABLE b (x int)' },
];

test('pendingMigrations returns what the database lacks, in order', () => {
  assert.deepEqual(
    pendingMigrations({ migrations: list, applied: new Map() }).map((m) => m.id),
    ['001_a', '002_b'],
  );
  const applied = new Map([['001_a', checksum(list[0]!.sql)]]);
  assert.deepEqual(
    pendingMigrations({ migrations: list, applied }).map((m) => m.id),
    ['002_b'],
  );
});

test('unknown or edited applied migrations are tolerated (rolling deploys)', () => {
  const applied = new Map([
    ['001_a', 'edited'],
    ['002_b', checksum(list[1]!.sql)],
    ['003_future', 'x'],
  ]);
  assert.deepEqual(pendingMigrations({ migrations: list, applied }), []);
});

test('a malformed list is rejected', () => {
  assert.throws(() => assertMigrationList([list[1]!, list[0]!]), /out of order/);
  assert.throws(() => assertMigrationList([list[0]!, list[0]!]), /out of order or duplicated/);
  assert.throws(() => assertMigrationList([{ id: 'requests', sql: '' }]), /001_name/);
});

test('both backends ship the same migration ids', () => {
  assertMigrationList(SQLITE_MIGRATIONS);
  assertMigrationList(POSTGRES_MIGRATIONS);
  assert.deepEqual(
    SQLITE_MIGRATIONS.map((m) => m.id),
    POSTGRES_MIGRATIONS.map((m) => m.id),
  );
});
