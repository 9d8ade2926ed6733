/**
 * Access (limits) benchmark: what the `limits` step adds to a request.
 *
 *   npx node bench/access.bench.ts [--iterations N] [--json]
 *
 * Times the hook's beforeRequest — principal check, prompt token count, worst-case cost, period
 * keys and the one counter-store call that checks RPM, TPM, max parallel and two budgets and
 * reserves — for a short chat request, in embedded mode (in-memory counters) and cluster mode
 * (the real Redis, one EVALSHA per request; the script counts commands to prove it). Settling runs
 * after each timed call, off the clock, as it does off the response path in the gateway.
 * Prints JSON and saves bench/results/access.json.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { createLimitsHook, MemoryCounterStore, RedisCounterStore } from '../src/access/limits/index.ts';
import type { AccessPrincipal } from '../src/access/types.ts';
import { configSchema } from '../src/config/index.ts';
import { warmTokenizer } from '../src/cost/index.ts';
import { buildRuntime } from '../src/gateway/runtime.ts';
import { silentLogger } from '../src/log/index.ts';
import type { CounterStore, RequestContext, RequestRecord } from '../src/spec/index.ts';

export interface Percentiles {
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  mean: number;
}

export interface AccessBenchResult {
  iterations: number;
  /** Tail figures on a shared machine mostly measure the scheduler: keep the load next to them. */
  machine: { cpus: number; loadAverage1m: number };
  promptTokens: number;
  policy: string;
  embeddedMs: Percentiles & { targetP50Ms: number; meetsTarget: boolean };
  redisMs: (Percentiles & { roundTripsPerRequest: number; redisUrl: string }) | { skipped: string };
}

const REDIS_URL = process.env.KEEL_TEST_REDIS ?? 'redis://127.0.0.1:6379';
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

const PRINCIPAL: AccessPrincipal = {
  id: 'bench-key',
  kind: 'virtual_key',
  tenant: 'bench-project',
  keyId: 'bench-key',
  orgId: 'bench-org',
  teamId: 'bench-team',
  projectId: 'bench-project',
  policy: {
    limits: [
      {
        scope: 'key',
        scopeId: 'bench-key',
        rpm: 1_000_000_000,
        tpm: 1_000_000_000_000,
        maxParallel: 1_000_000,
      },
      { scope: 'team', scopeId: 'bench-team', rpm: 1_000_000_000 },
    ],
    budgets: [
      {
        id: 'b-day',
        scope: 'key',
        scopeId: 'bench-key',
        amountUsd: 1e6,
        period: 'day',
        alertThresholds: [0.5, 0.8, 1],
      },
      {
        id: 'b-month',
        scope: 'team',
        scopeId: 'bench-team',
        amountUsd: 1e6,
        period: 'month',
        alertThresholds: [0.8],
      },
    ],
  },
};
const POLICY = 'key: rpm+tpm+maxParallel; team: rpm; budgets: key/day + team/month';

/** A short chat request; the ticket number varies so no request's text is a repeat of the last. */
const messages = (i: number) => [
  { role: 'system' as const, content: 'You are a helpful assistant that answers briefly.' },
  {
    role: 'user' as const,
    content: `Summarise the main drivers of delay on support ticket #${100_000 + i} in two sentences.`,
  },
];

function stats(samples: number[]): Percentiles {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
  const r = (x: number) => Math.round(x * 10_000) / 10_000;
  return {
    p50: r(at(0.5)),
    p90: r(at(0.9)),
    p99: r(at(0.99)),
    p999: r(at(0.999)),
    max: r(s.at(-1) ?? 0),
    mean: r(s.reduce((a, b) => a + b, 0) / Math.max(1, s.length)),
  };
}

