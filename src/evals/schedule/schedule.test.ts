import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import { POSTGRES_URL, serviceSkip } from '../../../test/services.ts';
import type { Store } from '../../spec/index.ts';
import { createStore } from '../../store/index.ts';
import { ResultsRepo } from '../runner/index.ts';
import { detectShift } from './drift.ts';
import { claimDue, completeClaim, ensureSchedule } from './lock.ts';

async function lockRace(stores: Store[]): Promise<void> {
  const [a, b] = stores as [Store, Store];
  await ensureSchedule(a.sql, { name: 'nightly', firstDue: 1000 });
  await ensureSchedule(b.sql, { name: 'nightly', firstDue: 5000 });
  assert.equal(
    await claimDue(a.sql, { name: 'nightly', holder: 'a', now: 999, leaseMs: 100 }),
    false,
    'not due yet',
  );
  const won = await Promise.all([
    claimDue(a.sql, { name: 'nightly', holder: 'a', now: 1000, leaseMs: 100 }),
    claimDue(b.sql, { name: 'nightly', holder: 'b', now: 1000, leaseMs: 100 }),
  ]);
  assert.deepEqual(won.filter(Boolean).length, 1, 'exactly one replica runs it');
  assert.equal(
    await claimDue(b.sql, { name: 'nightly', holder: 'b', now: 1050, leaseMs: 100 }),
    false,
    'held',
  );
  assert.equal(
    await claimDue(b.sql, { name: 'nightly', holder: 'b', now: 1200, leaseMs: 100 }),
    true,
    'an expired claim is taken over',
  );
  await completeClaim(b.sql, { name: 'nightly', holder: 'b', everyMs: 86_400_000, now: 1300 });
  assert.equal(
    await claimDue(a.sql, { name: 'nightly', holder: 'a', now: 2000, leaseMs: 100 }),
    false,
    'next due in a day',
  );
  assert.equal(
    await claimDue(a.sql, { name: 'nightly', holder: 'a', now: 1000 + 86_400_000, leaseMs: 100 }),
    true,
  );
}

describe('schedule lock', () => {
  it('sqlite: one winner, expiry, next due', async () => {
    const store = await createStore('sqlite::memory:');
    try {
      await lockRace([store, store]);
    } finally {
      await store.close();
    }
  });

  it('postgres: two connections race for the same due schedule', async (t) => {
    const skip = await serviceSkip('postgres');
    if (skip) return t.skip(skip);
    const schema = `keel_evals_${randomBytes(4).toString('hex')}`;
    const a = await createStore(POSTGRES_URL, { schema });
    const b = await createStore(POSTGRES_URL, { schema, migrate: false });
    try {
      await lockRace([a, b]);
    } finally {
      await a.close();
      await b.close();
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    }
  });
});

describe('shift detection', () => {
  const stores: Store[] = [];
  after(async () => {
    for (const s of stores) await s.close();
  });
  async function repoWith(runs: Record<string, number[]>): Promise<ResultsRepo> {
    const store = await createStore('sqlite::memory:');
    stores.push(store);
    const repo = new ResultsRepo(store.sql);
    for (const [id, scores] of Object.entries(runs)) {
      for (const [i, score] of scores.entries()) {
        await repo.write({
          experimentId: id,
          itemId: `i${i}`,
          model: 'm',
          seq: i,
          output: 'o',
          error: null,
          latencyMs: 1,
          promptTokens: 0,
          completionTokens: 0,
          costUsd: 0,
          scores: {},
          score,
          pass: score >= 0.5,
          requestId: null,
          servedModel: null,
          fingerprint: null,
          createdAt: 0,
        });
      }
    }
    return repo;
  }
  const prev = (ids: string[]) => ids.map((experimentId) => ({ experimentId, target: 'm' }));

  it('no reference → no verdict; unchanged scores → no shift; a consistent drop beyond minDelta → shift', async () => {
    const base = [1, 0, 1, 1, 0, 1, 0.5, 1];
    const repo = await repoWith({
      r1: base,
      r2: base,
      same: base,
      worse: base.map((s) => Math.max(0, s - 0.5)),
    });
    const first = await detectShift({
      results: repo,
      current: { experimentId: 'r1', target: 'm' },
      previous: [],
      confidence: 0.95,
      minDelta: 0.02,
    });
    assert.equal(first.shifted, false);
    assert.match(first.reason, /first run/);
    const same = await detectShift({
      results: repo,
      current: { experimentId: 'same', target: 'm' },
      previous: prev(['r1', 'r2']),
      confidence: 0.95,
      minDelta: 0.02,
    });
    assert.equal(same.shifted, false);
    assert.equal(same.diff, 0);
    const worse = await detectShift({
      results: repo,
      current: { experimentId: 'worse', target: 'm' },
      previous: prev(['r1', 'r2']),
      confidence: 0.95,
      minDelta: 0.02,
    });
    assert.equal(worse.shifted, true);
    // Hand-worked: base sums to 5.5; max(0, s − 0.5) gives five 0.5s = 2.5; Δ = (2.5 − 5.5) / 8.
    assert.ok(Math.abs(worse.diff! - -0.375) < 1e-12);
    assert.ok(worse.diffCi!.upper < 0);
  });

  it('a significant but tiny move stays below minDelta', async () => {
    const base = [0.5, 0.6, 0.7, 0.8];
    const repo = await repoWith({ r1: base, nudged: base.map((s) => s - 0.01) });
    const v = await detectShift({
      results: repo,
      current: { experimentId: 'nudged', target: 'm' },
      previous: prev(['r1']),
      confidence: 0.95,
      minDelta: 0.02,
    });
    assert.equal(v.shifted, false);
    assert.ok(v.diffCi!.upper < 0, 'significant');
  });
});
