import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { describe, it } from 'node:test';
import type { KeelError } from '../errors/index.ts';
import { Router } from './router.ts';
import { hang, harness, type ModelInput, modelConfig, upstreamError } from './testing.ts';

function model(extra: Partial<ModelInput> = {}): Record<string, ModelInput> {
  return {
    demo: {
      deployments: [
        { id: 'a', provider: 'p', model: 'm' },
        { id: 'b', provider: 'p', model: 'm' },
      ],
      retries: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 1 },
      ...extra,
    },
  };
}

function listeners(signal: AbortSignal): number {
  return getEventListeners(signal, 'abort').length;
}

describe('Router: timeouts', () => {
  it('aborts a slow attempt with upstream_timeout and retries', async () => {
    const h = harness(model({ timeouts: { attemptMs: 20, totalMs: 60_000 } }));
    let reason: unknown;
    let calls = 0;
    const outcome = await h.router.execute({ model: 'demo' }, async (_t, signal) => {
      if (++calls === 1) {
        try {
          return await hang(signal);
        } catch (error) {
          reason = signal.reason;
          throw error;
        }
      }
      return 'second';
    });
    assert.equal(outcome.result, 'second');
    assert.equal((reason as KeelError).code, 'upstream_timeout');
    assert.equal(outcome.attemptLog[0]!.error, 'upstream_timeout');
  });

  it('enforces the attempt timeout even when the attempt ignores its signal', async () => {
    const h = harness(model({ timeouts: { attemptMs: 20, totalMs: 60_000 }, retries: { maxRetries: 0 } }));
    await assert.rejects(
      h.router.execute({ model: 'demo' }, () => new Promise<never>(() => {})),
      { code: 'upstream_timeout' },
    );
  });

  it('stops everything at the total timeout, with no retries or fallbacks', async () => {
    const h = harness({
      ...model({ timeouts: { attemptMs: 60_000, totalMs: 30 }, fallbacks: ['other'] }),
      other: { deployments: [{ provider: 'p', model: 'o' }] },
    });
    let calls = 0;
    const error: KeelError = await h.router
      .execute({ model: 'demo' }, (_t, signal) => {
        calls++;
        return hang(signal);
      })
      .catch((e) => e);
    assert.equal(error.code, 'upstream_timeout');
    assert.match(error.message, /30 ms/);
    assert.equal(calls, 1);
    assert.equal(
      h.router.snapshot()[0]!.failures + h.router.snapshot()[1]!.failures,
      0,
      'deadline is not a health failure',
    );
  });

  it('does not sleep past the total deadline', async () => {
    const h = harness({
      demo: {
        deployments: [{ provider: 'p', model: 'm' }],
        retries: { maxRetries: 5, maxRetryAfterMs: 60_000 },
        timeouts: { attemptMs: 1000, totalMs: 5000 },
      },
    });
    await assert.rejects(
      h.router.execute({ model: 'demo' }, async () => {
        h.clock.now += 1000;
        throw upstreamError('upstream_rate_limited', { retryAfterMs: 10_000 });
      }),
      (error: KeelError) => error.code === 'upstream_timeout' && error.retryable === false,
    );
    assert.deepEqual(h.sleeps, []);
  });
});

