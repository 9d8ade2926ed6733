import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AccessPrincipal } from '../types.ts';
import { KeyCache } from './key-cache.ts';
import type { LoadedKey } from './principal-loader.ts';

function loaded(keyId: string, revokedAt: number | null = null): LoadedKey {
  const principal: AccessPrincipal = {
    id: keyId,
    kind: 'virtual_key',
    tenant: 'p',
    keyId,
    orgId: 'o',
    teamId: 't',
    projectId: 'p',
    policy: { limits: [], budgets: [] },
  };
  return { principal, expiresAt: null, revokedAt };
}

/** A fake store: a map of hash → key, counting reads. */
function setup(options: { ttlMs?: number; negativeTtlMs?: number; idleMs?: number } = {}) {
  let clock = 1_000_000;
  const db = new Map<string, LoadedKey>();
  const reads: string[][] = [];
  const cache = new KeyCache({
    load: async (hashes) => {
      reads.push([...hashes]);
      return new Map(hashes.flatMap((h) => (db.has(h) ? [[h, db.get(h) as LoadedKey] as const] : [])));
    },
    ttlMs: options.ttlMs ?? 5000,
    negativeTtlMs: options.negativeTtlMs ?? 2000,
    maxEntries: 3,
    idleMs: options.idleMs ?? 60_000,
    now: () => clock,
  });
  return { cache, db, reads, advance: (ms: number) => (clock += ms) };
}

describe('KeyCache', () => {
  it('after the first load a key is served from memory until the TTL, then re-read', async () => {
    const { cache, db, reads, advance } = setup();
    db.set('h1', loaded('k1'));
    assert.equal(cache.peek('h1'), undefined);
    assert.equal((await cache.load('h1'))?.principal.keyId, 'k1');
    assert.equal(cache.peek('h1')?.principal.keyId, 'k1');
    advance(4999);
    assert.equal(cache.peek('h1')?.principal.keyId, 'k1');
    assert.equal(reads.length, 1);
    advance(1);
    assert.equal(cache.peek('h1'), undefined, 'past the TTL the store must be asked again');
  });

  it('the TTL is the safety net: a revocation nobody announced is seen after one TTL', async () => {
    const { cache, db, advance } = setup({ ttlMs: 1000 });
    db.set('h1', loaded('k1'));
    await cache.load('h1');
    db.set('h1', loaded('k1', 123));
    assert.equal(cache.peek('h1')?.revokedAt, null);
    advance(1000);
    assert.equal(cache.peek('h1'), undefined);
    assert.equal((await cache.load('h1'))?.revokedAt, 123);
  });

  it('a key notice drops the entry at once', async () => {
    const { cache, db } = setup();
    db.set('h1', loaded('k1'));
    db.set('h2', loaded('k2'));
    await cache.load('h1');
    await cache.load('h2');
    cache.invalidateKey('k1');
    assert.equal(cache.peek('h1'), undefined);
    assert.equal(cache.peek('h2')?.principal.keyId, 'k2');
    cache.invalidateAll();
    assert.equal(cache.peek('h2'), undefined);
  });

  it('unknown keys are remembered briefly, so guesses do not each cost a query', async () => {
    const { cache, reads, advance } = setup({ negativeTtlMs: 2000 });
    assert.equal(await cache.load('nope'), null);
    assert.equal(cache.peek('nope'), null);
    advance(2000);
    assert.equal(cache.peek('nope'), undefined);
    assert.equal(reads.length, 1);
  });

  it('concurrent loads of one key share a single read', async () => {
    const { cache, db, reads } = setup();
    db.set('h1', loaded('k1'));
    const all = await Promise.all([cache.load('h1'), cache.load('h1'), cache.load('h1')]);
    assert.equal(reads.length, 1);
    assert.ok(all.every((x) => x?.principal.keyId === 'k1'));
  });

  it('refresh re-reads every key in use in one batch, keeping busy keys fresh past the TTL', async () => {
    const { cache, db, reads, advance } = setup({ ttlMs: 1000 });
    db.set('h1', loaded('k1'));
    db.set('h2', loaded('k2'));
    await cache.load('h1');
    await cache.load('h2');
    advance(600);
    cache.peek('h1');
    db.set('h2', loaded('k2', 5));
    await cache.refresh();
    assert.deepEqual(reads.at(-1)?.sort(), ['h1', 'h2']);
    advance(600);
    assert.equal(cache.peek('h1')?.revokedAt, null, 'refreshed, so still fresh after 1.2 s');
    assert.equal(cache.peek('h2')?.revokedAt, 5);
  });

  it('refresh drops idle entries and keys deleted from the store', async () => {
    const { cache, db, advance } = setup({ idleMs: 10_000 });
    db.set('h1', loaded('k1'));
    db.set('h2', loaded('k2'));
    await cache.load('h1');
    await cache.load('h2');
    db.delete('h2');
    await cache.refresh();
    assert.equal(cache.size, 1);
    advance(10_001);
    await cache.refresh();
    assert.equal(cache.size, 0);
  });

  it('a read that started before an invalidation does not put stale data back', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const cache = new KeyCache({
      load: async (hashes) => {
        await gate;
        return new Map(hashes.map((h) => [h, loaded('k1')] as const));
      },
      ttlMs: 5000,
      negativeTtlMs: 1000,
      maxEntries: 10,
      idleMs: 60_000,
    });
    const pending = cache.load('h1');
    cache.invalidateKey('k1');
    release();
    await pending;
    assert.equal(cache.peek('h1'), undefined);
  });

  it('holds at most maxEntries keys', async () => {
    const { cache, db } = setup();
    for (let i = 0; i < 5; i++) {
      db.set(`h${i}`, loaded(`k${i}`));
      await cache.load(`h${i}`);
    }
    assert.equal(cache.size, 3);
    assert.equal(cache.peek('h0'), undefined);
    assert.equal(cache.peek('h4')?.principal.keyId, 'k4');
  });
});
