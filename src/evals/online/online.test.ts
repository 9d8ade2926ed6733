import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChatCompletion, ChatCompletionChunk, RequestContext, RequestRecord } from '../../spec/index.ts';
import { onlineRuleSchema } from '../config.ts';
import { onlineCaptureHook } from './capture-hook.ts';
import { SampleQueue } from './queue.ts';
import { sampleRules } from './sampler.ts';

const rule = (o: Record<string, unknown>) =>
  onlineRuleSchema.parse({ name: 'r', sample: 1, scorers: [{ type: 'equals' }], ...o });

function ctx(
  o: {
    model?: string;
    headers?: Record<string, string>;
    messages?: { role: 'user'; content: string }[];
  } = {},
): RequestContext {
  return {
    id: 'req-1',
    endpoint: 'chat',
    headers: o.headers ?? {},
    signal: new AbortController().signal,
    request: { model: o.model ?? 'm', messages: o.messages ?? [{ role: 'user', content: 'hi' }] },
    principal: null,
    metadata: {},
    caller: { user: null, session: null, feature: null, tags: [] },
    state: new Map(),
  };
}

const record = (over: Partial<RequestRecord> = {}) =>
  ({
    id: 'req-1',
    status: 200,
    errorCode: null,
    model: 'm',
    latencyMs: 5,
    costUsd: 0.1,
    endedAt: 9,
  }) as RequestRecord & typeof over;

describe('sampling', () => {
  it('filters by model, feature and tags; samples each rule at its rate', () => {
    const rules = [
      rule({ name: 'models', filter: { model: ['a', 'b'] } }),
      rule({ name: 'feature', filter: { feature: 'support', tags: ['prod'] } }),
      rule({ name: 'half', sample: 0.5 }),
    ];
    const names = (facts: { model: string; feature: string | null; tags: string[] }, r: number) =>
      sampleRules(rules, facts, () => r).map((x) => x.name);
    assert.deepEqual(names({ model: 'a', feature: null, tags: [] }, 0.9), ['models']);
    assert.deepEqual(names({ model: 'c', feature: 'support', tags: ['prod', 'x'] }, 0.4), [
      'feature',
      'half',
    ]);
    assert.deepEqual(names({ model: 'c', feature: 'support', tags: [] }, 0.9), []);
  });

  it('the queue is bounded: when full, new samples are dropped and counted', () => {
    const q = new SampleQueue(2);
    const s = {
      requestId: 'x',
      rules: [],
      messages: [],
      output: '',
      model: 'm',
      feature: null,
      latencyMs: 0,
      costUsd: 0,
      at: 0,
    };
    assert.equal(q.push(s), true);
    assert.equal(q.push(s), true);
    assert.equal(q.push(s), false);
    assert.deepEqual([q.size, q.dropped], [2, 1]);
    q.shift();
    assert.equal(q.size, 1);
  });
});

describe('capture hook', () => {
  const make = (rules = [rule({})], queue = new SampleQueue(10)) => ({
    queue,
    hook: onlineCaptureHook({ rules: () => rules, queue, maxChars: () => 1000 }),
  });

  it('captures a non-streamed answer for sampled requests only, off afterRecord', () => {
    const { hook, queue } = make();
    const c = ctx();
    hook.beforeRequest!(c);
    (c.request.messages as unknown[]).push({ role: 'user', content: 'later change' });
    const body = {
      choices: [{ index: 0, message: { role: 'assistant', content: 'hello!' }, finish_reason: 'stop' }],
    } as unknown as ChatCompletion;
    assert.equal(hook.afterResponse!(c, body), undefined, 'the answer is not replaced');
    hook.afterRecord!(c, record());
    const sample = queue.shift()!;
    assert.equal(sample.output, 'hello!');
    assert.deepEqual(sample.messages, [{ role: 'user', content: 'hi' }], 'input copied when sampled');
    const internal = ctx({ headers: { 'x-keel-internal': 'online-eval' } });
    hook.beforeRequest!(internal);
    assert.equal(internal.state.size, 0);
  });

  it('accumulates streamed deltas and returns every chunk unchanged; failed requests are not queued', () => {
    const { hook, queue } = make();
    const c = ctx();
    hook.beforeRequest!(c);
    const filter = hook.streamFilter!(c)!;
    const chunk = (content: string) =>
      JSON.stringify({ choices: [{ index: 0, delta: { content }, finish_reason: null }] });
    for (const part of ['Hel', 'lo']) {
      const data = chunk(part);
      assert.deepEqual(
        filter.chunk(data, () => JSON.parse(data) as ChatCompletionChunk),
        [data],
      );
    }
    assert.deepEqual(
      filter.chunk('[DONE]', () => JSON.parse('[DONE]')),
      ['[DONE]'],
    );
    assert.deepEqual(filter.flush(), []);
    hook.afterRecord!(c, record({ status: 200 }));
    assert.equal(queue.shift()!.output, 'Hello');
    const broken = ctx();
    hook.beforeRequest!(broken);
    hook.afterRecord!(broken, { ...record(), errorCode: 'upstream_stream_broken' } as RequestRecord);
    assert.equal(queue.size, 0);
  });

  it('skips unsampled requests entirely', () => {
    const { hook } = make([rule({ filter: { model: 'other' } })]);
    const c = ctx({ messages: [{ role: 'user', content: 'real' }] });
    hook.beforeRequest!(c);
    assert.equal(c.state.size, 0);
    assert.equal(hook.streamFilter!(c), undefined);
    assert.deepEqual(c.request.messages, [{ role: 'user', content: 'real' }]);
  });
});

describe('online rules in config', () => {
  it('a bad scorer or a judge-less model-graded scorer is a config error naming the rule', async () => {
    const { validateRules } = await import('../module.ts');
    assert.throws(
      () => validateRules([rule({ name: 'x', scorers: [{ type: 'regex', value: '(' }] })], undefined),
      /evals\.online\.x\.scorers/,
    );
    assert.throws(
      () => validateRules([rule({ name: 'y', scorers: [{ type: 'llm-rubric', rubric: 'r' }] })], undefined),
      /'llm-rubric' needs a judge/,
    );
    assert.doesNotThrow(() =>
      validateRules([rule({ scorers: [{ type: 'llm-rubric', rubric: 'r' }] })], 'judge'),
    );
    assert.doesNotThrow(() =>
      validateRules([rule({ judge: 'j', scorers: [{ type: 'llm-rubric', rubric: 'r' }] })], undefined),
    );
  });
});
