import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hang, harness, type ModelInput, upstreamError } from './testing.ts';
import type { RouterEvent } from './types.ts';

const circuit = { failureThreshold: 2, cooldownMs: 10_000 };

function models(extra: Partial<ModelInput> = {}): Record<string, ModelInput> {
  return {
    demo: {
      deployments: [{ id: 'a', provider: 'p', model: 'm' }],
      retries: { maxRetries: 0 },
      circuit,
      ...extra,
    },
  };
}

const boom = async (): Promise<never> => {
  throw upstreamError('upstream_error', { upstreamStatus: 500 });
};

function circuitEvents(events: RouterEvent[]): string[] {
  return events.flatMap((e) => (e.type === 'circuit' ? [`${e.deploymentId}:${e.from}->${e.to}`] : []));
}

describe('Router: circuit breaker', () => {
  it('opens after consecutive health failures and then fails fast with circuit_open', async () => {
    const h = harness(models());
    await assert.rejects(h.router.execute({ model: 'demo' }, boom), { code: 'upstream_error' });
    await assert.rejects(h.router.execute({ model: 'demo' }, boom), { code: 'upstream_error' });
    assert.equal(h.router.snapshot()[0]!.state, 'open');
    let called = false;
    await assert.rejects(
      h.router.execute({ model: 'demo' }, async () => {
        called = true;
        return 1;
      }),
      { code: 'circuit_open', status: 503 },
    );
    assert.equal(called, false);
    assert.deepEqual(circuitEvents(h.events), ['a:closed->open']);
  });

  it('does not count request errors (4xx) toward the threshold', async () => {
    const h = harness(models());
    for (let i = 0; i < 5; i++) {
      await assert.rejects(
        h.router.execute({ model: 'demo' }, async () => {
          throw upstreamError('invalid_request', { upstreamStatus: 400 });
        }),
      );
    }
    assert.equal(h.router.snapshot()[0]!.state, 'closed');
    assert.equal(h.router.snapshot()[0]!.failures, 0);
  });

  it('counts 429s and timeouts as health failures', async () => {
    const h = harness(models());
    await assert.rejects(
      h.router.execute({ model: 'demo' }, async () => {
        throw upstreamError('upstream_rate_limited', { upstreamStatus: 429 });
      }),
    );
    await assert.rejects(
      h.router.execute({ model: 'demo' }, async () => {
        throw upstreamError('upstream_timeout');
      }),
    );
    assert.equal(h.router.snapshot()[0]!.state, 'open');
  });

  it('half-opens after the cooldown with exactly one probe; success closes', async () => {
    const h = harness(models());
    for (let i = 0; i < 2; i++) await assert.rejects(h.router.execute({ model: 'demo' }, boom));
    h.clock.now += 10_000;
    let release: (value: string) => void = () => {};
    const probe = h.router.execute({ model: 'demo' }, () => new Promise<string>((r) => (release = r)));
    assert.equal(h.router.snapshot()[0]!.state, 'half_open');
    // A concurrent request must not become a second probe.
    await assert.rejects(
      h.router.execute({ model: 'demo' }, async () => 'x'),
      { code: 'circuit_open' },
    );
    release('probe ok');
    assert.equal((await probe).result, 'probe ok');
    assert.equal(h.router.snapshot()[0]!.state, 'closed');
    assert.equal((await h.router.execute({ model: 'demo' }, async () => 'next')).result, 'next');
    assert.deepEqual(circuitEvents(h.events), ['a:closed->open', 'a:open->half_open', 'a:half_open->closed']);
  });

  it('re-opens with a new cooldown when the probe fails', async () => {
    const h = harness(models());
    for (let i = 0; i < 2; i++) await assert.rejects(h.router.execute({ model: 'demo' }, boom));
    h.clock.now += 10_000;
    await assert.rejects(h.router.execute({ model: 'demo' }, boom), { code: 'upstream_error' });
    assert.equal(h.router.snapshot()[0]!.state, 'open');
    h.clock.now += 9_999;
    await assert.rejects(
      h.router.execute({ model: 'demo' }, async () => 1),
      { code: 'circuit_open' },
    );
    h.clock.now += 1;
    assert.equal((await h.router.execute({ model: 'demo' }, async () => 2)).result, 2);
    assert.deepEqual(circuitEvents(h.events), [
      'a:closed->open',
      'a:open->half_open',
      'a:half_open->open',
      'a:open->half_open',
      'a:half_open->closed',
    ]);
  });

  it('routes around an open deployment', async () => {
    const h = harness(
      models({
        deployments: [
          { id: 'bad', provider: 'p', model: 'm', weight: 1000 },
          { id: 'good', provider: 'p', model: 'm', weight: 1 },
        ],
        retries: { maxRetries: 1 },
      }),
    );
    const run = () =>
      h.router.execute({ model: 'demo' }, async (t) => {
        if (t.deploymentId === 'bad') throw upstreamError('upstream_connection');
        return t.deploymentId;
      });
    await run();
    await run();
    assert.equal(h.router.snapshot().find((s) => s.id === 'bad')!.state, 'open');
    const outcome = await run();
    assert.equal(outcome.attempts, 1);
    assert.equal(outcome.result, 'good');
  });

  it('falls back when every deployment is open (circuit_open in fallbackOn)', async () => {
    const h = harness({
      ...models({ fallbacks: ['backup'] }),
      backup: { deployments: [{ id: 'z', provider: 'p', model: 'z' }] },
    });
    const failPrimary = () =>
      h.router.execute({ model: 'demo' }, async (t) => {
        if (t.model === 'demo') throw upstreamError('upstream_error');
        return t.model;
      });
    await failPrimary();
    await failPrimary();
    const outcome = await failPrimary();
    assert.equal(outcome.result, 'backup');
    assert.equal(outcome.attempts, 1);
    assert.deepEqual(h.events.at(-2), {
      type: 'fallback',
      from: 'demo',
      to: 'backup',
      error: 'circuit_open',
    });
  });

  it('ignores a client abort on a half-open probe and lets the next request probe', async () => {
    const h = harness(models());
    for (let i = 0; i < 2; i++) await assert.rejects(h.router.execute({ model: 'demo' }, boom));
    h.clock.now += 10_000;
    const client = new AbortController();
    const pending = h.router.execute({ model: 'demo', signal: client.signal }, (_t, s) => hang(s));
    client.abort();
    await assert.rejects(pending);
    assert.equal(h.router.snapshot()[0]!.state, 'half_open');
    assert.equal((await h.router.execute({ model: 'demo' }, async () => 'ok')).result, 'ok');
  });
});