function fullGc(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

async function timeHook(counters: CounterStore, iterations: number): Promise<number[]> {
  const runtime = buildRuntime(
    configSchema.parse({
      providers: { sim: { type: 'sim' } },
      models: { sim: { deployments: [{ provider: 'sim', model: 'sim-1' }] } },
    }),
  ).runtime;
  const hook = createLimitsHook({
    counters,
    runtime: () => runtime,
    audit: { record: async () => {} },
    logger: silentLogger(),
    metrics: new Registry(),
    settings: () => ({ failMode: 'closed', defaultMaxOutputTokens: 4096, reservationMarginMs: 30_000 }),
  });
  const run = randomBytes(4).toString('hex');
  const times: number[] = [];
  const warmup = Math.min(2000, iterations);
  for (let i = 0; i < warmup + iterations; i++) {
    const ctx: RequestContext = {
      id: `${run}-${i}`,
      endpoint: 'chat',
      headers: {},
      signal: new AbortController().signal,
      request: { model: 'sim', messages: messages(i), max_tokens: 256 },
      principal: PRINCIPAL,
      metadata: {},
      caller: { user: null, session: null, feature: null, tags: [] },
      state: new Map(),
    };
    // The BPE tables loaded at start-up leave a one-off major GC behind; collect it before timing
    // (Keel warms the tokenizer at start, so requests never pay it).
    if (i === warmup) fullGc();
    const t0 = performance.now();
    await hook.beforeRequest?.(ctx);
    const elapsed = performance.now() - t0;
    if (i >= warmup) times.push(elapsed);
    hook.afterRecord?.(ctx, {
      id: ctx.id,
      costUsd: 0.0001,
      completionTokens: 40,
      status: 200,
    } as RequestRecord);
    // Settle before the next timed call, so each figure is one request's own step (in the gateway
    // settles of other requests interleave; that is load, measured by the gateway benchmark).
    await hook.drain();
  }
  await hook.drain();
  return times;
}

async function redisReachable(): Promise<boolean> {
  const probe = new Redis(REDIS_URL, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    await probe.ping();
    return true;
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

async function redisBench(iterations: number): Promise<AccessBenchResult['redisMs']> {
  if (!(await redisReachable())) return { skipped: `no Redis at ${new URL(REDIS_URL).host}` };
  const prefix = `keel-bench:{access-${randomBytes(4).toString('hex')}}:`;
  const counters = new RedisCounterStore({ url: REDIS_URL, prefix });
  await counters.ready();
  try {
    const times = await timeHook(counters, iterations);
    const warmup = Math.min(2000, iterations);
    // Seeding new budget counters happens once per counter, outside the per-request path.
    const roundTrips = counters.commands.reserve / (iterations + warmup);
    return {
      ...stats(times),
      roundTripsPerRequest: Math.round(roundTrips * 1000) / 1000,
      redisUrl: new URL(REDIS_URL).host,
    };
  } finally {
    const admin = new Redis(REDIS_URL);
    const keys = await admin.keys(`${prefix}*`);
    if (keys.length > 0) await admin.del(...keys);
    await admin.quit();
    await counters.close();
  }
}

export async function runAccessBench(
  options: { iterations?: number; save?: boolean } = {},
): Promise<AccessBenchResult> {
  const iterations = options.iterations ?? 20_000;
  warmTokenizer();
  const memory = new MemoryCounterStore({ sweepIntervalMs: 0 });
  const embedded = stats(await timeHook(memory, iterations));
  await memory.close();
  const { countChatTokens } = await import('../src/cost/index.ts');
  const result: AccessBenchResult = {
    iterations,
    machine: { cpus: availableParallelism(), loadAverage1m: Math.round((loadavg()[0] ?? 0) * 100) / 100 },
    promptTokens: countChatTokens(messages(0), { model: 'sim' }),
    policy: POLICY,
    embeddedMs: { ...embedded, targetP50Ms: 0.1, meetsTarget: embedded.p50 <= 0.1 },
    redisMs: await redisBench(Math.min(iterations, 5000)),
  };
  if (options.save !== false) {
    const file = join(ROOT, 'bench/results/access.json');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify({ ...result, at: new Date().toISOString() }, null, 2)}\n`);
  }
  return result;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { iterations: { type: 'string' }, json: { type: 'boolean' } } });
  const result = await runAccessBench(values.iterations ? { iterations: Number(values.iterations) } : {});
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
