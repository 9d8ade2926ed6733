import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Registry } from 'prom-client';
import { configSchema } from '../../config/index.ts';
import { isKeelError, type KeelError } from '../../errors/index.ts';
import { buildRuntime } from '../../gateway/index.ts';
import { silentLogger } from '../../log/index.ts';
import type { CounterStore, RequestContext, RequestRecord, SpendCounter } from '../../spec/index.ts';
import type { AccessPrincipal, AuditEvent, BudgetPolicy, RateLimitPolicy } from '../types.ts';
import { createLimitsHook, type LimitsHookSettings } from './limits-hook.ts';
import { MemoryCounterStore } from './memory-counter-store.ts';

// $10 / $20 per MTok: a 100-token answer costs $0.002 at most; prompts here are ~10 tokens.
const runtime = buildRuntime(
  configSchema.parse({
    providers: { sim: { type: 'sim' } },
    models: {
      m: { deployments: [{ provider: 'sim', model: 'x', price: { inputPerMTok: 10, outputPerMTok: 20 } }] },
      // Reservations on `short` live 1 s (its total timeout, at least 1 s, plus the margin).
      short: {
        deployments: [{ provider: 'sim', model: 'x', price: { inputPerMTok: 10, outputPerMTok: 20 } }],
        timeouts: { attemptMs: 500, totalMs: 500 },
      },
    },
  }),
).runtime;

function principal(policy: { limits?: RateLimitPolicy[]; budgets?: BudgetPolicy[] }): AccessPrincipal {
  return {
    id: 'k1',
    kind: 'virtual_key',
    tenant: 'p1',
    keyId: 'k1',
    orgId: 'o1',
    teamId: 't1',
    projectId: 'p1',
    policy: { limits: policy.limits ?? [], budgets: policy.budgets ?? [] },
  };
}

let seq = 0;
function ctx(p: RequestContext['principal'], maxTokens = 100): RequestContext {
  return {
    id: `req-${++seq}`,
    endpoint: 'chat',
    headers: {},
    signal: new AbortController().signal,
    request: { model: 'm', messages: [{ role: 'user', content: 'hi' }], max_tokens: maxTokens },
    principal: p,
    metadata: {},
    caller: { user: null, session: null, feature: null, tags: [] },
    state: new Map(),
  };
}

const record = (c: RequestContext, costUsd: number): RequestRecord =>
  ({ id: c.id, costUsd, completionTokens: 10, status: 200 }) as RequestRecord;

function setup(
  options: { counters?: CounterStore; settings?: Partial<LimitsHookSettings>; now?: () => number } = {},
) {
  const events: AuditEvent[] = [];
  const counters = options.counters ?? new MemoryCounterStore({ sweepIntervalMs: 0 });
  const registry = new Registry();
  const hook = createLimitsHook({
    counters,
    runtime: () => runtime,
    audit: { record: async (e) => void events.push(e) },
    logger: silentLogger(),
    metrics: registry,
    settings: () => ({
      failMode: 'open',
      defaultMaxOutputTokens: 4096,
      reservationMarginMs: 1000,
      ...options.settings,
    }),
    ...(options.now ? { now: options.now } : {}),
  });
  return { hook, counters, events, registry };
}

async function rejection(promise: Promise<void> | void): Promise<KeelError> {
  try {
    await promise;
  } catch (error) {
    if (isKeelError(error)) return error;
    throw error;
  }
  assert.fail('expected a rejection');
}

const monthly = (amountUsd: number, extra: Partial<BudgetPolicy> = {}): BudgetPolicy => ({
  id: 'b-month',
  scope: 'team',
  scopeId: 't1',
  amountUsd,
  period: 'month',
  alertThresholds: [0.5, 1],
  ...extra,
});

