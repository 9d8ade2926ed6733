import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { REDIS_URL, serviceSkip } from '../../test/services.ts';
import type { ChatCompletion } from '../spec/chat.ts';
import { RedisCacheStore } from './redis-cache-store.ts';
import { ResponseCache } from './response-cache.ts';

/** A port nothing listens on: bind an ephemeral port, then release it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  assert.ok(address && typeof address === 'object');
  return address.port;
}

describe('RedisCacheStore (real Redis)', async () => {
  const skip = await serviceSkip('redis');
  // A prefix of its own per run, so parallel runs never see each other's keys.
  const prefix = `keel:test:cache:${randomUUID()}:`;
  let store: RedisCacheStore;
  let admin: Redis;

  before(async () => {
    if (skip) return;
    store = new RedisCacheStore({ url: REDIS_URL, prefix });
    admin = new Redis(REDIS_URL);
    assert.equal(await store.ready(), true);
  });

  after(async () => {
    if (skip) return;
    const keys = await admin.keys(`${prefix}*`);
    if (keys.length > 0) await admin.del(...keys);
    await store.close();
    await admin.quit();
  });

  it('sets with a TTL under its prefix, gets and deletes', { skip }, async () => {
    assert.equal(await store.get('k1'), null);
    await store.set('k1', 'value-1', 60);
    assert.equal(await store.get('k1'), 'value-1');
    const ttl = await admin.pttl(`${prefix}k1`);
    assert.ok(ttl > 55_000 && ttl <= 60_000, `pttl ${ttl}`);
    await store.delete('k1');
    assert.equal(await store.get('k1'), null);
    assert.equal(store.errors, 0);
  });

  it('lets Redis expire entries', { skip }, async () => {
    await store.set('short', 'v', 0.05); // PX 50
    // Redis expiry is exact; waiting well past it cannot flake.
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(await store.get('short'), null);
  });

  it('backs a ResponseCache end to end', { skip }, async () => {
    const cache = new ResponseCache({ store });
    const body: ChatCompletion = {
      id: 'c1',
      object: 'chat.completion',
      created: 1,
      model: 'm',
      choices: [{ index: 0, message: { role: 'assistant', content: 'é 日本 😀' }, finish_reason: 'stop' }],
    };
    await cache.set('rc', body, { ttlSeconds: 60, tenant: 't1' });
    assert.deepEqual(await cache.get('rc', 't1'), body);
    assert.equal(await cache.get('rc', 't2'), null);
  });
});

describe('RedisCacheStore (Redis down)', () => {
  it('misses and skips writes without throwing, and counts the errors', async () => {
    const port = await closedPort();
    const store = new RedisCacheStore({ url: `redis://127.0.0.1:${port}`, prefix: 'keel:test:' });
    assert.equal(await store.ready(), false);
    assert.equal(await store.get('k'), null);
    await store.set('k', 'v', 60);
    await store.delete('k');
    assert.equal(store.errors, 3);
    const cache = new ResponseCache({ store });
    assert.equal(await cache.get('k'), null);
    assert.equal(cache.stats.misses, 1);
    await store.close();
  });
});
