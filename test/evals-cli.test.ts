/**
 * `keel eval run` in a real subprocess against a real Keel: exit codes (0 pass, 1 gate failed,
 * 2 config error, 3 run error), JSON and JUnit output, and crash-then-resume exactly once.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { evalsModule } from '../src/evals/index.ts';
import { ResultsRepo } from '../src/evals/runner/index.ts';
import { lastUser, scriptedConfig, startScriptedUpstream } from '../src/evals/test-support.ts';
import type { RunningKeel } from '../src/gateway/start.ts';
import type { TestUpstream } from '../src/providers/http/test-upstream.ts';
import { createStore } from '../src/store/index.ts';
import { eventually, startTestKeel } from './harness.ts';

const ENTRY = join(import.meta.dirname, '..', 'src', 'evals', 'cli', 'entry.ts');

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

function spawnEval(args: string[]): { child: ChildProcess; done: Promise<Ran> } {
  const child = spawn(process.execPath, [ENTRY, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, KEEL_DB: '', KEEL_URL: '' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const done = new Promise<Ran>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return { child, done };
}

const evalYaml = (o: { name: string; tests: number; minPassRate?: number; extra?: string }) => `
name: ${o.name}
prompts:
  - "{{q}}"
models: [scripted]
scorers:
  - type: starts-with
    value: "ANSWER:"
  - type: contains
    value: "EVEN"
run: { concurrency: 4, retries: 1 }
gate:
  maxErrorRate: 0
${o.minPassRate === undefined ? '' : `  minPassRate: ${o.minPassRate}\n`}tests:
${Array.from({ length: o.tests }, (_, i) => `  - vars: { q: "question ${i} ${i % 2 === 0 ? 'even' : 'odd'}" }\n`).join('')}${o.extra ?? ''}`;

describe('keel eval run (subprocess)', () => {
  let keel: RunningKeel;
  let upstream: TestUpstream;
  let dir: string;

  before(async () => {
    upstream = await startScriptedUpstream((request) => `ANSWER: ${lastUser(request).toUpperCase()}`, {
      delayMs: 40,
    });
    keel = await startTestKeel(scriptedConfig(upstream.origin), { modules: [evalsModule()] });
    dir = mkdtempSync(join(tmpdir(), 'keel-eval-cli-'));
  });
  after(async () => {
    await keel.close();
    await upstream.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exit 0 when the gate passes; writes JSON and valid JUnit', async () => {
    const file = join(dir, 'pass.yaml');
    writeFileSync(file, evalYaml({ name: 'pass', tests: 6, minPassRate: 0.5 }));
    const db = `sqlite:${join(dir, 'pass.db')}`;
    const out = join(dir, 'out.json');
    const junit = join(dir, 'out.xml');
    const r = await spawnEval([
      'run',
      file,
      '--gate',
      '--url',
      keel.url,
      '--db',
      db,
      '--json',
      out,
      '--junit',
      junit,
    ]).done;
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /gate: PASS/);
    const json = JSON.parse(readFileSync(out, 'utf8'));
    assert.equal(json.experiment.status, 'completed');
    assert.equal(json.gate.pass, true);
    const xml = readFileSync(junit, 'utf8');
    assert.match(
      xml,
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="keel eval pass" tests="\d+" failures="3" errors="0"/,
    );
    assert.equal((xml.match(/<testcase /g) ?? []).length, 6 + json.gate.checks.length);
    assert.equal((xml.match(/<failure /g) ?? []).length, 3, 'the three odd items fail "contains EVEN"');
    assert.equal((xml.match(/<testsuite /g) ?? []).length, (xml.match(/<\/testsuite>/g) ?? []).length);
  });

  it('exit 1 when a threshold fails, and when a regression vs the baseline exceeds its tolerance', async () => {
    const db = `sqlite:${join(dir, 'fail.db')}`;
    const file = join(dir, 'fail.yaml');
    writeFileSync(file, evalYaml({ name: 'gate', tests: 4, minPassRate: 0.9 }));
    const failed = await spawnEval(['run', file, '--gate', '--url', keel.url, '--db', db]).done;
    assert.equal(failed.code, 1, failed.stderr);
    assert.match(failed.stdout, /FAIL scripted: pass rate 0\.5 fails >= 0\.9/);
    // Baseline: every item passes; the candidate's scorer then demands more and pass rate drops.
    const base = join(dir, 'base.yaml');
    writeFileSync(
      base,
      evalYaml({ name: 'reg', tests: 4 })
        .replace('value: "EVEN"', 'value: "QUESTION"')
        .replace('gate:\n', 'gate:\n  regression: { maxDrop: 0.1 }\n'),
    );
    assert.equal((await spawnEval(['run', base, '--gate', '--url', keel.url, '--db', db]).done).code, 0);
    const worse = join(dir, 'worse.yaml');
    writeFileSync(
      worse,
      evalYaml({ name: 'reg', tests: 4 }).replace('gate:\n', 'gate:\n  regression: { maxDrop: 0.1 }\n'),
    );
    const r = await spawnEval(['run', worse, '--gate', '--baseline', 'latest', '--url', keel.url, '--db', db])
      .done;
    assert.equal(r.code, 1, r.stderr + r.stdout);
    assert.match(r.stdout, /FAIL scripted: passRate drop vs baseline 0\.5 fails <= 0\.1/);
  });

  it('exit 2 for a bad eval file (named by file and line) or bad flags', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'name: bad\nmodels: [scripted]\nscorerz: []\ntests:\n  - vars: { q: x }\n');
    const r = await spawnEval(['run', file, '--url', keel.url, '--db', `sqlite:${join(dir, 'bad.db')}`]).done;
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /bad\.yaml:1:1: \(root\): Unrecognized key: "scorerz"|bad\.yaml:\d+:\d+: .*scorerz/,
    );
    assert.equal((await spawnEval(['run', file, '--max-cost', 'lots']).done).code, 2);
    const capped = join(dir, 'capped.yaml');
    writeFileSync(capped, evalYaml({ name: 'capped', tests: 3 }));
    const refused = await spawnEval([
      'run',
      capped,
      '--max-cost',
      '0.000001',
      '--url',
      keel.url,
      '--db',
      `sqlite:${join(dir, 'capped.db')}`,
    ]).done;
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(
      refused.stderr,
      /estimate: 3 calls \(3 items\)[\s\S]*Estimated cost \$0\.\d+ exceeds the cap of \$0\.000001/,
    );
    assert.equal((await spawnEval(['frobnicate']).done).code, 2);
  });

  it('exit 3 when Keel cannot be reached', async () => {
    const file = join(dir, 'down.yaml');
    writeFileSync(file, evalYaml({ name: 'down', tests: 3 }).replace('retries: 1', 'retries: 0'));
    const r = await spawnEval([
      'run',
      file,
      '--gate',
      '--url',
      'http://127.0.0.1:9',
      '--db',
      `sqlite:${join(dir, 'down.db')}`,
    ]).done;
    assert.equal(r.code, 3, r.stderr + r.stdout);
    assert.match(r.stdout, /failed — upstream_connection: Could not reach Keel/);
  });

  it('a run killed mid-way resumes and records every item exactly once', async () => {
    const file = join(dir, 'crash.yaml');
    const total = 60;
    writeFileSync(file, evalYaml({ name: 'crash', tests: total }));
    const dbPath = join(dir, 'crash.db');
    const db = `sqlite:${dbPath}`;
    const before = upstream.requests.length;
    const first = spawnEval(['run', file, '--url', keel.url, '--db', db]);
    const store = await eventually(async () => {
      try {
        return await createStore(db);
      } catch {
        return null;
      }
    }, 20_000);
    try {
      const count = async () =>
        Number((await store.sql.query('SELECT COUNT(*) AS n FROM eval_results'))[0]?.n ?? 0);
      await eventually(async () => (await count()) >= 10, 30_000);
      first.child.kill('SIGKILL');
      const killed = await first.done;
      assert.equal(killed.code, null, 'killed, not finished');
      const atKill = await count();
      assert.ok(atKill < total, `killed mid-run (${atKill}/${total})`);
      const second = await spawnEval(['run', file, '--url', keel.url, '--db', db]).done;
      assert.equal(second.code, 0, second.stderr + second.stdout);
      assert.match(second.stdout, /resumed: \d+ item\(s\) were already done/);
      const experiments = await new ResultsRepo(store.sql).list({ name: 'crash' });
      assert.equal(experiments.length, 1, 'the same experiment was resumed');
      assert.equal(experiments[0]!.status, 'completed');
      const rows = await store.sql.query(
        'SELECT item_id, model, COUNT(*) AS n FROM eval_results GROUP BY item_id, model',
      );
      assert.equal(rows.length, total);
      assert.ok(rows.every((r) => Number(r.n) === 1));
      const errors = await store.sql.query('SELECT COUNT(*) AS n FROM eval_results WHERE error IS NOT NULL');
      assert.equal(Number(errors[0]!.n), 0);
      // Only calls in flight at the kill (at most the concurrency) were made twice.
      const calls = upstream.requests.length - before;
      assert.ok(calls >= total && calls <= total + 4, `${calls} upstream calls for ${total} items`);
    } finally {
      await store.close();
    }
  });
});
