import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import type { RunningKeel } from '../src/gateway/start.ts';
import type { Logger } from '../src/log/index.ts';
import { listApiRules } from '../src/traces/alerts/store.ts';
import { tracesModule } from '../src/traces/index.ts';
import { headerTenants } from '../src/traces/query/test-support.ts';
import { eventually, startTestKeel } from './harness.ts';

/**
 * Alerts in a running Keel: a rule from keel.yaml fires on failing gateway traffic and its notice
 * reaches a real webhook receiver; rules can be managed over the API; history is queryable; webhook
 * secrets never come back from the API.
 */
describe('alerts in a running Keel', () => {
  let keel: RunningKeel;
  const notices: Array<{ text: string; keel: { status: string; rule: string } }> = [];
  const server = createServer((req, res) => {
    let data = '';
    req.on('data', (c) => {
      data += c;
    });
    req.on('end', () => {
      notices.push(JSON.parse(data));
      res.end('ok');
    });
  });
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${keel.url}${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };

  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T000/B000/secret-token`;
    keel = await startTestKeel(
      {
        providers: { broken: { type: 'sim', sim: { errorRate: 1 } } },
        models: {
          failing: { deployments: [{ provider: 'broken', model: 'sim-x' }], retries: { maxRetries: 0 } },
        },
        traces: {
          alerting: {
            intervalMs: 1000,
            webhook: { url: hookUrl, headers: { authorization: 'Bearer hook-secret' } },
          },
          alerts: [
            {
              name: 'gateway-errors',
              metric: 'error_rate',
              condition: '> 0.5',
              window: '10m',
              severity: 'critical',
            },
          ],
        },
      },
      { modules: [tracesModule({ writer: { spoolDir: null, flushIntervalMs: 20 } })] },
    );
  });
  after(async () => {
    await keel.close();
    server.close();
  });

  it('a config rule fires on failing traffic and the notice reaches the webhook', async () => {
    const client = new OpenAI({ baseURL: `${keel.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    for (let i = 0; i < 3; i++) {
      await client.chat.completions
        .create({ model: 'failing', messages: [{ role: 'user', content: 'x' }] })
        .catch(() => undefined);
    }
    const notice = await eventually(() => notices.find((n) => n.keel.rule === 'gateway-errors'), 15_000);
    assert.equal(notice.keel.status, 'firing');
    assert.match(notice.text, /\[FIRING\] gateway-errors: error_rate = 1 > 0\.5 over 10m/);
    const history = await call('GET', '/api/alerts/history?rule=gateway-errors');
    assert.equal((history.body.data as Array<{ kind: string }>)[0]?.kind, 'firing');
    const firing = await call('GET', '/api/alerts');
    assert.equal((firing.body.data as Array<{ rule: string; state: string }>)[0]?.state, 'firing');
  });

  it('rules over the API: create, list (secrets redacted), replace, delete; config rules are read-only', async () => {
    const rule = {
      name: 'slow',
      metric: 'latency_p95_ms',
      condition: '> 2000',
      window: '15m',
      groupBy: 'model',
      webhook: { url: 'https://hooks.example.com/services/T1/B1/very-secret', headers: { 'x-token': 'abc' } },
    };
    assert.equal((await call('POST', '/api/alerts/rules', rule)).status, 201);
    assert.equal((await call('POST', '/api/alerts/rules', rule)).status, 409);
    const listed = (await call('GET', '/api/alerts/rules')).body.data as Array<Record<string, unknown>>;
    const text = JSON.stringify(listed);
    assert.ok(
      !text.includes('very-secret') &&
        !text.includes('abc') &&
        !text.includes('secret-token') &&
        !text.includes('hook-secret'),
    );
    assert.deepEqual(
      listed.map((r) => [r.name, r.source]),
      [
        ['gateway-errors', 'config'],
        ['slow', 'api'],
      ],
    );
    assert.equal((await call('PUT', '/api/alerts/rules/slow', { ...rule, condition: '> 3000' })).status, 200);
    assert.equal(
      (await call('PUT', '/api/alerts/rules/gateway-errors', { ...rule, name: 'gateway-errors' })).status,
      409,
    );
    const bad = await call('POST', '/api/alerts/rules', { ...rule, name: 'x', condition: 'above 3' });
    assert.equal(bad.status, 400);
    assert.equal((bad.body.error as { param: string }).param, 'condition');
    assert.equal((await call('DELETE', '/api/alerts/rules/slow')).status, 204);
    assert.equal((await call('DELETE', '/api/alerts/rules/slow')).status, 404);
  });
});

