import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChatCompletion } from '../spec/chat.ts';
import type { CacheStore } from '../spec/store.ts';
import { MemoryCacheStore } from './memory-cache-store.ts';
import { ResponseCache } from './response-cache.ts';

const body: ChatCompletion = {
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1_700_000_000,
  model: 'gpt-4o',
  choices: [
    { index: 0, message: { role: 'assistant', content: 'hi', refusal: null }, finish_reason: 'stop' },
  ],
  usage: {
    prompt_tokens: 3,
    completion_tokens: 1,
    total_tokens: 4,
    prompt_tokens_details: { cached_tokens: 0 },
  },
  system_fingerprint: 'fp_x',
};

function setup(now?: () => number) {
  const store = new MemoryCacheStore({ sweepIntervalMs: 0, ...(now ? { now } : {}) });
  return { store, cache: new ResponseCache({ store, ...(now ? { now } : {}) }) };
}

describe('ResponseCache', () => {
  it('stores and returns the completion unchanged, counting hits, misses and writes', async () => {
    const { cache } = setup();
    assert.equal(await cache.get('k'), null);
    await cache.set('k', body, 60);
    assert.deepEqual(await cache.get('k'), body);
    assert.deepEqual(cache.stats, { hits: 1, misses: 1, rejected: 0, writes: 1, errors: 0 });
    await cache.close();
  });

  it('records the tenant and write time and refuses a foreign tenant', async () => {
    const { cache } = setup(() => 42);
    await cache.set('k', body, { ttlSeconds: 60, tenant: 'team-a' });
    const entry = await cache.getEntry('k', 'team-a');
    assert.equal(entry?.tenant, 'team-a');
    assert.equal(entry?.createdAt, 42);
    assert.equal(await cache.get('k', 'team-b'), null);
    assert.equal(cache.stats.rejected, 1);
    assert.deepEqual(await cache.get('k'), body);
    await cache.close();
  });

  it('treats corrupt or foreign-shaped entries as misses', async () => {
    const { store, cache } = setup();
    const bad = [
      'not json',
      '{"v":1}',
      JSON.stringify({ v: 2, tenant: '', createdAt: 1, body }),
      JSON.stringify({ v: 1, tenant: '', createdAt: 1, body: { ...body, choices: [] } }),
      JSON.stringify({ v: 1, tenant: '', createdAt: 1, body: { ...body, object: 'chat.completion.chunk' } }),
      JSON.stringify({
        v: 1,
        tenant: '',
        createdAt: 1,
        body: { ...body, choices: [{ index: 0, message: { role: 'user' } }] },
      }),
    ];
    for (const [i, text] of bad.entries()) await store.set(`k${i}`, text, 60);
    for (const i of bad.keys()) assert.equal(await cache.get(`k${i}`), null, bad[i]);
    assert.equal(cache.stats.rejected, bad.length);
    assert.equal(cache.stats.misses, bad.length);
    await cache.close();
  });

  it('expires entries with the store TTL', async () => {
    const state = { now: 0 };
    const { cache } = setup(() => state.now);
    await cache.set('k', body, 5);
    state.now = 4_000;
    assert.ok(await cache.get('k'));
    state.now = 5_000;
    assert.equal(await cache.get('k'), null);
    await cache.close();
  });

  it('never throws when the store does', async () => {
    const broken: CacheStore = {
      specVersion: 'v1',
      get: () => Promise.reject(new Error('down')),
      set: () => Promise.reject(new Error('down')),
      delete: () => Promise.reject(new Error('down')),
      close: () => Promise.resolve(),
    };
    const cache = new ResponseCache(broken);
    assert.equal(await cache.get('k'), null);
    await cache.set('k', body, 60);
    await cache.delete('k');
    assert.equal(cache.stats.errors, 3);
    assert.equal(cache.stats.writes, 0);
  });
});