describe('limits hook', () => {
  it('leaves anonymous callers and keys without limits alone', async () => {
    const { hook } = setup();
    const anonymous = ctx({ id: 'anon', kind: 'anonymous', tenant: 'default' });
    await hook.beforeRequest?.(anonymous);
    assert.equal(anonymous.state.size, 0);
    const free = ctx(principal({}));
    await hook.beforeRequest?.(free);
    assert.equal(free.state.size, 0);
  });

  it('RPM: 429 rate_limited naming the scope, with retry-after', async () => {
    const { hook, registry } = setup();
    const p = principal({ limits: [{ scope: 'key', scopeId: 'k1', rpm: 2 }] });
    await hook.beforeRequest?.(ctx(p));
    await hook.beforeRequest?.(ctx(p));
    const error = await rejection(hook.beforeRequest?.(ctx(p)));
    assert.equal(error.code, 'rate_limited');
    assert.equal(error.status, 429);
    assert.match(error.message, /key k1 allows 2 requests per minute/);
    assert.ok(error.retryAfterMs !== undefined && error.retryAfterMs > 0 && error.retryAfterMs <= 60_000);
    assert.deepEqual(error.details, { limit: 'rpm', scope: 'key', scopeId: 'k1', value: 2 });
    assert.match(await registry.metrics(), /keel_access_limit_rejections_total\{kind="rpm"\} 1/);
  });

  it('two policies on the same scope merge to the stricter limit', async () => {
    const { hook } = setup();
    const p = principal({
      limits: [
        { scope: 'team', scopeId: 't1', rpm: 5, maxParallel: 1 },
        { scope: 'team', scopeId: 't1', rpm: 1 },
      ],
    });
    await hook.beforeRequest?.(ctx(p));
    assert.equal((await rejection(hook.beforeRequest?.(ctx(p)))).code, 'rate_limited');
  });

  it('budget: 429 budget_exceeded naming the budget, its period and when it resets', async () => {
    const now = Date.parse('2026-11-22T10:00:00Z');
    const { hook, registry } = setup({ now: () => now });
    const p = principal({ budgets: [monthly(0.005)] });
    const first = ctx(p);
    await hook.beforeRequest?.(first); // reserves ~$0.0021 (10 prompt + 100 output tokens)
    await hook.beforeRequest?.(ctx(p));
    const error = await rejection(hook.beforeRequest?.(ctx(p)));
    assert.equal(error.code, 'budget_exceeded');
    assert.equal(error.status, 429);
    assert.equal(error.type, 'rate_limit_error');
    assert.match(error.message, /monthly budget of team t1 for 2026-11 \(\$0\.005\)/);
    assert.match(error.message, /resets at 2026-12-01T00:00:00\.000Z/);
    assert.equal(error.details?.budgetId, 'b-month');
    assert.equal(error.details?.scope, 'team');
    assert.equal(error.details?.period, 'month');
    assert.equal(error.details?.resetsAt, '2026-12-01T00:00:00.000Z');
    assert.ok((error.details?.reservedUsd as number) > 0.004);
    assert.match(
      await registry.metrics(),
      /keel_access_budget_rejections_total\{scope="team",period="month"\} 1/,
    );
  });

  it('settles the real cost after the request and releases the rest', async () => {
    const { hook, counters } = setup();
    const budget = monthly(1);
    const p = principal({ budgets: [budget] });
    const c = ctx(p);
    await hook.beforeRequest?.(c);
    const plan = c.state.get('limits') as { request: { spend: Parameters<CounterStore['usage']>[0] } };
    const [reserved] = await counters.usage(plan.request.spend);
    assert.ok((reserved?.reservedUsd ?? 0) > 0.002);
    hook.afterRecord?.(c, record(c, 0.0007));
    await hook.drain();
    assert.deepEqual(await counters.usage(plan.request.spend), [
      { counterId: plan.request.spend[0]?.id, settledUsd: 0.0007, reservedUsd: 0 },
    ]);
  });

  it('a refused request is not settled; a failed one settles what its record says', async () => {
    const { hook, counters } = setup();
    const p = principal({ limits: [{ scope: 'key', scopeId: 'k1', maxParallel: 1 }], budgets: [monthly(1)] });
    const ok = ctx(p);
    await hook.beforeRequest?.(ok);
    const refused = ctx(p);
    await rejection(hook.beforeRequest?.(refused));
    hook.afterRecord?.(refused, record(refused, 0));
    hook.afterRecord?.(ok, { ...record(ok, 0), status: 502 });
    await hook.drain();
    const spend = (ok.state.get('limits') as { request: { spend: Parameters<CounterStore['usage']>[0] } })
      .request.spend;
    assert.deepEqual(await counters.usage(spend), [
      { counterId: spend[0]?.id, settledUsd: 0, reservedUsd: 0 },
    ]);
    await hook.beforeRequest?.(ctx(p)); // the parallel slot is free again
  });

  it('threshold alerts fire once per budget per period, across many requests', async () => {
    const { hook, events } = setup();
    const p = principal({ budgets: [monthly(0.01, { alertThresholds: [0.5, 0.8] })] });
    for (let i = 0; i < 6; i++) {
      const c = ctx(p);
      await hook.beforeRequest?.(c);
      hook.afterRecord?.(c, record(c, 0.001));
    }
    await hook.drain();
    const alerts = events.filter((e) => e.action === 'budget.alert').map((e) => e.meta?.threshold);
    assert.deepEqual(alerts, [0.5]);
    for (let i = 0; i < 2; i++) {
      const c = ctx(p);
      await hook.beforeRequest?.(c);
      hook.afterRecord?.(c, record(c, 0.001));
    }
    await hook.drain();
    assert.deepEqual(
      events.filter((e) => e.action === 'budget.alert').map((e) => e.meta?.threshold),
      [0.5, 0.8],
    );
  });

  it('a new month starts a new budget counter (spend resets at the period boundary)', async () => {
    let now = Date.parse('2026-11-30T23:59:59.000Z');
    const { hook } = setup({ now: () => now });
    const p = principal({ budgets: [monthly(0.003)] });
    const c = ctx(p);
    await hook.beforeRequest?.(c);
    hook.afterRecord?.(c, record(c, 0.0025));
    await hook.drain();
    assert.equal((await rejection(hook.beforeRequest?.(ctx(p)))).code, 'budget_exceeded');
    now = Date.parse('2026-12-01T00:00:00.000Z');
    await hook.beforeRequest?.(ctx(p));
  });

  it('a request that outlives its reservation ttl (a long stream) keeps its slot and its hold until it settles', async () => {
    const { hook, counters } = setup({ settings: { reservationMarginMs: 0 } });
    const p = principal({
      limits: [{ scope: 'key', scopeId: 'k1', maxParallel: 1 }],
      budgets: [monthly(1)],
    });
    const long = ctx(p);
    long.request.model = 'short';
    await hook.beforeRequest?.(long);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const second = ctx(p);
    second.request.model = 'short';
    assert.equal((await rejection(hook.beforeRequest?.(second))).code, 'rate_limited');
    const plan = long.state.get('limits') as { request: { spend: SpendCounter[] } };
    const [usage] = await counters.usage(plan.request.spend);
    assert.ok((usage?.reservedUsd ?? 0) > 0, 'the budget hold is still there');
    hook.afterRecord?.(long, record(long, 0.001));
    await hook.drain();
    const [settled] = await counters.usage(plan.request.spend);
    assert.equal(settled?.reservedUsd, 0);
    const third = ctx(p);
    third.request.model = 'short';
    await hook.beforeRequest?.(third);
    hook.afterRecord?.(third, record(third, 0));
    await hook.drain();
  });

  it('store down: fail-open lets the request through (counted); fail-closed answers 503 store_unavailable', async () => {
    const broken: CounterStore = {
      specVersion: 'v1',
      kind: 'redis',
      reserve: async () => {
        throw new Error("Stream isn't writeable");
      },
      settle: async () => {
        throw new Error('down');
      },
      renew: async () => {
        throw new Error('down');
      },
      usage: async () => [],
      close: async () => undefined,
    };
    const p = principal({ limits: [{ scope: 'key', scopeId: 'k1', rpm: 1 }] });
    const open = setup({ counters: broken });
    const c = ctx(p);
    await open.hook.beforeRequest?.(c);
    open.hook.afterRecord?.(c, record(c, 0.001));
    await open.hook.drain();
    const metrics = await open.registry.metrics();
    assert.match(metrics, /keel_access_fail_open_total\{store="redis"\} 1/);
    assert.match(metrics, /keel_access_store_failures_total\{store="redis",op="reserve"\} 1/);
    assert.match(metrics, /keel_access_store_failures_total\{store="redis",op="settle"\} 1/);
    const closed = setup({ counters: broken, settings: { failMode: 'closed' } });
    const error = await rejection(closed.hook.beforeRequest?.(ctx(p)));
    assert.equal(error.code, 'store_unavailable');
    assert.equal(error.status, 503);
  });
});
