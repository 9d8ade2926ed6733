import type { Redis } from 'ioredis';
import { type Logger, silentLogger } from '../log/index.ts';
import type { CacheStore } from '../spec/store.ts';
import { closeRedisClient, failFastRedisOptions, newRedisClient } from '../util/index.ts';

export interface RedisCacheStoreOptions {
  /** redis://… URL; ignored when `client` is given. */
  url?: string;
  /** An existing client (not closed by this store). */
  client?: Redis;
  /** Prepended to every key; default `keel:cache:`. */
  prefix?: string;
  /** A command slower than this counts as an error and a miss, ms. */
  commandTimeoutMs?: number;
  logger?: Logger;
}

export const DEFAULT_REDIS_CACHE_PREFIX = 'keel:cache:';
const DEFAULT_COMMAND_TIMEOUT_MS = 200;
/** Connection errors repeat on every reconnect attempt; log one per interval, not a flood. */
const ERROR_LOG_INTERVAL_MS = 30_000;

/**
 * The cluster-mode cache. A cache is an optimisation, so Redis being slow or down must never fail a
 * request: every error becomes a miss (reads) or a skipped write, and is counted in `errors`.
 * The offline queue is off, so while Redis is unreachable a command fails at once instead of
 * queueing and adding latency; `commandTimeout` bounds a hung connection.
 */
export class RedisCacheStore implements CacheStore {
  readonly specVersion = 'v1' as const;
  readonly prefix: string;
  /** Commands that failed (connection down, timeout, server error). */
  errors = 0;
  readonly #client: Redis;
  readonly #owned: boolean;
  readonly #logger: Logger;
  readonly #ready: Promise<boolean>;
  #lastLog = 0;

  constructor(options: RedisCacheStoreOptions) {
    this.prefix = options.prefix ?? DEFAULT_REDIS_CACHE_PREFIX;
    this.#logger = options.logger ?? silentLogger();
    if (options.client) {
      this.#client = options.client;
      this.#owned = false;
      this.#ready = Promise.resolve(options.client.status === 'ready');
      return;
    }
    if (!options.url) throw new TypeError('RedisCacheStore needs a url or a client');
    this.#client = newRedisClient(options.url, {
      // Keep trying in the background, backing off to 2 s; requests meanwhile just miss.
      ...failFastRedisOptions({
        commandTimeoutMs: options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS,
        maxBackoffMs: 2_000,
      }),
      maxRetriesPerRequest: 1,
    });
    this.#owned = true;
    this.#client.on('error', (err: Error) => this.#logError('connection', err));
    this.#ready = this.#client.connect().then(
      () => true,
      () => false,
    );
  }

  /** Resolves true once connected, false when the first connection attempt failed. */
  ready(): Promise<boolean> {
    return this.#ready;
  }

  async get(key: string): Promise<string | null> {
    try {
      return await this.#client.get(this.prefix + key);
    } catch (err) {
      this.#fail('get', err);
      return null;
    }
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    const ttlMs = Math.round(ttlSeconds * 1000);
    if (!(ttlMs > 0)) return;
    try {
      await this.#client.set(this.prefix + key, value, 'PX', ttlMs);
    } catch (err) {
      this.#fail('set', err);
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await this.#client.del(this.prefix + key);
    } catch (err) {
      this.#fail('delete', err);
    }
  }

  async close(): Promise<void> {
    if (this.#owned) await closeRedisClient(this.#client);
  }

  #fail(operation: string, err: unknown): void {
    this.errors++;
    this.#logError(operation, err);
  }

  #logError(operation: string, err: unknown): void {
    const now = Date.now();
    if (now - this.#lastLog < ERROR_LOG_INTERVAL_MS) return;
    this.#lastLog = now;
    // Only the message: an ioredis error can carry the command arguments, i.e. cached content.
    const message = err instanceof Error ? err.message : String(err);
    this.#logger.warn({ operation, err: message }, 'redis cache unavailable; serving without cache');
  }
}
