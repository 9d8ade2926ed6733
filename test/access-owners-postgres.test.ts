/**
 * The last-owner rule under concurrency, on the real Postgres: two replicas (two connection pools
 * on one schema) each demote — or delete — a different owner of a two-owner organisation at the
 * same moment. Exactly one change may win; the organisation never ends up without an owner.
 */

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { type AccessService, createAccessService } from '../src/access/admin/index.ts';
import { MemoryAudit } from '../src/access/admin/test-support.ts';
import type { AdminCaller } from '../src/access/rbac/index.ts';
import type { Store } from '../src/spec/index.ts';
import { createStore } from '../src/store/index.ts';
import { POSTGRES_URL, serviceSkip } from './services.ts';

const skip = await serviceSkip('postgres');
const schema = `owners_${randomBytes(4).toString('hex')}`;
const INSTANCE: AdminCaller = { actor: { kind: 'cli', id: 'test' }, role: 'owner' };

describe('last owner on Postgres, two replicas at once', { skip }, () => {
  const stores: Store[] = [];
  let replicas: AccessService[] = [];

  before(async () => {
    for (let i = 0; i < 2; i++) stores.push(await createStore(`${POSTGRES_URL}?schema=${schema}`));
    replicas = stores.map((store) => createAccessService({ sql: store.sql, audit: new MemoryAudit() }));
  });
  after(async () => {
    await Promise.all(stores.map((store) => store.close()));
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  });

  async function twoOwners(round: number) {
    const [one, two] = replicas as [AccessService, AccessService];
    const org = await one.createOrg(INSTANCE, { name: `org-${round}` });
    const a = await one.createUser(INSTANCE, { orgId: org.id, email: `a${round}@x.test`, role: 'owner' });
    const b = await two.createUser(INSTANCE, { orgId: org.id, email: `b${round}@x.test`, role: 'owner' });
    return { org, a, b, one, two };
  }

  async function ownersOf(orgId: string): Promise<number> {
    const users = await (replicas[0] as AccessService).listUsers(INSTANCE, { orgId });
    return users.filter((u) => u.role === 'owner').length;
  }

  it('concurrent demotions of two owners: one succeeds, one is 409, one owner remains', async () => {
    for (let round = 0; round < 8; round++) {
      const { org, a, b, one, two } = await twoOwners(round);
      const results = await Promise.allSettled([
        one.updateUser(INSTANCE, a.id, { role: 'admin' }),
        two.updateUser(INSTANCE, b.id, { role: 'admin' }),
      ]);
      assert.equal(await ownersOf(org.id), 1, `round ${round}: the organisation kept one owner`);
      const failed = results.filter((r) => r.status === 'rejected');
      assert.equal(failed.length, 1, `round ${round}: exactly one demotion was refused`);
      assert.equal((failed[0] as PromiseRejectedResult).reason.code, 'conflict');
    }
  });

  it('concurrent deletes of two owners leave one', async () => {
    for (let round = 100; round < 106; round++) {
      const { org, a, b, one, two } = await twoOwners(round);
      await Promise.allSettled([one.deleteUser(INSTANCE, a.id), two.deleteUser(INSTANCE, b.id)]);
      assert.equal(await ownersOf(org.id), 1, `round ${round}: the organisation kept one owner`);
    }
  });
});