/** Rule management by tenant-scoped callers (the access module's authorize, stood in for by a header). */
describe('alert rules of tenant-scoped callers', () => {
  let keel: RunningKeel;
  const call = async (method: string, path: string, body?: unknown, tenants?: string) => {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (tenants !== undefined) headers['x-test-tenants'] = tenants;
    const response = await fetch(`${keel.url}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };
  const message = (r: { body: Record<string, unknown> }) => (r.body.error as { message: string }).message;
  const rule = { name: 'errors', metric: 'error_rate', condition: '> 0.5' };

  before(async () => {
    keel = await startTestKeel(
      {
        providers: { sim: { type: 'sim' } },
        models: { demo: { deployments: [{ provider: 'sim', model: 'sim-1' }] } },
      },
      {
        modules: [
          tracesModule({
            writer: { spoolDir: null, flushIntervalMs: 20 },
            observability: {
              authorize: headerTenants,
            },
          }),
        ],
      },
    );
  });
  after(() => keel.close());

  it('a caller without tenants cannot create or replace a rule (nothing is stored)', async () => {
    const created = await call('POST', '/api/alerts/rules', rule, 'none');
    assert.equal(created.status, 403);
    assert.match(message(created), /no tenants/);
    const replaced = await call('PUT', '/api/alerts/rules/errors', rule, 'none');
    assert.equal(replaced.status, 403);
    assert.deepEqual(await keel.store.sql.query('SELECT name FROM trace_alert_rules'), []);
    // The name is still free for a caller with tenants, whose rule is confined to them.
    const mine = await call('POST', '/api/alerts/rules', rule, 'a');
    assert.equal(mine.status, 201);
    assert.deepEqual(mine.body.tenants, ['a']);
    assert.equal((await call('DELETE', '/api/alerts/rules/errors', undefined, 'a')).status, 204);
  });

  it('a duplicate name is a 409 naming the rule', async () => {
    assert.equal((await call('POST', '/api/alerts/rules', { ...rule, name: 'dup' })).status, 201);
    const again = await call('POST', '/api/alerts/rules', { ...rule, name: 'dup' });
    assert.equal(again.status, 409);
    assert.equal(message(again), "Alert rule 'dup' already exists");
    assert.equal((await call('DELETE', '/api/alerts/rules/dup')).status, 204);
  });

  it('a non-finite threshold is refused like any malformed condition', async () => {
    for (const condition of ['> 1e999', '< -1e400', '> NaN']) {
      const bad = await call('POST', '/api/alerts/rules', { ...rule, name: 'inf', condition });
      assert.equal(bad.status, 400, condition);
      assert.equal((bad.body.error as { param: string }).param, 'condition');
    }
    assert.equal(
      (await call('POST', '/api/alerts/rules', { ...rule, name: 'big', condition: '> 1e300' })).status,
      201,
    );
    assert.equal((await call('DELETE', '/api/alerts/rules/big')).status, 204);
  });

  it('a stored row the schema rejects is logged, not silently hidden, and an all-tenant caller can delete it', async () => {
    await keel.store.sql.execute(
      'INSERT INTO trace_alert_rules (name, rule, created_ms, updated_ms) VALUES (?, ?, 0, 0)',
      ['legacy', JSON.stringify({ ...rule, name: 'legacy', tenants: [] })],
    );
    const warnings: unknown[][] = [];
    const logger = { warn: (...args: unknown[]) => void warnings.push(args) } as unknown as Logger;
    assert.deepEqual(await listApiRules(keel.store.sql, logger), []);
    assert.deepEqual(
      warnings.map(([fields]) => (fields as { rule: string }).rule),
      ['legacy'],
    );
    const listed = await call('GET', '/api/alerts/rules');
    assert.equal(listed.status, 200);
    assert.equal((await call('DELETE', '/api/alerts/rules/legacy', undefined, 'a')).status, 404);
    assert.equal(
      (await call('PUT', '/api/alerts/rules/legacy', { ...rule, name: 'legacy' }, 'a')).status,
      404,
    );
    assert.equal((await call('DELETE', '/api/alerts/rules/legacy')).status, 204);
    assert.deepEqual(await keel.store.sql.query('SELECT name FROM trace_alert_rules'), []);
  });
});
