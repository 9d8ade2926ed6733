import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { REDIS_URL, serviceSkip } from '../../../test/services.ts';
import { MemoryNotifier } from './memory-notifier.ts';
import { RedisNotifier } from './redis-notifier.ts';

describe('change notifiers', () => {
  it('memory: delivers to subscribers until they unsubscribe', async () => {
    const notifier = new MemoryNotifier();
    const seen: string[] = [];
    const off = notifier.subscribe((topic) => seen.push(topic));
    await notifier.publish('key:1');
    off();
    await notifier.publish('key:2');
    assert.deepEqual(seen, ['key:1']);
  });

  it('redis: a notice from one replica reaches another once, and the publisher at once', async (t) => {
    const skip = await serviceSkip('redis');
    if (skip) return t.skip(skip);
    const a = new RedisNotifier({ url: REDIS_URL });
    const b = new RedisNotifier({ url: REDIS_URL });
    const seenA: string[] = [];
    const seenB: string[] = [];
    a.subscribe((topic) => seenA.push(topic));
    b.subscribe((topic) => seenB.push(topic));
    // Until b's SUBSCRIBE is in place a notice is lost (pub/sub keeps nothing): warm up by
    // publishing until one gets through, rather than sleeping for a guessed time.
    const warmUp = `prompt:warm-up-${Date.now()}`;
    const warmDeadline = Date.now() + 5000;
    while (!seenB.includes(warmUp) && Date.now() < warmDeadline) {
      await a.publish(warmUp);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const topic = `prompt:test-${Date.now()}`;
    await a.publish(topic);
    const deadline = Date.now() + 3000;
    while (!seenB.includes(topic) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 10));
    assert.deepEqual(
      seenA.filter((x) => x === topic),
      [topic],
    );
    assert.deepEqual(
      seenB.filter((x) => x === topic),
      [topic],
    );
    await a.close();
    await b.close();
  });
});
