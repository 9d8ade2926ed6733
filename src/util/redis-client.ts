import { createRequire } from 'node:module';
import type { Redis, RedisOptions } from 'ioredis';

type RedisClass = typeof import('ioredis').Redis;
let redisClass: RedisClass | undefined;

/**
 * A new ioredis client. ioredis is loaded here, on first use, never by importing a module: it
 * declares `class VerbatimString extends String`, and once any class extends String, V8 (Node 24)
 * stops inlining `String.prototype.charCodeAt` in optimised code. A plain char-code loop then
 * costs 15-22 ns per character instead of 1-5 on the 2-core VM, and the guard's scanners,
 * tokenizers and hashers are such loops. An embedded Keel, which never talks to Redis, should not
 * pay for it (bench/lib/machine-speed.ts shows the difference in any benchmark's output).
 */
export function newRedisClient(url: string, options: RedisOptions): Redis {
  redisClass ??= (createRequire(import.meta.url)('ioredis') as { Redis: RedisClass }).Redis;
  return new redisClass(url, options);
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
