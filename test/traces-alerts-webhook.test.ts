import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createStore, type KeelStore } from '../src/store/index.ts';
import { AlertEvaluator } from '../src/traces/alerts/evaluator.ts';
import {
  type AlertRule,
  type AlertRuleInput,
  alertingSchema,
  alertRuleSchema,
} from '../src/traces/alerts/rule.ts';
import { registerAlertMetricSource } from '../src/traces/alerts/sources.ts';
import { listHistory, loadStates } from '../src/traces/alerts/store.ts';
import { postWebhook } from '../src/traces/alerts/webhook.ts';
import { TenantDirectory } from '../src/traces/query/tenants.ts';
import { generation, write } from '../src/traces/query/test-support.ts';

/**
 * Alert evaluation against a real store and a real webhook receiver (node:http), with an injected
 * clock: fires once, stays quiet inside the cooldown, sends "resolved", suppresses a re-fire inside
 * the cooldown, and announces again after it.
 */

interface Receiver {
  url: string;
  bodies: Array<{ text: string; keel: { status: string; group: string | null } }>;
  status: number;
  server: Server;
}

async function receiver(): Promise<Receiver> {
  const r = { bodies: [], status: 200 } as unknown as Receiver;
  r.server = createServer((req, res) => {
    let data = '';
    req.on('data', (chunk) => {
      data += chunk;
    });
    req.on('end', () => {
      if (r.status === 200) r.bodies.push(JSON.parse(data));
      res.writeHead(r.status).end();
    });
  });
  await new Promise<void>((resolve) => r.server.listen(0, '127.0.0.1', resolve));
  r.url = `http://127.0.0.1:${(r.server.address() as AddressInfo).port}/hook`;
  return r;
}

const MIN = 60_000;
const T0 = Date.UTC(2026, 5, 1, 12);

