/**
 * Revocation across replicas, for real: two Keel processes' worth of instances in-process on the
 * real Postgres (a fresh schema) and Redis. Revoking on one is seen by the other within 5 s —
 * through the Redis change notice, and, without any notice at all, through the cache TTL.
 */

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, it } from 'node:test';
import OpenAI from 'openai';
import pg from 'pg';
import { MemoryAudit } from '../src/access/admin/test-support.ts';
import type { RunningKeel } from '../src/gateway/start.ts';
import {
  apiClient,
  BOOTSTRAP,
  capturedAccess,
  MemoryCredentials,
  SIM_CONFIG,
} from './access-admin-support.ts';
import { eventually, startTestKeel } from './harness.ts';
import { POSTGRES_URL, REDIS_URL, serviceSkip } from './services.ts';

const schemas: string[] = [];
const keels: RunningKeel[] = [];

after(async () => {
  await Promise.all(keels.map((k) => k.close()));
  if (schemas.length === 0) return;
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
});

async function replica(options: { schema: string; redis: boolean }) {
  const captured = capturedAccess({
    audit: new MemoryAudit(),
    credentials: new MemoryCredentials(),
    bootstrapToken: BOOTSTRAP,
  });
  const keel = await startTestKeel(
    {
      ...SIM_CONFIG,
      store: { url: `${POSTGRES_URL}?schema=${options.schema}` },
      ...(options.redis ? { redis: { url: REDIS_URL } } : {}),
    },
    { modules: [captured.module] },
  );
  keels.push(keel);
  return { keel, access: captured.instance };
}

async function setupKey(keel: RunningKeel): Promise<{ id: string; secret: string }> {
  const api = apiClient(keel.url);
  await api(BOOTSTRAP, 'POST', '/api/orgs', { name: 'acme' });
  const team = (await api(BOOTSTRAP, 'POST', '/api/teams', { name: 'ml' })).body as { id: string };
  const created = (await api(BOOTSTRAP, 'POST', '/api/keys', { teamId: team.id })).body as {
    key: { id: string };
    secret: string;
  };
  return { id: created.key.id, secret: created.secret };
}

const chat = (url: string, secret: string) =>
  new OpenAI({ baseURL: `${url}/v1`, apiKey: secret, maxRetries: 0 }).chat.completions.create({
    model: 'demo',
    messages: [{ role: 'user', content: 'hi' }],
    max_tokens: 2,
  });

/** Polls the replica until the key is refused; returns how long that took after `since`. */
async function refusedAfter(url: string, secret: string, since: number): Promise<number> {
  await eventually(async () => {
    try {
      await chat(url, secret);
      return false;
    } catch (error) {
      if (error instanceof OpenAI.AuthenticationError) return true;
      throw error;
    }
  }, 5000);
  return Date.now() - since;
}

describe('revocation across replicas (Postgres + Redis)', async () => {
  const skip = (await serviceSkip('postgres')) || (await serviceSkip('redis'));
  const schemaName = () => {
    const schema = `keel_access_${randomBytes(4).toString('hex')}`;
    schemas.push(schema);
    return schema;
  };

  it('through the Redis change notice: the other replica refuses the key within 5 s', { skip }, async () => {
    const schema = schemaName();
    const a = await replica({ schema, redis: true });
    const b = await replica({ schema, redis: true });
    const key = await setupKey(a.keel);
    await chat(b.keel.url, key.secret);
    assert.equal(
      b.access().keyCache.size,
      1,
      'b has the key cached: it will not re-read the store by itself',
    );
    const revokedAt = Date.now();
    const res = await apiClient(a.keel.url)(BOOTSTRAP, 'POST', `/api/keys/${key.id}/revoke`);
    assert.equal(res.status, 200);
    const elapsed = await refusedAfter(b.keel.url, key.secret, revokedAt);
    assert.ok(elapsed < 5000, `refused after ${elapsed} ms`);
    process.stdout.write(`# revocation seen by the other replica after ${elapsed} ms (notice)\n`);
  });

  it('with no notice at all (no Redis), the cache TTL still ends the key within 5 s', { skip }, async () => {
    const schema = schemaName();
    const a = await replica({ schema, redis: false });
    const b = await replica({ schema, redis: false });
    const key = await setupKey(a.keel);
    await chat(b.keel.url, key.secret);
    const revokedAt = Date.now();
    await apiClient(a.keel.url)(BOOTSTRAP, 'POST', `/api/keys/${key.id}/revoke`);
    const elapsed = await refusedAfter(b.keel.url, key.secret, revokedAt);
    assert.ok(elapsed < 5000, `refused after ${elapsed} ms`);
    process.stdout.write(`# revocation seen by the other replica after ${elapsed} ms (TTL only)\n`);
  });

  it('a policy change on one replica applies on the other', { skip }, async () => {
    const schema = schemaName();
    const a = await replica({ schema, redis: true });
    const b = await replica({ schema, redis: true });
    const key = await setupKey(a.keel);
    await chat(b.keel.url, key.secret);
    await apiClient(a.keel.url)(BOOTSTRAP, 'PUT', `/api/policies/key/${key.id}`, {
      allowedModels: ['other'],
    });
    await eventually(async () => {
      try {
        await chat(b.keel.url, key.secret);
        return false;
      } catch (error) {
        return error instanceof OpenAI.PermissionDeniedError;
      }
    }, 5000);
  });
});
