import type { CacheStore } from '../spec/store.ts';

export interface MemoryCacheStoreOptions {
  /** Upper bound on the bytes of all keys and values held (UTF-8); least recently used go first. */
  maxBytes?: number;
  /** How often expired entries are swept, ms; 0 disables the sweep (lazy expiry still applies). */
  sweepIntervalMs?: number;
  /** Clock in ms, injectable for tests. */
  now?: () => number;
}

interface Entry {
  value: string;
  bytes: number;
  expiresAt: number;
}

export const DEFAULT_CACHE_MAX_BYTES = 64 * 1024 * 1024;
const DEFAULT_SWEEP_INTERVAL_MS = 60_000;

/**
 * The embedded-mode cache: an LRU over a Map (insertion order = recency) bounded by total bytes,
 * with per-entry TTL. Expired entries are dropped when read and by a periodic sweep, so memory held
 * by entries nobody reads again is still returned. The sweep timer is unref'd: it never keeps the
 * process alive.
 */
export class MemoryCacheStore implements CacheStore {
  readonly specVersion = 'v1' as const;
  readonly maxBytes: number;
  readonly #entries = new Map<string, Entry>();
  readonly #now: () => number;
  #bytes = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: MemoryCacheStoreOptions = {}) {
    this.maxBytes = options.maxBytes ?? DEFAULT_CACHE_MAX_BYTES;
    this.#now = options.now ?? Date.now;
    const interval = options.sweepIntervalMs ?? DEFAULT_SWEEP_INTERVAL_MS;
    if (interval > 0) {
      this.#timer = setInterval(() => this.sweep(), interval);
      this.#timer.unref();
    }
  }

  /** Entries held (including expired ones not yet swept). */
  get size(): number {
    return this.#entries.size;
  }

  /** Bytes held by keys and values. */
  get bytes(): number {
    return this.#bytes;
  }

  async get(key: string): Promise<string | null> {
    const entry = this.#entries.get(key);
    if (!entry) return null;
    if (entry.expiresAt <= this.#now()) {
      this.#remove(key, entry);
      return null;
    }
    // Re-insert to mark as most recently used.
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.value;
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    const existing = this.#entries.get(key);
    if (existing) this.#remove(key, existing);
    const bytes = Buffer.byteLength(key) + Buffer.byteLength(value);
    // An entry that could never fit, or that is already expired, is not stored (and evicts nothing).
    if (bytes > this.maxBytes || !(ttlSeconds > 0)) return;
    this.#entries.set(key, { value, bytes, expiresAt: this.#now() + ttlSeconds * 1000 });
    this.#bytes += bytes;
    this.#evict();
  }

  async delete(key: string): Promise<void> {
    const entry = this.#entries.get(key);
    if (entry) this.#remove(key, entry);
  }

  /** Drops every expired entry; returns how many went. */
  sweep(): number {
    const now = this.#now();
    let removed = 0;
    for (const [key, entry] of this.#entries) {
      if (entry.expiresAt <= now) {
        this.#remove(key, entry);
        removed++;
      }
    }
    return removed;
  }

  /** Drops every entry (erasure of a user's data: the embedded cache cannot tell users apart). */
  async clear(): Promise<void> {
    this.#entries.clear();
    this.#bytes = 0;
  }

  async close(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#entries.clear();
    this.#bytes = 0;
  }

  #remove(key: string, entry: Entry): void {
    this.#entries.delete(key);
    this.#bytes -= entry.bytes;
  }

  /** Oldest-used first: a Map iterates in insertion order and reads re-insert. */
  #evict(): void {
    if (this.#bytes <= this.maxBytes) return;
    for (const [key, entry] of this.#entries) {
      this.#remove(key, entry);
      if (this.#bytes <= this.maxBytes) return;
    }
  }
}
