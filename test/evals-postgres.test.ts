/**
 * The evals tables on the real Postgres (JSONB columns, ON CONFLICT … WHERE upserts, the
 * locked-version trigger): datasets, an experiment run and resumed through a real Keel, results
 * written exactly once, online score averages, the review queue.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import {
  DatasetRepo,
  DEFAULT_RUN,
  type ExperimentPlan,
  evalsModule,
  onlineScoreAverages,
  ResultsRepo,
  runExperiment,
  submitReview,
  upsertRubric,
  writeOnlineScores,
} from '../src/evals/index.ts';
import { createTask } from '../src/evals/review/index.ts';
import { lastUser, scriptedConfig, startScriptedUpstream } from '../src/evals/test-support.ts';
import type { RunningKeel } from '../src/gateway/start.ts';
import type { TestUpstream } from '../src/providers/http/test-upstream.ts';
import type { Store } from '../src/spec/index.ts';
import { createStore } from '../src/store/index.ts';
import { startTestKeel } from './harness.ts';
import { POSTGRES_URL, serviceSkip } from './services.ts';

const skip = await serviceSkip('postgres');

describe('evals on Postgres', { skip }, () => {
  const schema = `keel_evals_${randomBytes(4).toString('hex')}`;
  let store: Store;
  let keel: RunningKeel;
  let upstream: TestUpstream;

  before(async () => {
    store = await createStore(POSTGRES_URL, { schema });
    upstream = await startScriptedUpstream((request) => `ANSWER: ${lastUser(request)}`);
    keel = await startTestKeel(scriptedConfig(upstream.origin), { modules: [evalsModule()] });
  });
  after(async () => {
    await keel?.close();
    await upstream?.close();
    await store?.close();
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  });

  it('versions datasets with copy-on-write; the trigger guards locked versions', async () => {
    const repo = new DatasetRepo(store.sql);
    const ds = await repo.create({ name: 'pg-golden' });
    await repo.addItems('pg-golden', [
      {
        id: 'a',
        input: { variables: { q: 'one', nested: { k: [1, 2] } } },
        expected: 'ONE',
        metadata: { z: 1, a: 2 },
        provenance: 'human',
      },
      { id: 'b', input: { variables: { q: 'two' } }, provenance: 'human' },
    ]);
    await repo.lock(ds.id, 1);
    const w = await repo.addItems('pg-golden', [{ id: 'c', input: { variables: { q: 'three' } } }]);
    assert.deepEqual([w.version, w.newVersion], [2, true]);
    const a = await repo.getItem(ds.id, 2, 'a');
    assert.deepEqual(a!.input, { variables: { q: 'one', nested: { k: [1, 2] } } });
    assert.deepEqual(a!.metadata, { z: 1, a: 2 });
    // The store hides Postgres messages; P0001 is the trigger's RAISE.
    await assert.rejects(
      store.sql.execute('DELETE FROM eval_items WHERE dataset_id = ? AND version = 1', [ds.id]),
      /P0001/,
    );
    // Same content synced twice reuses the version (JSONB key order does not matter).
    const s1 = await repo.sync('pg-inline', [{ input: { variables: { b: 1, a: 2 } }, provenance: 'human' }]);
    const s2 = await repo.sync('pg-inline', [{ input: { variables: { a: 2, b: 1 } }, provenance: 'human' }]);
    assert.equal(s1.version, s2.version);
  });

  it('runs an experiment through Keel with results on Postgres; a second run resumes nothing twice', async () => {
    const repo = new DatasetRepo(store.sql);
    const ds = await repo.require('pg-golden');
    const plan: ExperimentPlan = {
      name: 'pg-run',
      dataset: { id: ds.id, name: ds.name, version: 2 },
      targets: [
        {
          kind: 'model',
          key: 'scripted',
          model: 'scripted',
          templates: [{ role: 'user', content: '{{q}}' }],
          params: {},
        },
      ],
      scorers: [{ type: 'contains', value: 'ANSWER' }],
      run: { ...DEFAULT_RUN, concurrency: 3 },
      source: 'test',
      config: {},
    };
    const first = await runExperiment({ sql: store.sql, plan, baseUrl: keel.url });
    assert.equal(first.experiment.status, 'completed');
    assert.equal(first.experiment.summary!.targets[0]!.passed, 3);
    const results = new ResultsRepo(store.sql);
    const row = await results.result(first.experiment.id, 'a', 'scripted');
    assert.equal(row!.output, 'ANSWER: one');
    assert.equal(row!.scores.contains!.pass, true);
    // A successful result is never overwritten; an errored one is replaced.
    await results.write({ ...row!, output: 'overwritten?' });
    assert.equal((await results.result(first.experiment.id, 'a', 'scripted'))!.output, 'ANSWER: one');
    await results.write({ ...row!, itemId: 'zz', output: null, error: 'upstream_timeout: x', pass: false });
    await results.write({ ...row!, itemId: 'zz', output: 'retried' });
    assert.equal((await results.result(first.experiment.id, 'zz', 'scripted'))!.output, 'retried');
  });

  it('online score averages and the review queue', async () => {
    await writeOnlineScores(store.sql, [
      { requestId: 'r1', rule: 'q', scorer: 's', score: 1, pass: true, reason: '', at: 10 },
      { requestId: 'r2', rule: 'q', scorer: 's', score: 0.5, pass: false, reason: '', at: 20 },
      { requestId: 'r3', rule: 'q', scorer: 's', score: 0, pass: false, reason: '', at: 5 },
    ]);
    assert.deepEqual(await onlineScoreAverages(store.sql, { since: 10, rule: 'q' }), [
      { rule: 'q', scorer: 's', n: 2, mean: 0.75, passRate: 0.5 },
    ]);
    await upsertRubric(
      store.sql,
      { name: 'five', text: 'quality', scale: { type: 'ordinal', min: 1, max: 5 } },
      1,
    );
    const task = await createTask(store.sql, {
      rubric: 'five',
      assignee: 'ann',
      source: {
        kind: 'request',
        requestId: 'r1',
        input: { messages: [{ role: 'user', content: 'hi' }] },
        output: 'hello',
      },
    });
    const done = await submitReview(store.sql, { id: task.id, score: 4, critique: 'good' });
    assert.deepEqual(
      [done.status, done.score, done.reviewer, done.provenance],
      ['submitted', 4, 'ann', 'production_trace'],
    );
  });
});
