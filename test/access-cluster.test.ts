/**
 * Cluster-mode acceptance for enforcement: THREE Keel processes (child processes, each a real
 * `startKeel` with the enforcement module) sharing the real Postgres (a fresh schema) and Redis
 * (a unique key prefix), 1,000 concurrent requests spread over them.
 *
 *   - a small budget on a priced `sim` model: settled spend never exceeds the budget by more than
 *     one request's maximum cost (in fact never at all), and the budget gets used up;
 *   - a shared RPM limit lets through within ±5 % of the limit across the three;
 *   - SIGKILL of one process mid-run: its reservations and parallel slots lapse after their expiry
 *     (reserved sum returns to 0, the full parallel capacity is usable again).
 *
 * The children are this same file started with KEEL_CLUSTER_NODE=<config file>: `keel serve`
 * has no way to add the test-only principal hook below (the real auth hook belongs to the
 * principals module), so each child calls startKeel itself with that hook + enforcementModule.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { enforcementModule, RedisCounterStore } from '../src/access/limits/index.ts';
import { settledSpendSource } from '../src/access/spend/index.ts';
import type { AccessPrincipal, BudgetPolicy, RateLimitPolicy } from '../src/access/types.ts';
import { loadConfigFile } from '../src/config/index.ts';
import { type KeelModule, startKeel } from '../src/gateway/index.ts';
import type { SpendCounter } from '../src/spec/index.ts';

/** Test-only auth: the principal comes base64url-encoded in a header. */
function headerPrincipal(): KeelModule {
  return {
    name: 'test-principal',
    start: async () => ({
      hooks: [
        {
          name: 'test-principal',
          beforeRequest(ctx) {
            const raw = ctx.headers['x-test-principal'];
            if (typeof raw === 'string')
              ctx.principal = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
          },
        },
      ],
    }),
  };
}

async function runNode(configFile: string): Promise<void> {
  const logger = pino({ level: 'warn' }, pino.destination(2));
  const keel = await startKeel({
    config: loadConfigFile(configFile),
    logger,
    modules: [headerPrincipal(), enforcementModule({ audit: { record: async () => {} } })],
  });
  process.stdout.write(`${JSON.stringify({ ready: keel.url, pid: process.pid })}\n`);
  process.once('SIGTERM', () => {
    keel.close().finally(() => process.exit(0));
  });
}

if (process.env.KEEL_CLUSTER_NODE) {
  await runNode(process.env.KEEL_CLUSTER_NODE);
} else {
  await defineTests();
}