describe('alert evaluator with a webhook receiver', () => {
  let store: KeelStore;
  let hook: Receiver;
  let now = T0;
  let seq = 0;
  const rules: AlertRule[] = [];
  const evaluator = () =>
    new AlertEvaluator({
      sql: store.sql,
      tenants: new TenantDirectory(store.sql, { ttlMs: 0 }),
      configRules: () => rules,
      alerting: () => alertingSchema.parse({ intervalMs: 1000, webhook: { url: hook.url } }),
      now: () => now,
      backoffMs: [10, 10],
    });
  const rule = (input: AlertRuleInput) => alertRuleSchema.parse(input);
  /** `n` traces just before `now`, `errors` of them failed. */
  const traffic = (o: { n: number; errors: number; model?: string }) =>
    write(
      store.sql,
      Array.from({ length: o.n }, (_, i) =>
        generation({
          traceId: `t${seq++}`,
          startUs: (now - 30_000 + i) * 1000,
          model: o.model ?? 'm1',
          status: i < o.errors ? 'error' : 'ok',
        }),
      ).flat(),
    );

  before(async () => {
    store = await createStore('sqlite::memory:');
    hook = await receiver();
  });
  after(async () => {
    await store.close();
    hook.server.close();
  });

  it('fires once, respects the cooldown, resolves, suppresses a flap, fires again after the cooldown', async () => {
    rules.splice(
      0,
      rules.length,
      rule({ name: 'errors', metric: 'error_rate', condition: '> 0.05', window: '5m', cooldown: '10m' }),
    );
    const ev = evaluator();
    await traffic({ n: 10, errors: 3 });
    assert.equal((await ev.tick()).events, 1);
    assert.equal(hook.bodies.length, 1);
    assert.match(hook.bodies[0]?.text ?? '', /\[FIRING\] errors: error_rate = 0\.3 > 0\.05 over 5m/);
    now += MIN;
    await traffic({ n: 10, errors: 5 });
    await ev.tick();
    now += MIN;
    await ev.tick();
    assert.equal(hook.bodies.length, 1, 'still firing inside the cooldown: no repeat');
    now += 5 * MIN; // the errors leave the window: no data → resolved
    await ev.tick();
    assert.equal(hook.bodies.length, 2);
    assert.equal(hook.bodies[1]?.keel.status, 'resolved');
    await traffic({ n: 10, errors: 10 });
    await ev.tick();
    assert.equal(hook.bodies.length, 2, 'a re-fire inside the cooldown is suppressed');
    now += 11 * MIN;
    await traffic({ n: 10, errors: 10 });
    await ev.tick();
    assert.equal(hook.bodies.length, 3);
    assert.equal(hook.bodies[2]?.keel.status, 'firing');
    const history = await listHistory(store.sql, { rule: 'errors' });
    assert.deepEqual(history.map((e) => [e.kind, e.delivered]).reverse(), [
      ['firing', true],
      ['resolved', true],
      ['suppressed', false],
      ['firing', true],
    ]);
    await ev.close();
  });

  it('one alert per group; `for` delays firing; minCount guards thin data', async () => {
    hook.bodies.length = 0;
    now += 60 * MIN;
    rules.splice(
      0,
      rules.length,
      rule({
        name: 'p95',
        metric: 'latency_p95_ms',
        condition: '>= 0',
        groupBy: 'model',
        window: '5m',
        for: '2m',
      }),
      rule({ name: 'thin', metric: 'error_rate', condition: '> 0', window: '5m', minCount: 1000 }),
    );
    const ev = evaluator();
    await traffic({ n: 5, errors: 0, model: 'a' });
    await traffic({ n: 5, errors: 5, model: 'b' });
    await ev.tick();
    assert.equal(hook.bodies.length, 0, 'pending for 2m');
    now += 2 * MIN;
    await traffic({ n: 5, errors: 0, model: 'a' });
    await traffic({ n: 5, errors: 0, model: 'b' });
    await ev.tick();
    assert.deepEqual(hook.bodies.map((b) => b.keel.group).sort(), ['a', 'b']);
    await ev.close();
  });

  it('a failing webhook is retried and recorded as undelivered; custom metric sources work', async () => {
    hook.bodies.length = 0;
    hook.status = 500;
    const remove = registerAlertMetricSource({
      name: 'test.budget_breaches',
      evaluate: async () => [{ group: null, value: 3 }],
    });
    rules.splice(
      0,
      rules.length,
      rule({ name: 'budget', metric: 'test.budget_breaches', condition: '>= 1' }),
    );
    const ev = evaluator();
    await ev.tick();
    const [event] = await listHistory(store.sql, { rule: 'budget' });
    assert.deepEqual([event?.kind, event?.delivered, event?.error], ['firing', false, 'HTTP 500']);
    remove();
    hook.status = 200;
    rules.splice(0, rules.length, rule({ name: 'unknown', metric: 'nope.metric', condition: '> 1' }));
    const result = await ev.tick();
    assert.match(result.errors.unknown ?? '', /unknown metric 'nope\.metric'/);
    await ev.close();
  });

  it('saves the alert state before the webhook goes out, so a slow hook cannot cause a repeat', async () => {
    const remove = registerAlertMetricSource({
      name: 'test.slow_hook',
      evaluate: async () => [{ group: null, value: 5 }],
    });
    rules.splice(0, rules.length, rule({ name: 'slow', metric: 'test.slow_hook', condition: '>= 1' }));
    let stateAtDelivery: string | undefined;
    const ev = new AlertEvaluator({
      sql: store.sql,
      tenants: new TenantDirectory(store.sql, { ttlMs: 0 }),
      configRules: () => rules,
      alerting: () => alertingSchema.parse({ intervalMs: 1000, webhook: { url: hook.url } }),
      now: () => now,
      fetch: async () => {
        // What a replica that took over the lease during this delivery would read.
        stateAtDelivery = (await loadStates(store.sql, 'slow')).get(null)?.state;
        return new Response(null, { status: 200 });
      },
    });
    await ev.tick();
    assert.equal(stateAtDelivery, 'firing');
    remove();
    await ev.close();
  });

  it('one evaluator at a time: the job lock', async () => {
    rules.splice(0, rules.length);
    const a = evaluator();
    const b = evaluator();
    assert.equal((await a.tick()).ran, true);
    assert.equal((await b.tick()).ran, false, 'the other holds the lock');
    await a.close();
    assert.equal((await b.tick()).ran, true, 'released on close');
    await b.close();
  });
});

describe('alert webhook delivery', () => {
  it('does not follow a redirect: the hook headers (secrets) never reach another host', async () => {
    let stolen = 0;
    const other = createServer((_req, res) => {
      stolen++;
      res.end();
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const port = (other.address() as AddressInfo).port;
    let asked = 0;
    const hook = createServer((_req, res) => {
      asked++;
      res.writeHead(307, { location: `http://localhost:${port}/steal` }).end();
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
      const sent = await postWebhook(
        { url, headers: { 'x-api-key': 'secret' } },
        { text: 'x' },
        { timeoutMs: 2000, backoffMs: [10, 10] },
      );
      assert.deepEqual(sent, { ok: false, error: 'HTTP 307' });
      assert.equal(asked, 1, 'a redirect is not retried');
      assert.equal(stolen, 0);
    } finally {
      hook.close();
      other.close();
    }
  });
});
