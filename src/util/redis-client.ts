import { existsSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { dirname, join } from 'node:path';
import type { Redis, RedisOptions } from 'ioredis';

type RedisClass = typeof import('ioredis').Redis;
let redisClass: RedisClass | undefined;

/**
 * A new ioredis client. ioredis is loaded here, on first use, and without its one String
 * subclass. ioredis's RESP3 decoder declares `class VerbatimString extends String`, and once any
 * class extends String, V8 (Node 24) stops inlining String.prototype methods on primitive strings:
 * a plain `charCodeAt` loop went from 1.5-5 to 15-25 ns per character on the 2-core VM, `slice`
 * got 3x slower, and the guard's tokenizers, decoders, hashers and automata are such loops.
 */
export function newRedisClient(url: string, options: RedisOptions): Redis {
  redisClass ??= loadIoredis();
  return new redisClass(url, options);
}

function loadIoredis(): RedisClass {
  const require = createRequire(import.meta.url);
  preloadVerbatimStringShim(require);
  return (require('ioredis') as { Redis: RedisClass }).Redis;
}

/**
 * Puts a stand-in for ioredis's `resp/verbatim-string.js` in the module cache before ioredis
 * loads it: the same constructor and fields, not a String subclass. ioredis only builds one when
 * a caller maps RESP3 verbatim strings to it (its default mapping gives Buffers), which Keel never
 * does. If a later ioredis moves the file, the stand-in is skipped and only speed is lost.
 */
function preloadVerbatimStringShim(require: NodeJS.Require): void {
  const path = join(dirname(require.resolve('ioredis')), 'resp', 'verbatim-string.js');
  if (!existsSync(path) || require.cache[path]) return;
  class VerbatimString {
    readonly format: string;
    readonly value: string;
    constructor(format: string, value: string) {
      this.format = format;
      this.value = value;
    }
    toString(): string {
      return this.value;
    }
  }
  const shim = new Module(path);
  shim.filename = path;
  shim.loaded = true;
  shim.exports = { VerbatimString };
  require.cache[path] = shim;
}

/**
 * ioredis options for a client on the request path, where Redis being down must cost a failed
 * command, never a wait: the offline queue is off (a command fails at once instead of queueing),
 * `commandTimeout` bounds a hung connection, and ioredis keeps reconnecting in the background with
 * exponential backoff up to `maxBackoffMs`. The connection is made lazily, so the caller can
 * `connect()` itself and learn whether the first attempt worked. Callers add what differs, e.g.
 * retries of a non-idempotent command.
 */
export function failFastRedisOptions(options: {
  commandTimeoutMs: number;
  maxBackoffMs: number;
}): RedisOptions {
  return {
    lazyConnect: true,
    enableOfflineQueue: false,
    commandTimeout: options.commandTimeoutMs,
    retryStrategy: (attempt) => Math.min(50 * 2 ** attempt, options.maxBackoffMs),
    // ioredis waits this long for an already-dead socket to close on disconnect (default 2 s),
    // holding the process open at shutdown.
    disconnectTimeout: 200,
  };
}

/**
 * Closes a client without waiting on a dead connection: QUIT when connected; otherwise QUIT cannot
 * be sent and a pending reconnect timer would keep the process alive, so drop the socket, which
 * also cancels reconnection.
 */
export async function closeRedisClient(client: Redis): Promise<void> {
  if (client.status !== 'ready') {
    client.disconnect();
    return;
  }
  try {
    await client.quit();
  } catch {
    client.disconnect();
  }
}
