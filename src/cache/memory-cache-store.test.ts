import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryCacheStore } from './memory-cache-store.ts';

function clock(start = 1_000_000) {
  const state = { now: start };
  return { state, now: () => state.now };
}

describe('MemoryCacheStore', () => {
  it('gets, sets, overwrites and deletes', async () => {
    const store = new MemoryCacheStore({ sweepIntervalMs: 0 });
    assert.equal(await store.get('k'), null);
    await store.set('k', 'v1', 60);
    assert.equal(await store.get('k'), 'v1');
    await store.set('k', 'value-2', 60);
    assert.equal(await store.get('k'), 'value-2');
    assert.equal(store.bytes, 1 + 7);
    await store.delete('k');
    assert.equal(await store.get('k'), null);
    assert.equal(store.bytes, 0);
    await store.close();
  });

  it('evicts least recently used entries when over its byte bound', async () => {
    const store = new MemoryCacheStore({ maxBytes: 100, sweepIntervalMs: 0 });
    const value = 'x'.repeat(30); // each entry: 1-byte key + 30-byte value = 31 bytes
    await store.set('a', value, 60);
    await store.set('b', value, 60);
    await store.set('c', value, 60);
    assert.equal(store.bytes, 93);
    assert.equal(await store.get('a'), value); // 'a' is now the most recently used; 'b' the least
    await store.set('d', value, 60);
    assert.equal(await store.get('b'), null);
    for (const k of ['a', 'c', 'd']) assert.equal(await store.get(k), value, k);
    assert.equal(store.bytes, 93);
    assert.ok(store.bytes <= store.maxBytes);
    await store.close();
  });

  it('counts bytes as UTF-8 and refuses an entry larger than the bound without evicting', async () => {
    const store = new MemoryCacheStore({ maxBytes: 20, sweepIntervalMs: 0 });
    await store.set('a', 'é€', 60); // 2 + 3 bytes
    assert.equal(store.bytes, 1 + 5);
    await store.set('big', 'y'.repeat(50), 60);
    assert.equal(await store.get('big'), null);
    assert.equal(await store.get('a'), 'é€');
    await store.close();
  });

  it('expires entries after their TTL (lazily on read)', async () => {
    const c = clock();
    const store = new MemoryCacheStore({ now: c.now, sweepIntervalMs: 0 });
    await store.set('k', 'v', 10);
    c.state.now += 9_999;
    assert.equal(await store.get('k'), 'v');
    c.state.now += 1;
    assert.equal(await store.get('k'), null);
    assert.equal(store.size, 0);
    assert.equal(store.bytes, 0);
    await store.close();
  });

  it('sweeps expired entries nobody reads', async () => {
    const c = clock();
    const store = new MemoryCacheStore({ now: c.now, sweepIntervalMs: 0 });
    await store.set('short', 'v', 1);
    await store.set('long', 'v', 100);
    c.state.now += 5_000;
    assert.equal(store.sweep(), 1);
    assert.equal(store.size, 1);
    assert.equal(await store.get('long'), 'v');
    await store.close();
  });

  it('does not store entries with a non-positive TTL', async () => {
    const store = new MemoryCacheStore({ sweepIntervalMs: 0 });
    await store.set('k', 'v', 0);
    assert.equal(await store.get('k'), null);
    await store.close();
  });

  it('runs its periodic sweep on an unref’d timer and stops it on close', async () => {
    const c = clock();
    const store = new MemoryCacheStore({ now: c.now, sweepIntervalMs: 5 });
    await store.set('k', 'v', 1);
    c.state.now += 2_000;
    // Generous wait: the sweep runs every 5 ms; poll instead of asserting on timing.
    for (let i = 0; i < 200 && store.size > 0; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(store.size, 0);
    await store.close();
  });
});