describe('Router: client abort and signals', () => {
  it('stops retries when the client aborts during an attempt', async () => {
    const h = harness(model());
    const client = new AbortController();
    let calls = 0;
    const pending = h.router.execute({ model: 'demo', signal: client.signal }, (_t, signal) => {
      calls++;
      return hang(signal);
    });
    client.abort();
    await assert.rejects(pending, (error: KeelError) => error.status === 499 && error.retryable === false);
    assert.equal(calls, 1);
    assert.equal(listeners(client.signal), 0);
  });

  it('stops during a backoff sleep', async () => {
    const client = new AbortController();
    const router = new Router({ random: () => 0.99 });
    router.update({
      demo: modelConfig(model({ retries: { maxRetries: 3, baseDelayMs: 60_000, maxDelayMs: 60_000 } }).demo!),
    });
    let calls = 0;
    const pending = router.execute({ model: 'demo', signal: client.signal }, async () => {
      calls++;
      setImmediate(() => client.abort());
      throw upstreamError('upstream_error');
    });
    await assert.rejects(pending, { status: 499 });
    assert.equal(calls, 1);
    assert.equal(listeners(client.signal), 0);
  });

  it('makes no further attempt when the client left during a sleep that ignored its signal', async () => {
    const client = new AbortController();
    const router = new Router({
      // Full jitter: Math.random() < 0.1 would make the 10 ms backoff 0, and a zero delay skips
      // the sleep altogether (the test's whole point), so the retry would go ahead: 1 run in 10
      // failed on CI. A fixed draw keeps the backoff positive.
      random: () => 0.99,
      sleep: async () => {
        client.abort();
      },
    });
    router.update({
      demo: modelConfig(model({ retries: { maxRetries: 3, baseDelayMs: 10, maxDelayMs: 10 } }).demo!),
    });
    let calls = 0;
    await assert.rejects(
      router.execute({ model: 'demo', signal: client.signal }, async () => {
        calls++;
        throw upstreamError('upstream_error');
      }),
      { status: 499 },
    );
    assert.equal(calls, 1);
  });

  it('refuses to start for an already aborted client', async () => {
    const h = harness(model());
    let called = false;
    await assert.rejects(
      h.router.execute({ model: 'demo', signal: AbortSignal.abort() }, async () => {
        called = true;
      }),
      { status: 499 },
    );
    assert.equal(called, false);
  });

  it('leaves no listeners after failures and retries', async () => {
    const h = harness(model({ timeouts: { attemptMs: 10, totalMs: 60_000 } }));
    const client = new AbortController();
    let calls = 0;
    await assert.rejects(
      h.router.execute({ model: 'demo', signal: client.signal }, async (_t, signal) => {
        if (++calls === 2) return hang(signal);
        throw upstreamError('upstream_error');
      }),
    );
    assert.equal(calls, 3);
    assert.equal(listeners(client.signal), 0);
  });

  it('keeps the attempt signal linked to the client after success until release()', async () => {
    const h = harness(model({ timeouts: { attemptMs: 15, totalMs: 20 } }));
    const client = new AbortController();
    let attemptSignal: AbortSignal | undefined;
    const outcome = await h.router.execute({ model: 'demo', signal: client.signal }, async (_t, signal) => {
      attemptSignal = signal;
      return 'stream';
    });
    assert.equal(listeners(client.signal), 1);
    assert.equal(listeners(attemptSignal!), 0);
    // The timers were cleared: well past both timeouts the stream is still alive.
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.equal(attemptSignal!.aborted, false);
    client.abort();
    assert.equal(attemptSignal!.aborted, true);
    assert.equal((attemptSignal!.reason as KeelError).status, 499);
    assert.equal(listeners(client.signal), 0);
    outcome.release();
  });

  it('release() unlinks the attempt signal from the client', async () => {
    const h = harness(model());
    const client = new AbortController();
    let attemptSignal: AbortSignal | undefined;
    const outcome = await h.router.execute({ model: 'demo', signal: client.signal }, async (_t, signal) => {
      attemptSignal = signal;
      return 1;
    });
    outcome.release();
    assert.equal(listeners(client.signal), 0);
    client.abort();
    assert.equal(attemptSignal!.aborted, false);
  });

  it('leaves no listeners across many requests on one long-lived signal', async () => {
    const h = harness(model());
    const shared = new AbortController();
    for (let i = 0; i < 100; i++) {
      const outcome = await h.router.execute({ model: 'demo', signal: shared.signal }, async () => i);
      outcome.release();
      await assert.rejects(
        h.router.execute({ model: 'demo', signal: shared.signal }, async () => {
          throw upstreamError('invalid_request');
        }),
      );
    }
    assert.equal(listeners(shared.signal), 0);
  });

  it('counts no health failure for client aborts', async () => {
    const h = harness(model({ circuit: { failureThreshold: 1, cooldownMs: 1000 } }));
    for (let i = 0; i < 3; i++) {
      const client = new AbortController();
      const pending = h.router.execute({ model: 'demo', signal: client.signal }, (_t, s) => hang(s));
      client.abort();
      await assert.rejects(pending);
    }
    assert.ok(h.router.snapshot().every((s) => s.state === 'closed' && s.inFlight === 0));
  });
});
