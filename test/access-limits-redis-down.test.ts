/**
 * Redis outages: fail-open and fail-closed in a running Keel whose Redis is a closed port, and
 * automatic recovery when Redis comes back (a TCP proxy in front of the real Redis is cut and
 * restored).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { after, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { createLimitsHook, enforcementModule, RedisCounterStore } from '../src/access/limits/index.ts';
import type { AccessPrincipal } from '../src/access/types.ts';
import { configSchema } from '../src/config/index.ts';
import { buildRuntime, type KeelModule } from '../src/gateway/index.ts';
import { silentLogger } from '../src/log/index.ts';
import type { RequestContext } from '../src/spec/index.ts';
import { eventually, startTestKeel } from './harness.ts';
import { REDIS_URL, serviceSkip } from './services.ts';

const PRINCIPAL: AccessPrincipal = {
  id: 'k1',
  kind: 'virtual_key',
  tenant: 'p1',
  keyId: 'k1',
  orgId: 'o1',
  teamId: 't1',
  projectId: 'p1',
  policy: { limits: [{ scope: 'key', scopeId: 'k1', rpm: 1000 }], budgets: [] },
};

function injectPrincipal(): KeelModule {
  return {
    name: 'test-principal',
    start: async () => ({
      hooks: [
        {
          name: 'test-principal',
          beforeRequest: (ctx) => {
            ctx.principal = PRINCIPAL;
          },
        },
      ],
    }),
  };
}

const keelConfig = (failMode: 'open' | 'closed') => ({
  redis: { url: 'redis://127.0.0.1:1' },
  providers: { sim: { type: 'sim' as const } },
  models: { sim: { deployments: [{ provider: 'sim', model: 'sim-1' }] } },
  access: { redisFailMode: failMode, limits: { redisCommandTimeoutMs: 100 } },
});

async function chat(url: string): Promise<Response> {
  return fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'sim', messages: [{ role: 'user', content: 'hi' }] }),
  });
}

describe('Redis down', () => {
  it('fail-open: requests pass, and the metrics say so', async () => {
    const keel = await startTestKeel(keelConfig('open'), {
      modules: [injectPrincipal(), enforcementModule({ audit: { record: async () => {} } })],
    });
    try {
      const t0 = performance.now();
      for (let i = 0; i < 3; i++) assert.equal((await chat(keel.url)).status, 200);
      assert.ok(performance.now() - t0 < 5000, 'fails fast, no waiting on an offline queue');
      const metrics = await (await fetch(`${keel.url}/metrics`)).text();
      assert.match(metrics, /keel_access_fail_open_total\{store="redis"\} 3/);
      assert.match(metrics, /keel_access_store_failures_total\{store="redis",op="reserve"\} 3/);
    } finally {
      await keel.close();
    }
  });

  it('fail-closed: 503 store_unavailable, OpenAI-shaped', async () => {
    const keel = await startTestKeel(keelConfig('closed'), {
      modules: [injectPrincipal(), enforcementModule({ audit: { record: async () => {} } })],
    });
    try {
      const response = await chat(keel.url);
      assert.equal(response.status, 503);
      const body = (await response.json()) as { error: { code: string; type: string } };
      assert.equal(body.error.code, 'store_unavailable');
      assert.ok(Number(response.headers.get('retry-after')) >= 1);
    } finally {
      await keel.close();
    }
  });
});

/** A TCP proxy to the real Redis that can be cut (every connection dropped, port closed) and restored. */
class CuttableProxy {
  #server: Server | null = null;
  readonly #sockets = new Set<Socket>();
  port = 0;

  async up(): Promise<void> {
    const target = new URL(REDIS_URL);
    this.#server = createServer((client) => {
      const upstream = connect({ host: target.hostname, port: Number(target.port) });
      for (const s of [client, upstream]) {
        this.#sockets.add(s);
        s.on('close', () => this.#sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => (this.#server as Server).listen(this.port, '127.0.0.1', resolve));
    this.port = (this.#server.address() as { port: number }).port;
  }

  async down(): Promise<void> {
    const server = this.#server;
    this.#server = null;
    for (const s of this.#sockets) s.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

const skip = await serviceSkip('redis');
describe('Redis comes back', { skip: skip || false }, () => {
  const prefix = `keel-test:{down-${randomBytes(4).toString('hex')}}:`;
  after(async () => {
    const admin = new Redis(REDIS_URL);
    const keys = await admin.keys(`${prefix}*`);
    if (keys.length > 0) await admin.del(...keys);
    await admin.quit();
  });

  it('enforcement resumes on its own once Redis is reachable again', async () => {
    const proxy = new CuttableProxy();
    await proxy.up();
    const counters = new RedisCounterStore({
      url: `redis://127.0.0.1:${proxy.port}`,
      prefix,
      commandTimeoutMs: 1000, // up: a stalled machine must not time out; down fails at once (connection refused)
    });
    assert.equal(await counters.ready(), true);
    const registry = new Registry();
    const runtime = buildRuntime(
      configSchema.parse({
        providers: { sim: { type: 'sim' } },
        models: { sim: { deployments: [{ provider: 'sim', model: 'x' }] } },
      }),
    ).runtime;
    const hook = createLimitsHook({
      counters,
      runtime: () => runtime,
      audit: { record: async () => {} },
      logger: silentLogger(),
      metrics: registry,
      settings: () => ({ failMode: 'open', defaultMaxOutputTokens: 100, reservationMarginMs: 1000 }),
    });
    const principal = {
      ...PRINCIPAL,
      policy: { limits: [{ scope: 'key' as const, scopeId: 'k1', rpm: 2 }], budgets: [] },
    };
    let seq = 0;
    const attempt = async (): Promise<'ok' | 'refused'> => {
      const ctx: RequestContext = {
        id: `r${++seq}`,
        endpoint: 'chat',
        headers: {},
        signal: new AbortController().signal,
        request: { model: 'sim', messages: [{ role: 'user', content: 'hi' }] },
        principal,
        metadata: {},
        caller: { user: null, session: null, feature: null, tags: [] },
        state: new Map(),
      };
      try {
        await hook.beforeRequest?.(ctx);
        return 'ok';
      } catch {
        return 'refused';
      }
    };
    try {
      assert.deepEqual([await attempt(), await attempt(), await attempt()], ['ok', 'ok', 'refused']);
      await proxy.down();
      // Down: fail-open lets everything through, fast.
      const t0 = performance.now();
      assert.deepEqual([await attempt(), await attempt()], ['ok', 'ok']);
      assert.ok(performance.now() - t0 < 2000);
      assert.match(await registry.metrics(), /keel_access_fail_open_total\{store="redis"\} 2/);
      await proxy.up();
      // Back: the window still holds the two counted requests, so enforcement shows as a refusal.
      await eventually(async () => (await attempt()) === 'refused', 10_000);
    } finally {
      await proxy.down();
      await counters.close();
    }
  });
});
