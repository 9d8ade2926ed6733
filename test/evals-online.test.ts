/**
 * Online evaluation through a real Keel: the hook samples requests by rule (model filter, rate),
 * captures non-streamed and streamed answers without changing them, the background job scores
 * them (judge calls go through the gateway and are not sampled themselves), scores land in
 * eval_online_scores, averages feed alerts, and kept samples become dataset items.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  DatasetRepo,
  type EvalsInstance,
  evalsModule,
  itemsFromRequests,
  samplesContentSource,
} from '../src/evals/index.ts';
import { lastUser, scriptedConfig, startScriptedUpstream } from '../src/evals/test-support.ts';
import type { KeelModule } from '../src/gateway/module.ts';
import type { RunningKeel } from '../src/gateway/start.ts';
import type { TestUpstream } from '../src/providers/http/test-upstream.ts';
import { eventually, startTestKeel } from './harness.ts';

/** Wraps evalsModule to keep a handle on the started instance. */
function capturing(): { module: KeelModule; instance: () => EvalsInstance } {
  const inner = evalsModule();
  let started: EvalsInstance | undefined;
  return {
    module: { name: inner.name, start: async (ctx) => (started = (await inner.start(ctx)) as EvalsInstance) },
    instance: () => started!,
  };
}

describe('online evaluation', () => {
  let keel: RunningKeel;
  let upstream: TestUpstream;
  const evals = capturing();

  before(async () => {
    upstream = await startScriptedUpstream((request) =>
      request.model === 'judge-1'
        ? '{"score": 1, "reason": "polite and on topic"}'
        : `ANSWER: ${lastUser(request)}`,
    );
    const scripted = scriptedConfig(upstream.origin);
    keel = await startTestKeel(
      {
        providers: { ...scripted.providers, sim: { type: 'sim', sim: { outputTokens: 8 } } },
        models: {
          ...scripted.models,
          judge: { deployments: [{ provider: 'scripted', model: 'judge-1' }] },
          demo: { deployments: [{ provider: 'sim', model: 'sim-1' }] },
          unsampled: { deployments: [{ provider: 'sim', model: 'sim-2' }] },
        },
        evals: {
          judgeModel: 'judge',
          keepSamples: true,
          online: [
            {
              name: 'quality',
              sample: 1,
              filter: { model: ['scripted', 'demo'] },
              scorers: [
                { type: 'contains', value: 'ANSWER' },
                { type: 'llm-rubric', rubric: 'Is the answer polite?' },
              ],
            },
            { name: 'never', sample: 0, scorers: [{ type: 'is-json' }] },
          ],
        },
      },
      { modules: [evals.module] },
    );
  });
  after(async () => {
    await keel.close();
    await upstream.close();
  });

  const chat = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    fetch(`${keel.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  it('scores sampled non-streamed answers off the request path, with a gateway judge', async () => {
    const res = await chat({ model: 'scripted', messages: [{ role: 'user', content: 'hello there' }] });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { choices: { message: { content: string } }[] };
    assert.equal(body.choices[0]!.message.content, 'ANSWER: hello there', 'the answer is not changed');
    const id = res.headers.get('x-keel-request-id')!;
    await evals.instance().drainOnline();
    const rows = await eventually(async () => {
      const r = await keel.store.sql.query(
        'SELECT scorer, score, pass, rule FROM eval_online_scores WHERE request_id = ? ORDER BY scorer',
        [id],
      );
      return r.length === 2 ? r : null;
    });
    assert.deepEqual(
      rows.map((r) => [r.rule, r.scorer, Number(r.score), Number(r.pass)]),
      [
        ['quality', 'contains', 1, 1],
        ['quality', 'llm-rubric', 1, 1],
      ],
    );
    // The judge call went through the gateway (recorded) but was not sampled itself.
    const sampled = await keel.store.sql.query('SELECT DISTINCT request_id FROM eval_online_scores');
    assert.equal(sampled.length, 1);
    const judged = upstream.requests.filter((r) => JSON.parse(r.body).model === 'judge-1');
    assert.equal(judged.length, 1);
    assert.equal(judged[0]!.headers['x-keel-internal'], undefined, 'internal marker stays inside Keel');
    const averages = await evals.instance().onlineScoreAverages({ since: 0, rule: 'quality' });
    assert.deepEqual(
      averages.map((a) => [a.scorer, a.n, a.mean, a.passRate]),
      [
        ['contains', 1, 1, 1],
        ['llm-rubric', 1, 1, 1],
      ],
    );
  });

  it('captures a streamed answer from the deltas and forwards the stream unchanged', async () => {
    const res = await chat({
      model: 'demo',
      stream: true,
      messages: [{ role: 'user', content: 'stream please' }],
    });
    assert.equal(res.status, 200);
    const text = await res.text();
    const streamed = text
      .split('\n')
      .filter((l) => l.startsWith('data: ') && l !== 'data: [DONE]')
      .map(
        (l) =>
          (JSON.parse(l.slice(6)) as { choices: { delta?: { content?: string } }[] }).choices[0]?.delta
            ?.content ?? '',
      )
      .join('');
    assert.ok(streamed.length > 0);
    assert.ok(text.trimEnd().endsWith('data: [DONE]'));
    const id = res.headers.get('x-keel-request-id')!;
    await evals.instance().drainOnline();
    const sample = await eventually(
      async () =>
        (await keel.store.sql.query('SELECT output FROM eval_online_samples WHERE request_id = ?', [id]))[0],
    );
    assert.equal(sample.output, streamed);
  });

  it('does not sample requests outside the filter, at rate 0, or marked internal', async () => {
    const before = (
      await keel.store.sql.query('SELECT COUNT(DISTINCT request_id) AS n FROM eval_online_scores')
    )[0]!.n;
    await (await chat({ model: 'unsampled', messages: [{ role: 'user', content: 'x' }] })).text();
    await (
      await chat(
        { model: 'scripted', messages: [{ role: 'user', content: 'y' }] },
        { 'x-keel-internal': 'experiment' },
      )
    ).text();
    await evals.instance().drainOnline();
    await new Promise((r) => setTimeout(r, 100));
    const afterCount = (
      await keel.store.sql.query('SELECT COUNT(DISTINCT request_id) AS n FROM eval_online_scores')
    )[0]!.n;
    assert.equal(Number(afterCount), Number(before));
  });

  it('turns kept samples into dataset items (production_trace provenance), filtered by rating', async () => {
    const datasets = new DatasetRepo(keel.store.sql);
    const result = await eventually(async () => {
      const r = await itemsFromRequests({
        store: keel.store,
        datasets,
        dataset: 'from-prod',
        filter: { model: 'scripted', minRating: 0.5 },
        content: samplesContentSource(keel.store.sql),
        ratings: { ratings: async (ids) => new Map(ids.map((id) => [id, 1])) },
      });
      return r.added > 0 ? r : null;
    });
    assert.equal(result.added, 1);
    const ds = await datasets.require('from-prod');
    const [item] = await datasets.page({
      datasetId: ds.id,
      version: ds.latestVersion,
      afterSeq: -1,
      limit: 10,
    });
    assert.equal(item!.provenance, 'production_trace');
    assert.deepEqual(item!.input.messages, [{ role: 'user', content: 'hello there' }]);
    assert.equal(item!.metadata.output, 'ANSWER: hello there');
  });
});