async function defineTests(): Promise<void> {
  const { after, before, describe, it } = await import('node:test');
  const pg = (await import('pg')).default;
  const { Redis } = await import('ioredis');
  const { Agent } = await import('undici');
  const { createStore } = await import('../src/store/index.ts');
  const { POSTGRES_URL, REDIS_URL, serviceSkip } = await import('./services.ts');

  const skip = (await serviceSkip('postgres')) || (await serviceSkip('redis'));
  if (skip) {
    it('access cluster acceptance', { skip }, () => {});
    return;
  }

  const run = randomBytes(4).toString('hex');
  const schema = `keel_cluster_${run}`;
  const prefix = `keel-test:{cluster-${run}}:`;
  const dir = mkdtempSync(join(tmpdir(), 'keel-cluster-'));
  const configFile = join(dir, 'keel.json');
  // $1000 input / $2000 output per MTok: one request (≈8 estimated prompt tokens, max_tokens 20)
  // may cost up to ≈ $0.048 and really costs ≈ $0.041.
  const price = { inputPerMTok: 1000, outputPerMTok: 2000 };
  const timeouts = { attemptMs: 3000, totalMs: 3000 };
  writeFileSync(
    configFile,
    JSON.stringify({
      server: { port: 0 },
      store: { url: withSchema(POSTGRES_URL, schema) },
      redis: { url: REDIS_URL },
      providers: {
        fast: { type: 'sim', sim: { outputTokens: 20 } },
        slow: { type: 'sim', sim: { outputTokens: 20, latencyMs: 1500 } },
      },
      models: {
        sim: { deployments: [{ provider: 'fast', model: 'sim-1', price }], timeouts },
        // Reservations on `slow` live 5 s + 1 s margin: well past the 1.5 s answers, so the test can
        // see the killed node's holds still there before they lapse.
        slow: {
          deployments: [{ provider: 'slow', model: 'sim-1', price }],
          timeouts: { attemptMs: 5000, totalMs: 5000 },
        },
      },
      records: { flushIntervalMs: 50 },
      access: {
        redisFailMode: 'closed',
        // Three Keel processes, the load generator, Postgres and Redis share two cores here: event-loop
        // lag alone can approach the default 1 s command timeout, and a timeout is not what this tests.
        limits: { redisKeyPrefix: prefix, reservationMarginMs: 1000, redisCommandTimeoutMs: 3000 },
        spend: { flushIntervalMs: 50, rollupIntervalMs: 0 },
      },
    }),
  );

  function withSchema(url: string, name: string): string {
    const parsed = new URL(url);
    parsed.searchParams.set('schema', name);
    return parsed.href;
  }

  const principal = (
    keyId: string,
    policy: { limits?: RateLimitPolicy[]; budgets?: BudgetPolicy[] },
  ): string => {
    const p: AccessPrincipal = {
      id: keyId,
      kind: 'virtual_key',
      tenant: 'proj',
      keyId,
      orgId: 'org',
      teamId: 'team',
      projectId: 'proj',
      policy: { limits: policy.limits ?? [], budgets: policy.budgets ?? [] },
    };
    return Buffer.from(JSON.stringify(p)).toString('base64url');
  };
  const totalCounter = (keyId: string, limitUsd: number): SpendCounter => ({
    id: `key:${keyId}:total`,
    scope: 'key',
    scopeId: keyId,
    periodStart: null,
    resetsAt: null,
    limitUsd,
  });

  const nodes: Array<{ child: ChildProcess; url: string; exited: Promise<void> }> = [];
  const agent = new Agent({ connections: 256, pipelining: 0, keepAliveTimeout: 10_000 });
  let store: Awaited<ReturnType<typeof createStore>>;
  let counters: RedisCounterStore;

  function startNode(): Promise<{ child: ChildProcess; url: string; exited: Promise<void> }> {
    const env: NodeJS.ProcessEnv = { ...process.env, KEEL_CLUSTER_NODE: configFile };
    delete env.NODE_TEST_CONTEXT; // the child is a server, not a test file
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url)], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`node did not start in time: ${stderr}`)), 60_000);
      child.once('exit', (code) => reject(new Error(`node exited (${code}) before ready: ${stderr}`)));
      createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
        const ready = (JSON.parse(line) as { ready?: string }).ready;
        if (ready) {
          clearTimeout(timer);
          resolve({ child, url: ready, exited });
        }
      });
    });
  }

  async function chat(
    url: string,
    who: string,
    model = 'sim',
  ): Promise<{ status: number; code: string | null }> {
    try {
      const response = await fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-test-principal': who },
        body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hello' }], max_tokens: 20 }),
        dispatcher: agent,
      } as RequestInit);
      const body = (await response.json()) as { error?: { code?: string } };
      return { status: response.status, code: body.error?.code ?? null };
    } catch {
      return { status: 0, code: 'connection' }; // the node was killed mid-request
    }
  }

  /** 1,000 requests at once, round-robin over the nodes. */
  const burst = (who: string, count = 1000, model = 'sim', over = nodes) =>
    Promise.all(
      Array.from({ length: count }, (_, i) =>
        chat((over[i % over.length] as (typeof nodes)[number]).url, who, model),
      ),
    );

  async function dbSpend(keyId: string): Promise<number> {
    const rows = await store.sql.query<{ total: number | null }>(
      'SELECT SUM(cost_usd) AS total FROM access_spend WHERE key_id = ?',
      [keyId],
    );
    return Number(rows[0]?.total ?? 0);
  }

  async function until<T>(check: () => Promise<T | false>, timeoutMs: number): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await check();
      if (value !== false) return value;
      if (Date.now() > deadline) throw new Error('condition not met in time');
      await sleep(100);
    }
  }

  describe('access enforcement across three Keel processes (Postgres + Redis)', { timeout: 240_000 }, () => {
    before(async () => {
      // Migrate once up front so the three nodes start against a ready schema.
      store = await createStore(POSTGRES_URL, { schema });
      counters = new RedisCounterStore({ url: REDIS_URL, prefix, settled: settledSpendSource(store.sql) });
      assert.equal(await counters.ready(), true);
      nodes.push(...(await Promise.all([startNode(), startNode(), startNode()])));
    });

    after(async () => {
      for (const node of nodes) if (node.child.exitCode === null) node.child.kill('SIGTERM');
      await Promise.race([Promise.all(nodes.map((n) => n.exited)), sleep(15_000)]);
      for (const node of nodes) if (node.child.exitCode === null) node.child.kill('SIGKILL');
      await agent.close();
      await counters.close();
      await store.close();
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
      const admin = new Redis(REDIS_URL);
      const keys = await admin.keys(`${prefix}*`);
      if (keys.length > 0) await admin.del(...keys);
      await admin.quit();
      rmSync(dir, { recursive: true, force: true });
    });

    it('budget: 1,000 concurrent requests never settle more than the budget', async () => {
      const amountUsd = 0.5;
      const budget: BudgetPolicy = {
        id: 'b-cluster',
        scope: 'key',
        scopeId: 'k-budget',
        amountUsd,
        period: 'total',
        alertThresholds: [],
      };
      const who = principal('k-budget', { budgets: [budget] });
      const results = await burst(who);
      const ok = results.filter((r) => r.status === 200).length;
      const refused = results.filter((r) => r.status === 429 && r.code === 'budget_exceeded').length;
      assert.equal(
        ok + refused,
        1000,
        `unexpected answers: ${JSON.stringify(results.filter((r) => r.status !== 200 && r.status !== 429).slice(0, 3))}`,
      );
      // Then one at a time until refused: the budget is used up to within one request's cost.
      for (let i = 0; i < 50; i++) {
        const r = await chat((nodes[i % 3] as (typeof nodes)[number]).url, who);
        if (r.status === 429) break;
      }
      const [usage] = await until(async () => {
        const u = await counters.usage([totalCounter('k-budget', amountUsd)]);
        return u[0]?.reservedUsd === 0 ? u : false;
      }, 10_000);
      const settled = usage?.settledUsd ?? 0;
      const maxCostUsd = 0.0481; // ≤ 8 estimated prompt tokens × $0.001 + 20 × $0.002, rounded up
      process.stdout.write(
        `# budget: ${ok} of 1000 concurrent passed, settled $${settled.toFixed(6)} of $${amountUsd}\n`,
      );
      assert.ok(ok > 0);
      assert.ok(settled <= amountUsd + maxCostUsd, `settled ${settled} > budget + one request`);
      assert.ok(settled <= amountUsd + 1e-9, `settled ${settled} exceeds the budget`);
      assert.ok(settled > amountUsd - maxCostUsd, `budget not used up: ${settled}`);
      // The spend records (written off-path by the three nodes) agree with the counters.
      const recorded = await until(async () => {
        const total = await dbSpend('k-budget');
        return Math.abs(total - settled) < 1e-9 ? total : false;
      }, 10_000);
      assert.ok(Math.abs(recorded - settled) < 1e-9);
    });

    it('RPM: a shared limit of 300 lets through 300 ± 5 % of 1,000 concurrent requests', async () => {
      const who = principal('k-rpm', { limits: [{ scope: 'key', scopeId: 'k-rpm', rpm: 300 }] });
      const results = await burst(who);
      const ok = results.filter((r) => r.status === 200).length;
      const limited = results.filter((r) => r.status === 429 && r.code === 'rate_limited').length;
      process.stdout.write(`# rpm: ${ok} of 1000 passed a shared limit of 300\n`);
      assert.equal(ok + limited, 1000);
      assert.ok(ok >= 285 && ok <= 315, `passed: ${ok}`);
    });

    it('SIGKILL mid-run: the dead node leaves no stuck reservation or parallel slot after expiry', async () => {
      const amountUsd = 100;
      const who = principal('k-kill', {
        limits: [{ scope: 'key', scopeId: 'k-kill', maxParallel: 150 }],
        budgets: [
          { id: 'b-kill', scope: 'key', scopeId: 'k-kill', amountUsd, period: 'total', alertThresholds: [] },
        ],
      });
      const counter = totalCounter('k-kill', amountUsd);
      const victim = nodes[2] as (typeof nodes)[number];
      const inFlight = burst(who, 150, 'slow'); // 1.5 s each, spread over all three
      const reserved = await until(async () => {
        const [u] = await counters.usage([counter]);
        return (u?.reservedUsd ?? 0) > 0.048 * 100 ? u?.reservedUsd : false;
      }, 10_000);
      victim.child.kill('SIGKILL');
      await victim.exited;
      const killedAt = Date.now();
      // Read at once, before waiting for the survivors' slow requests: the dead node's
      // reservations lapse about 6 s after they were made.
      const [stuck] = await counters.usage([counter]);
      const results = await inFlight;
      const lost = results.filter((r) => r.status === 0).length;
      process.stdout.write(
        `# kill: reserved $${Number(reserved).toFixed(3)} before SIGKILL; ${lost} requests died with the node\n`,
      );
      assert.ok(lost > 0, 'the killed node had requests in flight');
      // Right after the kill its reservations are still held…
      assert.ok((stuck?.reservedUsd ?? 0) > 0, 'the dead node held reservations');
      // …and they lapse after their expiry (total timeout 5 s + 1 s margin from the reserve).
      await until(async () => {
        const [u] = await counters.usage([counter]);
        return u?.reservedUsd === 0;
      }, 15_000);
      assert.ok(Date.now() - killedAt < 15_000);
      // The parallel slots lapsed too: the survivors can again run the full 150 at once.
      const survivors = nodes.slice(0, 2);
      const again = await burst(who, 150, 'slow', survivors);
      assert.equal(again.filter((r) => r.status === 200).length, 150);
      const [after] = await counters.usage([counter]);
      assert.equal(after?.reservedUsd, 0);
    });
  });
}
