import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Store } from '../../spec/index.ts';
import { createStore } from '../../store/index.ts';
import { type Experiment, type ItemResult, ResultsRepo } from '../runner/index.ts';
import { compareExperiments, defaultPairs } from './compare.ts';
import { formatComparison } from './format.ts';

function experiment(id: string, keys: string[]): Experiment {
  return {
    id,
    name: 'x',
    datasetId: 'd',
    datasetVersion: 1,
    config: {},
    configHash: id,
    targets: keys.map((key) => ({ kind: 'model', key, model: key, params: {} })),
    status: 'completed',
    source: 'test',
    total: 0,
    costUsd: 0,
    summary: null,
    error: null,
    createdAt: 0,
    updatedAt: 0,
    finishedAt: 0,
  };
}

function result(
  e: string,
  item: string,
  seq: number,
  score: number | null,
  o: { error?: string; model?: string } = {},
): ItemResult {
  return {
    experimentId: e,
    itemId: item,
    model: o.model ?? 'm',
    seq,
    output: o.error ? null : 'out',
    error: o.error ?? null,
    latencyMs: 1,
    promptTokens: 1,
    completionTokens: 1,
    costUsd: 0,
    scores: score === null ? {} : { s: { score, pass: score >= 0.5, reason: '', weight: 1, type: 'x' } },
    score,
    pass: o.error ? false : score === null ? null : score >= 0.5,
    requestId: null,
    servedModel: null,
    fingerprint: null,
    createdAt: 0,
  };
}

describe('compareExperiments', () => {
  let store: Store;
  let repo: ResultsRepo;
  before(async () => {
    store = await createStore('sqlite::memory:');
    repo = new ResultsRepo(store.sql);
    // Hand-worked: A = [1, 1, 0.4, 0.6, 1], B = [1, 0.2, 0.9, 0.6, error]; item f only in B.
    const a = [1, 1, 0.4, 0.6, 1];
    const b = [1, 0.2, 0.9, 0.6, null];
    for (const [i, id] of ['a', 'b', 'c', 'd', 'e'].entries()) {
      await repo.write(result('A', id, i, a[i]!));
      await repo.write(result('B', id, i, b[i]!, b[i] === null ? { error: 'upstream_timeout: x' } : {}));
    }
    await repo.write(result('B', 'f', 5, 1));
  });
  after(() => store.close());

  it('classifies items and computes paired mean differences with a bootstrap CI', async () => {
    const c = await compareExperiments({
      results: repo,
      a: experiment('A', ['m']),
      b: experiment('B', ['m']),
      bootstrap: { resamples: 1000, seed: 3 },
    });
    const p = c.pairs[0]!;
    assert.deepEqual(
      [p.paired, p.regressions, p.improvements, p.unchanged, p.onlyInA, p.onlyInB],
      [5, 2, 1, 2, 0, 1],
    );
    assert.deepEqual(p.regressed.map((r) => r.itemId).sort(), ['b', 'e']);
    assert.deepEqual(
      p.improved.map((r) => r.itemId),
      ['c'],
    );
    // Scores with errors as 0: A mean 0.8, B mean (1 + 0.2 + 0.9 + 0.6 + 0) / 5 = 0.54.
    assert.ok(Math.abs(p.score!.meanA - 0.8) < 1e-12);
    assert.ok(Math.abs(p.score!.meanB - 0.54) < 1e-12);
    assert.ok(Math.abs(p.score!.diff + 0.26) < 1e-12);
    assert.ok(p.score!.ci!.lower <= p.score!.diff && p.score!.diff <= p.score!.ci!.upper);
    // Pass: A [1,1,0,1,1] → 0.8; B [1,0,1,1,0] → 0.6.
    assert.ok(Math.abs(p.passRate!.diff + 0.2) < 1e-12);
    // The per-scorer comparison only pairs items both sides scored (not the errored one).
    assert.equal(p.scorers.s!.n, 4);
    assert.match(
      formatComparison(c),
      /m: 5 paired items — 2 regressed, 1 improved, 2 unchanged \(0 only in A, 1 only in B\)/,
    );
  });

  it('pairs targets by name, or the only target of each; otherwise asks', () => {
    assert.deepEqual(defaultPairs(experiment('A', ['x', 'y']), experiment('B', ['y', 'z'])), [['y', 'y']]);
    assert.deepEqual(defaultPairs(experiment('A', ['x']), experiment('B', ['z'])), [['x', 'z']]);
    assert.throws(() => defaultPairs(experiment('A', ['x', 'w']), experiment('B', ['z', 'v'])), /--pair/);
  });
});
