import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KeelError } from '../errors/index.ts';
import { Router } from './router.ts';
import { hang, harness, modelConfig, upstreamError } from './testing.ts';
import type { RouteTarget } from './types.ts';

const ok = async (target: RouteTarget): Promise<string> => target.deploymentId;

describe('Router: selection', () => {
  it('serves from a single deployment with a complete outcome', async () => {
    const { router } = harness({
      demo: { deployments: [{ provider: 'sim', model: 'sim-1', region: 'eu' }] },
    });
    const outcome = await router.execute(
      { model: 'demo' },
      async (target) => `hi from ${target.upstreamModel}`,
    );
    assert.equal(outcome.result, 'hi from sim-1');
    assert.deepEqual(outcome.target, {
      deploymentId: 'sim/sim-1',
      provider: 'sim',
      upstreamModel: 'sim-1',
      model: 'demo',
      region: 'eu',
    });
    assert.equal(outcome.attempts, 1);
    assert.equal(outcome.fallbackUsed, false);
    assert.deepEqual(outcome.attemptLog, [{ deploymentId: 'sim/sim-1', model: 'demo', ms: 0 }]);
  });

  it('rejects unknown models', async () => {
    const { router } = harness({ demo: { deployments: [{ provider: 'sim', model: 'm' }] } });
    await assert.rejects(router.execute({ model: 'nope' }, ok), { code: 'model_not_found', status: 404 });
  });

  it('splits traffic by weight', async () => {
    const { router } = harness({
      demo: {
        deployments: [
          { id: 'a', provider: 'p', model: 'm', weight: 1 },
          { id: 'b', provider: 'p', model: 'm', weight: 3 },
        ],
      },
    });
    let b = 0;
    for (let i = 0; i < 4000; i++) if ((await router.execute({ model: 'demo' }, ok)).result === 'b') b++;
    assert.ok(Math.abs(b / 4000 - 0.75) < 0.03, `${b}`);
  });

  it('uses weight-0 deployments only when nothing else is left', async () => {
    const { router } = harness({
      demo: {
        deployments: [
          { id: 'main', provider: 'p', model: 'm' },
          { id: 'standby', provider: 'p', model: 'm', weight: 0 },
        ],
      },
    });
    for (let i = 0; i < 50; i++) assert.equal((await router.execute({ model: 'demo' }, ok)).result, 'main');
    const outcome = await router.execute({ model: 'demo' }, async (t) => {
      if (t.deploymentId === 'main') throw upstreamError('upstream_error', { upstreamStatus: 503 });
      return t.deploymentId;
    });
    assert.equal(outcome.result, 'standby');
  });

  it('least-busy avoids the deployment with a request in flight', async () => {
    const { router } = harness({
      demo: {
        routing: 'least-busy',
        deployments: [
          { id: 'a', provider: 'p', model: 'm' },
          { id: 'b', provider: 'p', model: 'm' },
        ],
      },
    });
    const client = new AbortController();
    let first = '';
    const pending = router.execute({ model: 'demo', signal: client.signal }, (t, signal) => {
      first = t.deploymentId;
      return hang(signal);
    });
    for (let i = 0; i < 20; i++) assert.notEqual((await router.execute({ model: 'demo' }, ok)).result, first);
    assert.equal(router.snapshot().find((s) => s.id === first)!.inFlight, 1);
    client.abort();
    await assert.rejects(pending);
    assert.ok(router.snapshot().every((s) => s.inFlight === 0));
  });

  it('latency strategy measures everyone, then prefers the fastest', async () => {
    const latencies: Record<string, number> = { fast: 20, slow: 300, mid: 80 };
    const h = harness({
      demo: {
        routing: 'latency',
        deployments: Object.keys(latencies).map((id) => ({ id, provider: 'p', model: 'm' })),
      },
    });
    const served: string[] = [];
    for (let i = 0; i < 10; i++) {
      const outcome = await h.router.execute({ model: 'demo' }, async (t) => {
        h.clock.now += latencies[t.deploymentId]!;
        return t.deploymentId;
      });
      served.push(outcome.result);
    }
    assert.deepEqual([...served.slice(0, 3)].sort(), ['fast', 'mid', 'slow']);
    assert.ok(
      served.slice(3).every((id) => id === 'fast'),
      served.join(),
    );
    assert.equal(h.router.snapshot().find((s) => s.id === 'fast')!.ewmaMs, 20);
  });

  it('cost strategy prefers the cheapest, using config prices over priceOf', async () => {
    const { router } = harness(
      {
        demo: {
          routing: 'cost',
          deployments: [
            { id: 'unknown', provider: 'p', model: 'mystery' },
            { id: 'table', provider: 'p', model: 'priced' },
            {
              id: 'override',
              provider: 'p',
              model: 'priced',
              price: { inputPerMTok: 0.1, outputPerMTok: 0.2 },
            },
          ],
        },
      },
      { priceOf: (d) => (d.model === 'priced' ? { input: 1e-6, output: 2e-6 } : undefined) },
    );
    const outcome = await router.execute({ model: 'demo' }, ok);
    assert.equal(outcome.result, 'override');
    assert.deepEqual(outcome.target.price, { input: 0.1 / 1e6, output: 0.2 / 1e6 });
    const second = await router.execute({ model: 'demo' }, async (t) => {
      if (t.deploymentId === 'override') throw upstreamError('upstream_connection');
      return t.deploymentId;
    });
    assert.equal(second.result, 'table');
  });

  it('prefix-affinity keeps a key on one deployment and spreads keys', async () => {
    const { router } = harness({
      demo: {
        routing: 'prefix-affinity',
        deployments: ['r0', 'r1', 'r2', 'r3'].map((id) => ({ id, provider: 'vllm', model: 'llama' })),
      },
    });
    const owners = new Set<string>();
    for (let k = 0; k < 40; k++) {
      const key = `prefix-${k}`;
      const first = (await router.execute({ model: 'demo', affinityKey: key }, ok)).result;
      for (let i = 0; i < 3; i++) {
        assert.equal((await router.execute({ model: 'demo', affinityKey: key }, ok)).result, first);
      }
      owners.add(first);
    }
    assert.equal(owners.size, 4);
  });

  it('never routes outside the allowed regions', async () => {
    const { router } = harness({
      demo: {
        deployments: [
          { id: 'us', provider: 'p', model: 'm', region: 'us-east', weight: 100 },
          { id: 'eu', provider: 'p', model: 'm', region: 'eu-west' },
          { id: 'anywhere', provider: 'p', model: 'm' },
        ],
      },
    });
    for (let i = 0; i < 30; i++) {
      const outcome = await router.execute({ model: 'demo', allowedRegions: ['eu-west'] }, ok);
      assert.equal(outcome.result, 'eu');
    }
    const error = await router.execute({ model: 'demo', allowedRegions: ['ap-south'] }, ok).catch((e) => e);
    assert.ok(error instanceof KeelError);
    assert.equal(error.code, 'no_deployment');
    assert.match(error.message, /demo.*allowed regions \(ap-south\)/);
  });

  it('skips deployments at their rpm cap and reports when all are capped', async () => {
    const h = harness({
      demo: {
        deployments: [
          { id: 'a', provider: 'p', model: 'm', rpm: 2 },
          { id: 'b', provider: 'p', model: 'm', rpm: 1 },
        ],
      },
    });
    const served = [];
    for (let i = 0; i < 3; i++) served.push((await h.router.execute({ model: 'demo' }, ok)).result);
    assert.deepEqual(served.sort(), ['a', 'a', 'b']);
    await assert.rejects(h.router.execute({ model: 'demo' }, ok), (error: KeelError) => {
      assert.equal(error.code, 'upstream_rate_limited');
      assert.equal(error.status, 429);
      assert.ok(error.retryAfterMs! > 0 && error.retryAfterMs! <= 60_000);
      return true;
    });
    h.clock.now += 61_000;
    assert.ok((await h.router.execute({ model: 'demo' }, ok)).result);
  });

  it('skips a deployment whose tpm window is full', async () => {
    const { router } = harness({
      demo: {
        deployments: [
          { id: 'small', provider: 'p', model: 'm', tpm: 1000, weight: 1000 },
          { id: 'big', provider: 'p', model: 'm', weight: 1 },
        ],
      },
    });
    const first = await router.execute({ model: 'demo', estimatedTokens: 800 }, ok);
    assert.equal(first.result, 'small');
    const second = await router.execute({ model: 'demo', estimatedTokens: 800 }, ok);
    assert.equal(second.result, 'big');
  });

  it('holds the in-flight slot until release() with holdUntilRelease', async () => {
    const { router } = harness({ demo: { deployments: [{ id: 'a', provider: 'p', model: 'm' }] } });
    const outcome = await router.execute({ model: 'demo', holdUntilRelease: true }, ok);
    assert.equal(router.snapshot()[0]!.inFlight, 1);
    outcome.release();
    outcome.release();
    assert.equal(router.snapshot()[0]!.inFlight, 0);
    await router.execute({ model: 'demo' }, ok);
    assert.equal(router.snapshot()[0]!.inFlight, 0);
  });
});

