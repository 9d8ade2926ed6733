import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { REDIS_URL, serviceSkip } from '../../test/services.ts';
import { closeRedisClient, failFastRedisOptions } from './redis-client.ts';

// Nothing listens on port 1: connection attempts are refused at once.
const NOWHERE = 'redis://127.0.0.1:1';
const options = () => failFastRedisOptions({ commandTimeoutMs: 500, maxBackoffMs: 1_000 });

it('never queues, bounds commands and backs off reconnects up to the cap', () => {
  const o = failFastRedisOptions({ commandTimeoutMs: 150, maxBackoffMs: 1_000 });
  assert.equal(o.enableOfflineQueue, false);
  assert.equal(o.lazyConnect, true);
  assert.equal(o.commandTimeout, 150);
  assert.equal(o.disconnectTimeout, 200);
  const delays = [0, 1, 2, 3, 4, 5, 10].map((attempt) => o.retryStrategy?.(attempt));
  assert.deepEqual(delays, [50, 100, 200, 400, 800, 1_000, 1_000]);
});

it('a command fails at once while Redis is unreachable, and close stops the reconnecting', async () => {
  const client = new Redis(NOWHERE, options());
  client.on('error', () => undefined);
  try {
    // Not events.once: that rejects on the 'error' event every refused attempt emits.
    const retrying = new Promise((resolve) => client.once('reconnecting', resolve));
    await assert.rejects(client.get('x'), /enableOfflineQueue options is false/);
    await retrying; // refused, so ioredis is backing off before the next attempt
  } finally {
    await closeRedisClient(client);
  }
  let attempts = 0;
  client.on('reconnecting', () => attempts++);
  await sleep(400); // the backoff would have retried within 50–100 ms
  assert.equal(attempts, 0);
});

it('closes a connected client with QUIT', async (t) => {
  const skip = await serviceSkip('redis');
  if (skip) return t.skip(skip);
  const client = new Redis(REDIS_URL, options());
  await client.connect();
  assert.equal(await client.ping(), 'PONG');
  const ended = once(client, 'end');
  await closeRedisClient(client);
  await ended;
  assert.equal(client.status, 'end');
});

it('the serve path does not load ioredis until a Redis client is made', () => {
  // ioredis declares a String subclass, after which V8 stops inlining charCodeAt: every
  // char-code loop in the guard gets several times slower. Embedded Keel must not load it.
  const script = `
    import { createRequire } from 'node:module';
    await import(${JSON.stringify(new URL('../cli/modules.ts', import.meta.url).href)});
    await import(${JSON.stringify(new URL('../gateway/start.ts', import.meta.url).href)});
    const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((k) => k.includes('/ioredis/'));
    const before = loaded();
    const { newRedisClient } = await import(${JSON.stringify(new URL('./redis-client.ts', import.meta.url).href)});
    newRedisClient('redis://127.0.0.1:1', { lazyConnect: true }).disconnect();
    process.stdout.write(JSON.stringify({ before, after: loaded() }));
  `;
  const out = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(out.status, 0, out.stderr);
  assert.deepEqual(JSON.parse(out.stdout), { before: false, after: true });
});

it('ioredis loads without its String subclass, and still works', async (t) => {
  const skip = await serviceSkip('redis');
  if (skip) return t.skip(skip);
  // A fresh process: this file imports ioredis itself, the normal way.
  const script = `
    import { createRequire } from 'node:module';
    import { dirname, join } from 'node:path';
    const { newRedisClient, closeRedisClient } = await import(${JSON.stringify(new URL('./redis-client.ts', import.meta.url).href)});
    const client = newRedisClient(${JSON.stringify(REDIS_URL)}, { lazyConnect: true });
    const require = createRequire(import.meta.url);
    const { VerbatimString } = require(join(dirname(require.resolve('ioredis')), 'resp', 'verbatim-string.js'));
    await client.connect();
    const key = 'keel:test:verbatim:' + process.pid;
    await client.set(key, 'value');
    const got = await client.get(key);
    const info = await client.info('server');
    await client.del(key);
    await closeRedisClient(client);
    process.stdout.write(JSON.stringify({
      stringSubclass: Object.getPrototypeOf(VerbatimString.prototype) === String.prototype,
      got,
      info: /redis_version/.test(info),
    }));
  `;
  const out = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
  });
  assert.equal(out.status, 0, out.stderr);
  assert.deepEqual(JSON.parse(out.stdout), { stringSubclass: false, got: 'value', info: true });
});
