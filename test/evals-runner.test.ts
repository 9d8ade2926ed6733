/**
 * The experiment runner against a real Keel: calls go through the gateway (records, cost), results
 * are stored per item, 429s are retried (Retry-After) and slow the limiter, the cost cap refuses
 * an expensive run, and a second run of the same plan resumes instead of redoing work.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DatasetRepo } from '../src/evals/datasets/index.ts';
import { evalsModule } from '../src/evals/index.ts';
import { GatewayClient } from '../src/evals/runner/gateway-client.ts';
import { gatewayPrices, ResultsRepo, runExperiment } from '../src/evals/runner/index.ts';
import type { ExperimentPlan, ItemResult } from '../src/evals/runner/types.ts';
import { DEFAULT_RUN } from '../src/evals/runner/types.ts';
import { lastUser, scriptedConfig, startScriptedUpstream } from '../src/evals/test-support.ts';
import type { RunningKeel } from '../src/gateway/start.ts';
import type { TestUpstream } from '../src/providers/http/test-upstream.ts';
import { eventually, startTestKeel } from './harness.ts';

describe('experiment runner through the gateway', () => {
  let keel: RunningKeel;
  let upstream: TestUpstream;
  let datasets: DatasetRepo;
  let flaky = 0;

  before(async () => {
    upstream = await startScriptedUpstream((request) => {
      const text = lastUser(request);
      if (text.includes('flaky') && flaky++ < 2) return { status: 429, retryAfter: 0 };
      return `ANSWER: ${text.toUpperCase()}`;
    });
    const scripted = scriptedConfig(upstream.origin);
    keel = await startTestKeel(
      {
        providers: { ...scripted.providers, sim: { type: 'sim', sim: { latencyMs: 1 } } },
        models: { ...scripted.models, demo: { deployments: [{ provider: 'sim', model: 'sim-1' }] } },
      },
      { modules: [evalsModule()] },
    );
    datasets = new DatasetRepo(keel.store.sql);
    await datasets.create({ name: 'qa' });
    await datasets.addItems('qa', [
      { id: 'a', input: { variables: { q: 'hello' } }, expected: 'ANSWER: HELLO', provenance: 'human' },
      { id: 'b', input: { variables: { q: 'world' } }, expected: 'ANSWER: MARS', provenance: 'human' },
      {
        id: 'c',
        input: { variables: { q: 'flaky one' } },
        expected: 'ANSWER: FLAKY ONE',
        provenance: 'human',
      },
    ]);
  });
  after(async () => {
    await keel.close();
    await upstream.close();
  });

  const plan = (over: Partial<ExperimentPlan> = {}): ExperimentPlan => ({
    name: 'qa-eval',
    dataset: { id: '', name: 'qa', version: 1 },
    targets: [
      {
        kind: 'model',
        key: 'scripted',
        model: 'scripted',
        templates: [{ role: 'user', content: '{{q}}' }],
        params: {},
      },
    ],
    scorers: [{ type: 'equals' }],
    run: { ...DEFAULT_RUN, concurrency: 2, retries: 3 },
    source: 'test',
    config: {},
    ...over,
  });

  it('runs every item once, records results, retries 429s and tracks cost', async () => {
    const ds = await datasets.require('qa');
    const client = new GatewayClient({ baseUrl: keel.url, connections: 2 });
    const outcome = await runExperiment({
      sql: keel.store.sql,
      plan: plan({ dataset: { id: ds.id, name: 'qa', version: ds.latestVersion } }),
      baseUrl: keel.url,
      price: gatewayPrices(client),
    });
    await client.close();
    const e = outcome.experiment;
    assert.equal(e.status, 'completed', e.error ?? '');
    assert.equal(e.total, 3);
    const summary = e.summary!;
    assert.equal(summary.errors, 0);
    assert.equal(summary.targets[0]!.passed, 2);
    assert.equal(summary.targets[0]!.scorers.equals!.n, 3);
    const results = new ResultsRepo(keel.store.sql);
    const rows: ItemResult[] = [];
    for await (const page of results.iterate(e.id)) rows.push(...page);
    assert.deepEqual(
      rows.map((r) => r.itemId),
      ['a', 'b', 'c'],
    );
    assert.equal(rows[0]!.output, 'ANSWER: HELLO');
    assert.equal(rows[2]!.pass, true, 'the 429s were retried');
    assert.ok(rows.every((r) => r.requestId && r.costUsd > 0));
    const record = await eventually(() => keel.store.requests.get(rows[0]!.requestId!));
    assert.equal(record.feature, 'eval');
    assert.ok(record.tags.includes(`experiment:${e.id}`));
    // The version is now locked: an edit makes version 2, the experiment's version is unchanged.
    const edited = await datasets.addItems('qa', [{ id: 'd', input: { variables: { q: 'new' } } }]);
    assert.equal(edited.version, 2);
    assert.equal(edited.newVersion, true);
    assert.equal((await datasets.version(ds.id, 1)).itemCount, 3);
  });

  it('stops when actual spend passes the cap (status stopped), keeping what finished', async () => {
    const ds = await datasets.require('qa');
    const outcome = await runExperiment({
      sql: keel.store.sql,
      plan: plan({
        name: 'spend',
        dataset: { id: ds.id, name: 'qa', version: 1 },
        run: { ...DEFAULT_RUN, concurrency: 1, maxCostUsd: 3e-5 },
      }),
      baseUrl: keel.url,
    });
    const e = outcome.experiment;
    assert.equal(e.status, 'stopped');
    assert.match(e.error ?? '', /passed the cap/);
    assert.equal(e.summary!.done, 2, 'each call costs 2e-5: the second passes the cap');
  });

  it('refuses to start when the estimate exceeds --max-cost', async () => {
    const ds = await datasets.require('qa');
    const client = new GatewayClient({ baseUrl: keel.url, connections: 2 });
    await assert.rejects(
      runExperiment({
        sql: keel.store.sql,
        plan: plan({
          name: 'capped',
          dataset: { id: ds.id, name: 'qa', version: 1 },
          run: { ...DEFAULT_RUN, maxCostUsd: 1e-9 },
        }),
        baseUrl: keel.url,
        price: gatewayPrices(client),
      }),
      /exceeds the cap/,
    );
    await client.close();
  });
});
