/**
 * Scheduled regression through a real Keel: the schedule re-runs a golden set against a model,
 * records the provider's system_fingerprint, and raises an alert (event, log, stored row) when the
 * score distribution shifts beyond the previous runs' bootstrap interval — here, when the
 * scripted "vendor" silently swaps its model.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Alert, type EvalsInstance, evalsModule, listAlerts, listRuns } from '../src/evals/index.ts';
import { lastUser, scriptedConfig, startScriptedUpstream } from '../src/evals/test-support.ts';
import type { KeelModule } from '../src/gateway/module.ts';
import type { RunningKeel } from '../src/gateway/start.ts';
import type { TestUpstream } from '../src/providers/http/test-upstream.ts';
import { startTestKeel } from './harness.ts';

describe('scheduled regression', () => {
  let keel: RunningKeel;
  let upstream: TestUpstream;
  let dir: string;
  let vendor: 'v1' | 'v2' = 'v1';
  let instance: EvalsInstance;
  const alerts: Alert[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'keel-schedule-'));
    const file = join(dir, 'golden.yaml');
    const tests = Array.from(
      { length: 12 },
      (_, i) => `  - vars: { q: "item ${i} ${i % 3 === 0 ? 'odd' : 'even'}" }\n`,
    ).join('');
    writeFileSync(
      file,
      `name: golden\nprompts: ["{{q}}"]\nmodels: [unused]\nscorers:\n  - { type: icontains, value: even }\ntests:\n${tests}`,
    );
    upstream = await startScriptedUpstream((request) => {
      const text = lastUser(request);
      // v2 "improves" nothing but drops the word the golden set checks for.
      return vendor === 'v1'
        ? { content: `ANSWER: ${text}`, fingerprint: 'fp_v1' }
        : { content: `ANSWER: ${text.replace('even', 'level')}`, fingerprint: 'fp_v2' };
    });
    const inner = evalsModule({ schedulerTickMs: 60_000 });
    const module: KeelModule = {
      name: inner.name,
      start: async (ctx) => (instance = (await inner.start(ctx)) as EvalsInstance),
    };
    keel = await startTestKeel(
      {
        ...scriptedConfig(upstream.origin),
        evals: { schedules: [{ name: 'nightly', evalFile: file, every: '24h', model: 'scripted' }] },
      },
      { modules: [module] },
    );
    instance.events.on('alert', (a: Alert) => alerts.push(a));
  });
  after(async () => {
    await keel.close();
    await upstream.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records runs and fingerprints; no alert while the model is unchanged', async () => {
    const first = await instance.scheduler.runNow('nightly');
    assert.ok(first);
    assert.equal(first.shifted, false);
    assert.deepEqual(first.fingerprints.systemFingerprints, ['fp_v1']);
    assert.equal(first.mean, 8 / 12);
    const second = await instance.scheduler.runNow('nightly');
    assert.equal(second!.shifted, false);
    assert.match(String(second!.details.reason), /no shift/);
    assert.equal(alerts.length, 0);
    // The schedule ran against its model, not the eval file's.
    assert.ok(upstream.requests.every((r) => JSON.parse(r.body).model === 'scripted-1'));
  });

  it('flags a shift beyond the previous runs (event, stored alert) when the vendor swaps the model', async () => {
    vendor = 'v2';
    const third = await instance.scheduler.runNow('nightly');
    assert.equal(third!.shifted, true);
    assert.deepEqual(third!.fingerprints.systemFingerprints, ['fp_v2']);
    assert.equal(third!.details.fingerprintChanged, true);
    assert.equal(alerts.length, 1);
    assert.equal(alerts[0]!.kind, 'score_shift');
    assert.match(alerts[0]!.message, /nightly.*score distribution shifted.*fingerprint changed/);
    const stored = await listAlerts(keel.store.sql);
    assert.equal(stored.length, 1);
    const runs = await listRuns(keel.store.sql, { schedule: 'nightly' });
    assert.deepEqual(
      runs.map((r) => r.shifted),
      [true, false, false],
    );
    const api = (await (await fetch(`${keel.url}/api/evals/schedules`)).json()) as {
      data: { name: string; runs: unknown[]; nextDue: number }[];
    };
    assert.equal(api.data[0]!.runs.length, 3);
    assert.ok(api.data[0]!.nextDue > Date.now() + 23 * 3600_000);
  });
});
