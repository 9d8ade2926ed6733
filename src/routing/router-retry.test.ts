import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KeelError } from '../errors/index.ts';
import { attemptLogOf } from './execution.ts';
import { harness, type ModelInput, upstreamError } from './testing.ts';
import type { RouteTarget } from './types.ts';

function single(extra: Partial<ModelInput> = {}): Record<string, ModelInput> {
  return { demo: { deployments: [{ id: 'only', provider: 'p', model: 'm' }], ...extra } };
}

function pair(extra: Partial<ModelInput> = {}): Record<string, ModelInput> {
  return {
    demo: {
      deployments: [
        { id: 'a', provider: 'p', model: 'm' },
        { id: 'b', provider: 'p', model: 'm' },
      ],
      circuit: { failureThreshold: 100, cooldownMs: 1000 },
      ...extra,
    },
  };
}

describe('Router: retries', () => {
  it('makes 1 + maxRetries attempts and throws the last error', async () => {
    const h = harness(
      single({ retries: { maxRetries: 3 }, circuit: { failureThreshold: 100, cooldownMs: 1 } }),
    );
    let calls = 0;
    const error: KeelError = await h.router
      .execute({ model: 'demo' }, async () => {
        calls++;
        throw upstreamError('upstream_error', { upstreamStatus: 500 + calls });
      })
      .catch((e) => e);
    assert.equal(calls, 4);
    assert.equal(error.code, 'upstream_error');
    assert.equal(error.upstreamStatus, 504);
    assert.equal(h.sleeps.length, 3);
    assert.deepEqual(
      attemptLogOf(error)!.map((a) => [a.deploymentId, a.error, a.status]),
      [
        ['only', 'upstream_error', 501],
        ['only', 'upstream_error', 502],
        ['only', 'upstream_error', 503],
        ['only', 'upstream_error', 504],
      ],
    );
  });

  it('succeeds on a retry and counts the attempts', async () => {
    const h = harness(single());
    let calls = 0;
    const outcome = await h.router.execute({ model: 'demo' }, async () => {
      if (++calls < 3) throw upstreamError('upstream_connection');
      return 'ok';
    });
    assert.equal(outcome.result, 'ok');
    assert.equal(outcome.attempts, 3);
    assert.deepEqual(
      outcome.attemptLog.map((a) => a.error),
      ['upstream_connection', 'upstream_connection', undefined],
    );
    assert.deepEqual(
      h.events.filter((e) => e.type === 'retry').map((e) => e.type === 'retry' && e.error),
      ['upstream_connection', 'upstream_connection'],
    );
  });

  it('backs off with full jitter within min(max, base · 2^n)', async () => {
    const retries = { maxRetries: 6, baseDelayMs: 100, maxDelayMs: 1000 };
    const bounds = [100, 200, 400, 800, 1000, 1000];
    const all: number[][] = [];
    for (let seed = 1; seed <= 40; seed++) {
      const h = harness(single({ retries, circuit: { failureThreshold: 100, cooldownMs: 1 } }), { seed });
      await assert.rejects(
        h.router.execute({ model: 'demo' }, async () => {
          throw upstreamError('upstream_error');
        }),
      );
      const delays = h.events.flatMap((e) => (e.type === 'retry' ? [e.delayMs] : []));
      assert.equal(delays.length, 6);
      for (const [n, ms] of delays.entries()) assert.ok(ms >= 0 && ms < bounds[n]!, `retry ${n}: ${ms}`);
      assert.deepEqual(
        h.sleeps,
        delays.filter((ms) => ms > 0),
      );
      all.push(delays);
    }
    // Jittered, not constant: the last retries spread over most of their range.
    const last = all.map((s) => s[5]!);
    assert.ok(Math.max(...last) - Math.min(...last) > 500, last.join());
  });

  it('retries on a different deployment than the one that just failed', async () => {
    for (let seed = 1; seed <= 20; seed++) {
      const h = harness(pair(), { seed });
      const tried: string[] = [];
      const outcome = await h.router.execute({ model: 'demo' }, async (t: RouteTarget) => {
        tried.push(t.deploymentId);
        if (tried.length === 1) throw upstreamError('upstream_error');
        return t.deploymentId;
      });
      assert.equal(tried.length, 2);
      assert.notEqual(tried[0], tried[1]);
      assert.equal(outcome.result, tried[1]);
    }
  });

  it('waits Retry-After on the same deployment when it is the only one', async () => {
    const h = harness(single({ retries: { maxRetries: 2, maxRetryAfterMs: 5000 } }));
    let calls = 0;
    const outcome = await h.router.execute({ model: 'demo' }, async () => {
      if (++calls === 1)
        throw upstreamError('upstream_rate_limited', { retryAfterMs: 3000, upstreamStatus: 429 });
      return 'ok';
    });
    assert.equal(outcome.result, 'ok');
    assert.deepEqual(h.sleeps, [3000]);
  });

  it('moves to another deployment at once instead of waiting Retry-After', async () => {
    const h = harness(pair());
    const tried: string[] = [];
    await h.router.execute({ model: 'demo' }, async (t) => {
      tried.push(t.deploymentId);
      if (tried.length === 1) throw upstreamError('upstream_rate_limited', { retryAfterMs: 3000 });
      return 'ok';
    });
    assert.notEqual(tried[0], tried[1]);
    assert.deepEqual(h.sleeps, []);
  });

  it('gives up on the model when Retry-After exceeds maxRetryAfterMs and nothing else is left', async () => {
    const h = harness(single({ retries: { maxRetries: 3, maxRetryAfterMs: 1000 } }));
    let calls = 0;
    await assert.rejects(
      h.router.execute({ model: 'demo' }, async () => {
        calls++;
        throw upstreamError('upstream_rate_limited', { retryAfterMs: 30_000 });
      }),
      { code: 'upstream_rate_limited' },
    );
    assert.equal(calls, 1);
    assert.deepEqual(h.sleeps, []);
  });

  for (const code of ['invalid_request', 'context_window_exceeded', 'content_filter'] as const) {
    it(`stops at once on non-retryable ${code}`, async () => {
      const h = harness(pair({ retries: { maxRetries: 5 } }));
      let calls = 0;
      await assert.rejects(
        h.router.execute({ model: 'demo' }, async () => {
          calls++;
          throw upstreamError(code, { upstreamStatus: 400 });
        }),
        { code },
      );
      assert.equal(calls, 1);
      assert.deepEqual(h.sleeps, []);
    });
  }

  it('honours an upstream 4xx marked non-retryable even with a retryable code', async () => {
    const h = harness(single());
    let calls = 0;
    await assert.rejects(
      h.router.execute({ model: 'demo' }, async () => {
        calls++;
        throw upstreamError('upstream_error', { retryable: false, upstreamStatus: 422 });
      }),
    );
    assert.equal(calls, 1);
  });

  it('treats non-Keel exceptions as non-retryable internal errors', async () => {
    const h = harness(single());
    let calls = 0;
    await assert.rejects(
      h.router.execute({ model: 'demo' }, async () => {
        calls++;
        throw new TypeError('adapter bug with sk-secret');
      }),
      (error: KeelError) => error.code === 'internal_error' && !error.message.includes('sk-secret'),
    );
    assert.equal(calls, 1);
  });
});
