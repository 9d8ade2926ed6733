import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KeelError } from '../../errors/index.ts';
import { backoffMs } from './call.ts';
import { retryAfterMs } from './gateway-client.ts';
import { holderIsGone, newHolder } from './lease.ts';
import { AdaptiveLimiter } from './limiter.ts';
import { parsePromptRef } from './request-body.ts';
import { ItemScoring } from './scoring.ts';
import { planHash } from './start.ts';
import { percentileOf } from './summarize.ts';
import { renderMessages, renderTemplate, templateVariables } from './template.ts';
import { DEFAULT_RUN, type ExperimentPlan } from './types.ts';

describe('templates', () => {
  it('fills {{ var }} and dotted paths, JSON for non-strings, and keeps \\{{ literal', () => {
    assert.equal(
      renderTemplate('Hi {{ name }}, {{user.age}} {{list}} \\{{x}}', {
        name: 'Ada',
        user: { age: 36 },
        list: [1, 2],
      }),
      'Hi Ada, 36 [1,2] {{x}}',
    );
    assert.deepEqual(templateVariables('{{a}} {{ b.c }} {{a}}'), ['a', 'b']);
    assert.deepEqual(renderMessages([{ role: 'system', content: 'Be {{tone}}' }], { tone: 'brief' }), [
      { role: 'system', content: 'Be brief' },
    ]);
  });
  it('a missing variable is an error naming it, never an empty string', () => {
    assert.throws(() => renderTemplate('{{missing}}', {}), /Template variable 'missing' is not set/);
    assert.throws(() => renderTemplate('{{a.b}}', { a: 'str' }), /'a.b'/);
  });
});

describe('limiter', () => {
  it('bounds concurrency, halves on 429 (once per cool-down) and grows back by one per window', async () => {
    let now = 0;
    const limiter = new AdaptiveLimiter(8, { now: () => now, cooldownMs: 1000 });
    for (let i = 0; i < 8; i++) await limiter.acquire();
    let ninth = false;
    const waiting = limiter.acquire().then(() => {
      ninth = true;
    });
    await new Promise((r) => setImmediate(r));
    assert.equal(ninth, false, 'the ninth waits');
    limiter.release();
    await waiting;
    assert.equal(limiter.active, 8);
    limiter.onRateLimited();
    limiter.onRateLimited();
    assert.equal(limiter.limit, 4, 'one cut per cool-down');
    now = 2000;
    limiter.onRateLimited();
    assert.equal(limiter.limit, 2);
    for (let i = 0; i < 2; i++) limiter.onSuccess();
    assert.equal(limiter.limit, 3);
    for (let i = 0; i < 100; i++) limiter.onSuccess();
    assert.equal(limiter.limit, 8, 'never above max');
  });
});

describe('retries', () => {
  it('Retry-After (seconds or date) wins; otherwise exponential backoff with jitter', () => {
    assert.equal(retryAfterMs('2'), 2000);
    assert.equal(retryAfterMs('Thu, 01 Jan 1970 00:00:10 GMT', 4000), 6000);
    assert.equal(retryAfterMs('soon'), undefined);
    const withHeader = new KeelError('rate_limited', 'x', { retryAfterMs: 1500 });
    assert.equal(backoffMs(3, withHeader), 1500);
    const plain = new KeelError('upstream_error', 'x');
    assert.equal(
      backoffMs(0, plain, () => 0),
      250,
    );
    assert.equal(
      backoffMs(2, plain, () => 1),
      2000,
    );
    assert.equal(
      backoffMs(20, plain, () => 1),
      30_000,
      'capped',
    );
  });
});

describe('plans and leases', () => {
  const plan: ExperimentPlan = {
    name: 'x',
    dataset: { id: 'd', name: 'ds', version: 1 },
    targets: [{ kind: 'model', key: 'm', model: 'm', params: {} }],
    scorers: [{ type: 'equals' }],
    run: DEFAULT_RUN,
    source: 'cli',
    config: {},
  };
  it('the plan hash ignores run options (a resumed run may change concurrency) but not targets', () => {
    assert.equal(
      planHash(plan),
      planHash({ ...plan, run: { ...DEFAULT_RUN, concurrency: 99 }, source: 'api' }),
    );
    assert.notEqual(planHash(plan), planHash({ ...plan, scorers: [{ type: 'contains', value: 'a' }] }));
    assert.notEqual(planHash(plan), planHash({ ...plan, dataset: { ...plan.dataset, version: 2 } }));
  });
  it('a lease holder on this host that is no longer running is gone; a live one is not', () => {
    assert.equal(holderIsGone(newHolder()), false);
    const [host] = newHolder().split(':');
    assert.equal(holderIsGone(`${host}:999999999:abc`), true);
    assert.equal(holderIsGone('other-host:1:abc'), false, 'other hosts wait for the lease to expire');
  });
  it('prompt references', () => {
    assert.deepEqual(parsePromptRef('prompt:greet@v3'), { name: 'greet', version: 3 });
    assert.deepEqual(parsePromptRef('greet@production'), { name: 'greet', label: 'production' });
    assert.deepEqual(parsePromptRef('greet'), { name: 'greet' });
  });
  it('nearest-rank percentiles', () => {
    assert.equal(percentileOf([1, 2, 3, 4], 0.5), 2);
    assert.equal(percentileOf([1, 2, 3, 4], 0.95), 4);
    assert.equal(percentileOf([], 0.5), null);
  });
});

describe('item scoring', () => {
  const item = (assertions: { type: string; [k: string]: unknown }[] | null) => ({
    id: 'i',
    seq: 0,
    input: { variables: { q: 'x' } },
    expected: 'Paris',
    context: [],
    metadata: {},
    tags: [],
    provenance: 'human' as const,
    source: null,
    assertions,
    createdAt: 0,
  });
  it('combines the eval and item scorers: weighted mean score, pass only if all pass', async () => {
    const scoring = new ItemScoring({ scorers: [{ type: 'equals', weight: 3 }] });
    const s = await scoring.score(
      item([
        { type: 'contains', value: 'Par' },
        { type: 'contains', value: 'zzz', negate: true },
      ]),
      { output: 'Paris', latencyMs: 1, costUsd: 0 },
    );
    assert.deepEqual(Object.keys(s.scores), ['equals', 'contains', 'not-contains']);
    assert.equal(s.score, 1);
    assert.equal(s.pass, true);
    const f = await scoring.score(item([{ type: 'contains', value: 'Par' }]), {
      output: 'Lyon',
      latencyMs: 1,
      costUsd: 0,
    });
    assert.equal(f.score, 0);
    assert.equal(f.pass, false);
    const partial = await scoring.score(item([{ type: 'contains', value: 'Ly' }]), {
      output: 'Lyon',
      latencyMs: 1,
      costUsd: 0,
    });
    assert.equal(partial.score, 0.25, '(0×3 + 1×1) / 4');
  });
  it('a judge that fails marks that scorer failed with the reason, not the item as errored', async () => {
    const scoring = new ItemScoring({
      scorers: [{ type: 'llm-rubric', rubric: 'r' }],
      judge: () => ({
        complete: async () => {
          throw new KeelError('upstream_timeout', 'judge timed out');
        },
      }),
    });
    const s = await scoring.score(item(null), { output: 'x', latencyMs: 1, costUsd: 0 });
    assert.equal(s.pass, false);
    assert.match(s.scores['llm-rubric']!.reason, /scorer error: .*judge timed out/);
  });
});
