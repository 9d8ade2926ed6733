import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { silentLogger } from '../../log/index.ts';
import type { AuditEvent, BudgetPolicy } from '../types.ts';
import { alertText, BudgetAlerter, crossedThresholds } from './alerts.ts';
import { periodWindow } from './periods.ts';

const budget = (extra: Partial<BudgetPolicy> = {}): BudgetPolicy => ({
  id: 'b1',
  scope: 'team',
  scopeId: 't1',
  amountUsd: 50,
  period: 'month',
  alertThresholds: [0.5, 0.8, 1],
  ...extra,
});

describe('crossedThresholds', () => {
  it('fires a threshold only on the settle that crosses it', () => {
    const b = budget();
    assert.deepEqual(crossedThresholds(b, { beforeUsd: 0, afterUsd: 24.99 }), []);
    assert.deepEqual(crossedThresholds(b, { beforeUsd: 24.99, afterUsd: 25 }), [0.5]);
    assert.deepEqual(crossedThresholds(b, { beforeUsd: 25, afterUsd: 30 }), []);
    assert.deepEqual(crossedThresholds(b, { beforeUsd: 30, afterUsd: 60 }), [0.8, 1]);
    assert.deepEqual(crossedThresholds(b, { beforeUsd: 60, afterUsd: 70 }), []);
    assert.deepEqual(
      crossedThresholds(budget({ alertThresholds: [1, 0.5, 0, -1] }), { beforeUsd: 0, afterUsd: 100 }),
      [0.5, 1],
    );
  });

  it('of many concurrent settles summing past a threshold, exactly one crosses it', () => {
    const b = budget({ amountUsd: 1, alertThresholds: [0.5] });
    let settled = 0;
    let fired = 0;
    for (let i = 0; i < 100; i++) {
      const before = settled;
      settled += 0.013;
      fired += crossedThresholds(b, { beforeUsd: before, afterUsd: settled }).length;
    }
    assert.equal(fired, 1);
  });
});

describe('BudgetAlerter', () => {
  const bodies: unknown[] = [];
  let server: Server;
  let url = '';
  before(async () => {
    server = createServer((req, res) => {
      let text = '';
      req.on('data', (chunk) => {
        text += chunk;
      });
      req.on('end', () => {
        if (req.url === '/hang') return; // never answers
        bodies.push(JSON.parse(text));
        res.writeHead(req.url === '/fail' ? 500 : 200).end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  it('records an audit event and posts a Slack-compatible {text} body', async () => {
    const events: AuditEvent[] = [];
    const alerter = new BudgetAlerter({
      audit: { record: async (e) => void events.push(e) },
      logger: silentLogger(),
      // The test receiver listens on loopback, which only an operator setting allows.
      allowPrivateWebhooks: () => true,
    });
    const b = budget({ alertWebhook: `${url}/hook` });
    const window = periodWindow('month', Date.parse('2026-11-10T00:00:00Z'));
    alerter.fire({ budget: b, window, threshold: 0.8, spentUsd: 40.12 });
    await alerter.idle();
    assert.equal(events.length, 1);
    assert.equal(events[0]?.action, 'budget.alert');
    assert.equal(events[0]?.target, 'budget:b1');
    assert.equal(events[0]?.meta?.threshold, 0.8);
    assert.deepEqual(bodies.at(-1), {
      text: 'Keel budget alert: team t1 monthly budget for 2026-11 reached 80% ($40.12 of $50.00 spent).',
    });
  });

  it('a full budget says when it resets; a total one says it does not', () => {
    const window = periodWindow('day', Date.parse('2026-11-22T10:00:00Z'));
    assert.match(
      alertText({ budget: budget({ period: 'day' }), window, threshold: 1, spentUsd: 50 }),
      /resets at 2026-11-23T00:00:00.000Z/,
    );
    assert.match(
      alertText({
        budget: budget({ period: 'total' }),
        window: periodWindow('total', 0),
        threshold: 1,
        spentUsd: 50,
      }),
      /until the budget is raised/,
    );
  });

  it('never throws: failing webhooks, hanging webhooks (timeout), bad URLs and a failing audit sink', async () => {
    const alerter = new BudgetAlerter({
      audit: {
        record: async () => {
          throw new Error('audit down');
        },
      },
      logger: silentLogger(),
      timeoutMs: 200,
      allowPrivateWebhooks: () => true,
    });
    const window = periodWindow('day', Date.now());
    const t0 = Date.now();
    for (const hook of [
      `${url}/fail`,
      `${url}/hang`,
      'not a url',
      'ftp://example.com/x',
      'http://127.0.0.1:1/closed',
    ]) {
      alerter.fire({ budget: budget({ alertWebhook: hook }), window, threshold: 0.5, spentUsd: 25 });
    }
    await alerter.idle();
    assert.ok(Date.now() - t0 < 3000);
  });

  it('does not post to loopback or private addresses unless allowed (SSRF)', async () => {
    const before = bodies.length;
    const alerter = new BudgetAlerter({ audit: { record: async () => undefined }, logger: silentLogger() });
    const window = periodWindow('day', Date.now());
    alerter.fire({ budget: budget({ alertWebhook: `${url}/hook` }), window, threshold: 0.5, spentUsd: 25 });
    // A name, not an IP: refused at connect time by the public-only lookup.
    const byName = url.replace('127.0.0.1', 'localhost.');
    alerter.fire({
      budget: budget({ alertWebhook: `${byName}/hook` }),
      window,
      threshold: 0.5,
      spentUsd: 25,
    });
    await alerter.idle();
    assert.equal(bodies.length, before, 'nothing reached the loopback receiver');
  });

  it('records a budget breach once per budget and period', async () => {
    const events: AuditEvent[] = [];
    const alerter = new BudgetAlerter({
      audit: { record: async (e) => void events.push(e) },
      logger: silentLogger(),
    });
    const day1 = periodWindow('day', Date.parse('2026-11-22T10:00:00Z'));
    const day2 = periodWindow('day', Date.parse('2026-11-23T10:00:00Z'));
    for (let i = 0; i < 5; i++)
      alerter.breach({ budget: budget(), window: day1, spentUsd: 50, reservedUsd: 0, keyId: 'k' });
    alerter.breach({ budget: budget(), window: day2, spentUsd: 50, reservedUsd: 0, keyId: 'k' });
    await alerter.idle();
    assert.deepEqual(
      events.map((e) => [e.action, e.meta?.period]),
      [
        ['budget.breach', '2026-11-22'],
        ['budget.breach', '2026-11-23'],
      ],
    );
  });
});