describe('Router: update and snapshot', () => {
  it('keeps runtime state for deployments that still exist and drops the others', async () => {
    const h = harness({
      demo: {
        circuit: { failureThreshold: 1, cooldownMs: 60_000 },
        retries: { maxRetries: 1 },
        deployments: [
          { id: 'keep', provider: 'p', model: 'm', weight: 1_000_000 },
          { id: 'drop', provider: 'p', model: 'm', weight: 1 },
        ],
      },
    });
    const warm = await h.router.execute({ model: 'demo' }, async (t) => {
      h.clock.now += 40;
      return t.deploymentId;
    });
    assert.equal(warm.result, 'keep');
    // Both fail once (the retry prefers the other deployment): both circuits open.
    await assert.rejects(
      h.router.execute({ model: 'demo' }, async () => {
        throw upstreamError('upstream_error');
      }),
    );
    const before = h.router.snapshot();
    assert.deepEqual(
      before.map((s) => [s.id, s.state]),
      [
        ['keep', 'open'],
        ['drop', 'open'],
      ],
    );
    h.router.update({
      demo: modelConfig({
        deployments: [
          { id: 'keep', provider: 'p', model: 'm2', weight: 5 },
          { id: 'new', provider: 'p', model: 'm' },
        ],
      }),
    });
    const after = h.router.snapshot();
    assert.deepEqual(
      after.map((s) => [s.id, s.state]),
      [
        ['keep', 'open'],
        ['new', 'closed'],
      ],
    );
    assert.equal(after[0]!.ewmaMs, 40);
    const outcome = await h.router.execute({ model: 'demo' }, ok);
    assert.equal(outcome.result, 'new');
  });

  it('rejects duplicate deployment ids within a model', () => {
    const router = new Router();
    assert.throws(
      () =>
        router.update({
          demo: modelConfig({
            deployments: [
              { provider: 'p', model: 'm' },
              { provider: 'p', model: 'm', region: 'eu' },
            ],
          }),
        }),
      (error: KeelError) => error.code === 'config_invalid' && /p\/m/.test(error.message),
    );
  });

  it('survives a throwing onEvent hook', async () => {
    const router = new Router({
      onEvent: () => {
        throw new Error('metrics broke');
      },
    });
    router.update({ demo: modelConfig({ deployments: [{ provider: 'p', model: 'm' }] }) });
    assert.equal((await router.execute({ model: 'demo' }, async () => 'fine')).result, 'fine');
  });

  it('snapshots every deployment of every model', () => {
    const { router } = harness({
      a: { deployments: [{ provider: 'p', model: 'm', region: 'eu' }] },
      b: { deployments: [{ provider: 'p', model: 'm' }] },
    });
    assert.deepEqual(router.snapshot(), [
      {
        id: 'p/m',
        model: 'a',
        provider: 'p',
        region: 'eu',
        state: 'closed',
        inFlight: 0,
        ewmaMs: undefined,
        failures: 0,
      },
      { id: 'p/m', model: 'b', provider: 'p', state: 'closed', inFlight: 0, ewmaMs: undefined, failures: 0 },
    ]);
  });
});
