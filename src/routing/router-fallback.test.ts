import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FallbackCondition } from '../config/schema.ts';
import type { KeelError } from '../errors/index.ts';
import { attemptLogOf } from './execution.ts';
import { harness, type ModelInput, upstreamError } from './testing.ts';

function chain(
  fallbackOn: FallbackCondition[] | undefined,
  extra: Record<string, ModelInput> = {},
): Record<string, ModelInput> {
  const primary: ModelInput = {
    deployments: [{ id: 'small', provider: 'p', model: 'small' }],
    fallbacks: ['big', 'huge'],
    retries: { maxRetries: 1 },
  };
  if (fallbackOn) primary.fallbackOn = fallbackOn;
  return {
    demo: primary,
    big: {
      deployments: [{ id: 'big', provider: 'p', model: 'big' }],
      retries: { maxRetries: 0 },
      fallbacks: ['other'],
    },
    huge: { deployments: [{ id: 'huge', provider: 'p', model: 'huge' }] },
    other: { deployments: [{ id: 'other', provider: 'p', model: 'other' }] },
    ...extra,
  };
}

describe('Router: fallbacks', () => {
  it('tries fallbacks in order after the model is exhausted', async () => {
    const h = harness(chain(undefined));
    const tried: string[] = [];
    const outcome = await h.router.execute({ model: 'demo' }, async (t) => {
      tried.push(t.deploymentId);
      if (t.deploymentId !== 'huge') throw upstreamError('upstream_error', { upstreamStatus: 503 });
      return 'answer';
    });
    assert.deepEqual(tried, ['small', 'small', 'big', 'huge']);
    assert.equal(outcome.fallbackUsed, true);
    assert.equal(outcome.target.model, 'huge');
    assert.equal(outcome.attempts, 4);
    assert.deepEqual(
      h.events.filter((e) => e.type === 'fallback'),
      [
        { type: 'fallback', from: 'demo', to: 'big', error: 'upstream_error' },
        { type: 'fallback', from: 'big', to: 'huge', error: 'upstream_error' },
      ],
    );
  });

  it('falls back on context_window when configured, without retrying the small model', async () => {
    const h = harness(chain(['context_window']));
    const tried: string[] = [];
    const outcome = await h.router.execute({ model: 'demo' }, async (t) => {
      tried.push(t.deploymentId);
      if (t.deploymentId === 'small') throw upstreamError('context_window_exceeded', { upstreamStatus: 400 });
      return t.deploymentId;
    });
    assert.deepEqual(tried, ['small', 'big']);
    assert.equal(outcome.result, 'big');
  });

  it('does not fall back on context_window unless configured', async () => {
    const h = harness(chain(undefined));
    await assert.rejects(
      h.router.execute({ model: 'demo' }, async () => {
        throw upstreamError('context_window_exceeded');
      }),
      { code: 'context_window_exceeded' },
    );
  });

  it('never falls back on invalid_request', async () => {
    const h = harness(chain(['context_window', 'server_error', 'rate_limit', 'content_filter']));
    const tried: string[] = [];
    await assert.rejects(
      h.router.execute({ model: 'demo' }, async (t) => {
        tried.push(t.deploymentId);
        throw upstreamError('invalid_request', { upstreamStatus: 400 });
      }),
      { code: 'invalid_request' },
    );
    assert.deepEqual(tried, ['small']);
  });

  it('ends the request when the error is not in fallbackOn', async () => {
    const h = harness(chain(['rate_limit']));
    const tried: string[] = [];
    await assert.rejects(
      h.router.execute({ model: 'demo' }, async (t) => {
        tried.push(t.deploymentId);
        throw upstreamError('upstream_timeout');
      }),
      { code: 'upstream_timeout' },
    );
    assert.deepEqual(tried, ['small', 'small']);
  });

  it('falls back on a rate limit and on a content filter when configured', async () => {
    for (const [condition, code] of [
      ['rate_limit', 'upstream_rate_limited'],
      ['content_filter', 'content_filter'],
    ] as const) {
      const h = harness(chain([condition]));
      const outcome = await h.router.execute({ model: 'demo' }, async (t) => {
        if (t.model === 'demo') throw upstreamError(code);
        return t.model;
      });
      assert.equal(outcome.result, 'big', condition);
    }
  });

  it('does not follow fallbacks of fallbacks and throws the last attempt error', async () => {
    const h = harness(chain(undefined));
    const tried: string[] = [];
    const error: KeelError = await h.router
      .execute({ model: 'demo' }, async (t) => {
        tried.push(t.deploymentId);
        throw upstreamError('upstream_error', { upstreamStatus: t.deploymentId === 'huge' ? 599 : 500 });
      })
      .catch((e) => e);
    assert.ok(!tried.includes('other'));
    assert.equal(error.upstreamStatus, 599);
    assert.deepEqual(
      attemptLogOf(error)!.map((a) => a.model),
      ['demo', 'demo', 'big', 'huge', 'huge', 'huge'],
    );
  });

  it('skips unknown and self-referencing fallbacks', async () => {
    const h = harness({
      demo: { deployments: [{ provider: 'p', model: 'a' }], fallbacks: ['demo', 'missing', 'b', 'b'] },
      b: { deployments: [{ provider: 'p', model: 'b' }], retries: { maxRetries: 0 } },
    });
    const tried: string[] = [];
    await assert.rejects(
      h.router.execute({ model: 'demo' }, async (t) => {
        tried.push(t.model);
        throw upstreamError('upstream_connection');
      }),
    );
    assert.deepEqual(tried, ['demo', 'demo', 'demo', 'b']);
  });

  it('moves on when the model has no deployment in the allowed regions', async () => {
    const h = harness({
      demo: { deployments: [{ provider: 'p', model: 'a', region: 'us' }], fallbacks: ['eu-model'] },
      'eu-model': { deployments: [{ provider: 'p', model: 'b', region: 'eu' }] },
    });
    const outcome = await h.router.execute({ model: 'demo', allowedRegions: ['eu'] }, async (t) => t.region);
    assert.equal(outcome.result, 'eu');
    assert.equal(outcome.fallbackUsed, true);
  });

  it('skips fallbacks outside allowedModels; with none left, the original error stands', async () => {
    const h = harness(chain(undefined));
    const tried: string[] = [];
    const outcome = await h.router.execute({ model: 'demo', allowedModels: ['demo', 'huge'] }, async (t) => {
      tried.push(t.model);
      if (t.model === 'demo') throw upstreamError('upstream_error', { upstreamStatus: 503 });
      return t.model;
    });
    assert.deepEqual(tried, ['demo', 'demo', 'huge']);
    assert.equal(outcome.target.model, 'huge');
    await assert.rejects(
      h.router.execute({ model: 'demo', allowedModels: ['demo'] }, async (t) => {
        if (t.model === 'demo') throw upstreamError('upstream_error', { upstreamStatus: 503 });
        return t.model;
      }),
      { code: 'upstream_error' },
    );
  });

  it('throws no_deployment when nothing in the chain is allowed', async () => {
    const h = harness({
      demo: { deployments: [{ provider: 'p', model: 'a', region: 'us' }], fallbacks: ['b'] },
      b: { deployments: [{ provider: 'p', model: 'b', region: 'us' }] },
    });
    await assert.rejects(
      h.router.execute({ model: 'demo', allowedRegions: [] }, async () => 1),
      {
        code: 'no_deployment',
      },
    );
  });
});
