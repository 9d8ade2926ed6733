import type { LoadedKey } from './principal-loader.ts';

/** A cached key: `loadedAt` bounds how long it is trusted without a re-read. */
interface Entry {
  loaded: LoadedKey;
  loadedAt: number;
  usedAt: number;
}

export interface KeyCacheOptions {
  /** Reads keys by hash from the store (batched). */
  load(hashes: readonly string[]): Promise<Map<string, LoadedKey>>;
  ttlMs: number;
  negativeTtlMs: number;
  maxEntries: number;
  /** Entries unused this long are dropped instead of refreshed. */
  idleMs: number;
  now?: () => number;
}

/**
 * Virtual keys by hash, in memory, so an authenticated request costs a hash and a Map lookup.
 *
 * Freshness has two layers: change notices drop entries at once (`invalidateKey`/`invalidateAll`),
 * and every entry is trusted for at most `ttlMs` after its last read from the store, so a lost
 * notice heals within the TTL. `refresh()` (run by a timer at half the TTL) re-reads every entry
 * in use in one batch, so busy keys never wait on the store. Unknown keys are remembered briefly
 * so guessing attacks do not each cost a query.
 */
export class KeyCache {
  readonly #options: KeyCacheOptions;
  readonly #now: () => number;
  readonly #entries = new Map<string, Entry>();
  readonly #negative = new Map<string, number>();
  readonly #hashByKeyId = new Map<string, string>();
  readonly #pending = new Map<string, Promise<LoadedKey | null>>();
  /** Bumped by every invalidation; loads that started before it must not repopulate the cache. */
  #epoch = 0;

  constructor(options: KeyCacheOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /**
   * Synchronous fast path: the key, `null` when known-unknown, or `undefined` when the store must
   * be asked (`load`).
   */
  peek(hash: string): LoadedKey | null | undefined {
    const now = this.#now();
    const entry = this.#entries.get(hash);
    if (entry !== undefined) {
      if (now - entry.loadedAt < this.#options.ttlMs) {
        entry.usedAt = now;
        return entry.loaded;
      }
      return undefined;
    }
    const until = this.#negative.get(hash);
    if (until === undefined) return undefined;
    if (until > now) return null;
    this.#negative.delete(hash);
    return undefined;
  }

  /** Reads one key from the store (concurrent callers share the read). */
  load(hash: string): Promise<LoadedKey | null> {
    const pending = this.#pending.get(hash);
    if (pending) return pending;
    const epoch = this.#epoch;
    const promise = this.#options
      .load([hash])
      .then((found) => {
        const loaded = found.get(hash) ?? null;
        if (epoch === this.#epoch) this.#store(hash, loaded);
        return loaded;
      })
      .finally(() => this.#pending.delete(hash));
    this.#pending.set(hash, promise);
    return promise;
  }

  /** Re-reads every entry used within `idleMs`; drops the rest. Throws when the store fails. */
  async refresh(): Promise<void> {
    const now = this.#now();
    const hashes: string[] = [];
    for (const [hash, entry] of this.#entries) {
      if (now - entry.usedAt > this.#options.idleMs) this.#drop(hash, entry);
      else hashes.push(hash);
    }
    for (const [hash, until] of this.#negative) if (until <= now) this.#negative.delete(hash);
    if (hashes.length === 0) return;
    const epoch = this.#epoch;
    const found = await this.#options.load(hashes);
    if (epoch !== this.#epoch) return;
    for (const hash of hashes) {
      const loaded = found.get(hash);
      const entry = this.#entries.get(hash);
      if (!entry) continue;
      if (loaded) {
        entry.loaded = loaded;
        entry.loadedAt = now;
      } else this.#drop(hash, entry);
    }
  }

  invalidateKey(keyId: string): void {
    this.#epoch++;
    const hash = this.#hashByKeyId.get(keyId);
    if (hash === undefined) return;
    const entry = this.#entries.get(hash);
    if (entry) this.#drop(hash, entry);
  }

  invalidateAll(): void {
    this.#epoch++;
    this.#entries.clear();
    this.#hashByKeyId.clear();
  }

  get size(): number {
    return this.#entries.size;
  }

  #store(hash: string, loaded: LoadedKey | null): void {
    const now = this.#now();
    if (loaded === null) {
      if (this.#options.negativeTtlMs <= 0) return;
      if (this.#negative.size >= this.#options.maxEntries) this.#evictOldest(this.#negative);
      this.#negative.set(hash, now + this.#options.negativeTtlMs);
      return;
    }
    this.#negative.delete(hash);
    if (!this.#entries.has(hash) && this.#entries.size >= this.#options.maxEntries) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#drop(oldest.value, this.#entries.get(oldest.value) as Entry);
    }
    this.#entries.set(hash, { loaded, loadedAt: now, usedAt: now });
    this.#hashByKeyId.set(loaded.principal.keyId, hash);
  }

  #drop(hash: string, entry: Entry): void {
    this.#entries.delete(hash);
    this.#hashByKeyId.delete(entry.loaded.principal.keyId);
  }

  #evictOldest(map: Map<string, unknown>): void {
    const oldest = map.keys().next();
    if (!oldest.done) map.delete(oldest.value);
  }
}
