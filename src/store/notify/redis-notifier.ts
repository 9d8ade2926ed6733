import type { Redis } from 'ioredis';
import type { Logger } from '../../log/index.ts';
import type { ChangeNotifier } from '../../spec/index.ts';
import { newRedisClient } from '../../util/index.ts';

const CHANNEL = 'keel:changes';

/**
 * Redis pub/sub between replicas. A publisher also delivers locally at once (its own caches must
 * not wait for the round trip). While Redis is unreachable, notices are lost: readers that cache
 * should also expire entries on a short TTL (seconds) so a missed notice heals itself.
 */
export class RedisNotifier implements ChangeNotifier {
  readonly specVersion = 'v1';
  readonly #pub: Redis;
  readonly #sub: Redis;
  readonly #listeners = new Set<(topic: string) => void>();
  readonly #origin = `${process.pid}-${Math.random().toString(36).slice(2)}`;

  constructor(options: { url: string; logger?: Logger }) {
    const common = { maxRetriesPerRequest: 2, enableOfflineQueue: false, lazyConnect: false } as const;
    this.#pub = newRedisClient(options.url, common);
    this.#sub = newRedisClient(options.url, { ...common, enableOfflineQueue: true });
    for (const client of [this.#pub, this.#sub]) {
      client.on('error', (error: Error) =>
        options.logger?.warn({ err: error.message }, 'redis notifier connection error'),
      );
    }
    void this.#sub
      .subscribe(CHANNEL)
      .catch((error: unknown) => options.logger?.warn({ err: String(error) }, 'redis subscribe failed'));
    this.#sub.on('message', (_channel: string, message: string) => {
      const split = message.indexOf('|');
      if (split < 0 || message.slice(0, split) === this.#origin) return;
      this.#deliver(message.slice(split + 1));
    });
  }

  async publish(topic: string): Promise<void> {
    this.#deliver(topic);
    await this.#pub.publish(CHANNEL, `${this.#origin}|${topic}`).catch(() => undefined);
  }

  subscribe(listener: (topic: string) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.#listeners.clear();
    this.#pub.disconnect();
    this.#sub.disconnect();
  }

  #deliver(topic: string): void {
    for (const listener of this.#listeners) {
      try {
        listener(topic);
      } catch {
        // A listener bug must not stop other caches from hearing the notice.
      }
    }
  }
}
