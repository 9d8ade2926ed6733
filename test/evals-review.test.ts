/**
 * The review queue (API and CLI), judge calibration against the reviews (κ via the calibration
 * module, exit 0/1 on the target), reviews → dataset items, pairwise judging for comparison, and
 * training-data export (SFT / DPO / KTO) with provenance rules and de-duplication.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { evalCommand } from '../src/cli/commands/eval.ts';
import { DatasetRepo, evalsModule, parseEvalFile, runEval } from '../src/evals/index.ts';
import {
  lastUser,
  type ScriptedRequest,
  scriptedConfig,
  startScriptedUpstream,
} from '../src/evals/test-support.ts';
import type { RunningKeel } from '../src/gateway/start.ts';
import type { TestUpstream } from '../src/providers/http/test-upstream.ts';
import { startTestKeel } from './harness.ts';

const between = (text: string, tag: string) =>
  new RegExp(`<${tag}>\\n([\\s\\S]*?)\\n</${tag}>`).exec(text)?.[1] ?? '';

/** A judge that agrees with the reviewers: an answer is good when it says EVEN; FORMAL wins pairs. */
function judge(request: ScriptedRequest): string {
  const text = lastUser(request);
  if (text.includes('<response_1>')) {
    const first = between(text, 'response_1');
    const second = between(text, 'response_2');
    const winner =
      first.includes('FORMAL') === second.includes('FORMAL') ? 'tie' : first.includes('FORMAL') ? '1' : '2';
    return JSON.stringify({ reason: 'formal is better', winner });
  }
  return JSON.stringify({ reason: 'checked', score: between(text, 'response').includes('EVEN') ? 1 : 0 });
}

describe('review queue, calibration, export', () => {
  let keel: RunningKeel;
  let upstream: TestUpstream;
  let dir: string;
  let db: string;
  const io = () => {
    const out: string[] = [];
    const err: string[] = [];
    return {
      out,
      err,
      io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t), env: {}, isTTY: false },
    };
  };
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${keel.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  const evalFile = (name: string, prefix: string) =>
    parseEvalFile(
      `name: ${name}\nprompts: ["${prefix}{{q}}"]\nmodels: [scripted]\ntests:\n${[0, 1, 2, 3, 4, 5].map((i) => `  - { id: t${i}, vars: { q: "q${i} ${i % 2 ? 'odd' : 'even'}" } }\n`).join('')}`,
      join(dir, `${name}.yaml`),
    );

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'keel-review-'));
    db = `sqlite:${join(dir, 'keel.db')}`;
    upstream = await startScriptedUpstream((request) =>
      request.model === 'judge-1' ? judge(request) : `ANSWER: ${lastUser(request).toUpperCase()}`,
    );
    const scripted = scriptedConfig(upstream.origin);
    keel = await startTestKeel(
      {
        ...scripted,
        store: { url: db },
        models: { ...scripted.models, judge: { deployments: [{ provider: 'scripted', model: 'judge-1' }] } },
      },
      { modules: [evalsModule()] },
    );
  });
  after(async () => {
    await keel.close();
    await upstream.close();
    rmSync(dir, { recursive: true, force: true });
  });

  let experimentId = '';

  it('queues an experiment for review, enforces the rubric scale and the assignee', async () => {
    experimentId = (await runEval({ sql: keel.store.sql, loaded: evalFile('casual', ''), baseUrl: keel.url }))
      .experiment.id;
    const rubric = await api('POST', '/api/evals/rubrics', {
      name: 'says-even',
      text: 'The answer mentions EVEN.',
      scale: { type: 'binary' },
    });
    assert.equal(rubric.status, 201, JSON.stringify(rubric.body));
    const queued = await api('POST', '/api/evals/review/tasks', {
      rubric: 'says-even',
      assignees: ['alice', 'bob'],
      experimentId,
    });
    assert.equal(queued.status, 201, JSON.stringify(queued.body));
    assert.equal(queued.body.data.length, 6);
    const alice = await api('GET', '/api/evals/review/tasks?assignee=alice&status=pending');
    assert.equal(alice.body.data.length, 3);
    const task = alice.body.data[0];
    assert.equal(
      (await api('POST', `/api/evals/review/tasks/${task.id}/submit`, { reviewer: 'bob', pass: true }))
        .status,
      403,
    );
    const noVerdict = await api('POST', `/api/evals/review/tasks/${task.id}/submit`, { critique: 'hmm' });
    assert.equal(noVerdict.status, 400);
    assert.match(noVerdict.body.error.message, /pass\/fail/);
    const ok = await api('POST', `/api/evals/review/tasks/${task.id}/submit`, {
      pass: task.output.includes('EVEN'),
      critique: 'checked by hand',
    });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.status, 'submitted');
    assert.equal(ok.body.reviewer, 'alice');
  });

  it('keel eval review list|submit, then calibrate: κ = 1 when the judge agrees (exit 0), lower when not (exit 1)', async () => {
    const listed = io();
    assert.equal(
      await evalCommand(['review', 'list', '--status', 'pending', '--json', '--db', db], listed.io),
      0,
    );
    const pending = JSON.parse(listed.out.join('')) as { id: string; output: string; assignee: string }[];
    assert.equal(pending.length, 5);
    for (const t of pending) {
      const r = io();
      const verdict = t.output.includes('EVEN') ? '--pass' : '--fail';
      assert.equal(
        await evalCommand(['review', 'submit', t.id, verdict, '--critique', 'ok', '--db', db], r.io),
        0,
        r.err.join(''),
      );
    }
    const cal = io();
    const code = await evalCommand(
      [
        'calibrate',
        '--rubric',
        'says-even',
        '--judge-model',
        'judge',
        '--url',
        keel.url,
        '--db',
        db,
        '--json',
      ],
      cal.io,
    );
    const result = JSON.parse(cal.out.join(''));
    assert.equal(code, 0, cal.err.join(''));
    assert.equal(result.kappa, 1);
    assert.equal(result.n, 6);
    assert.equal(result.pass, true);
    // A reviewer who disagrees on two items: κ drops below the 0.8 target.
    const flip = pending.slice(0, 2);
    for (const t of flip)
      await evalCommand(
        ['review', 'submit', t.id, t.output.includes('EVEN') ? '--fail' : '--pass', '--db', db],
        io().io,
      );
    const again = io();
    assert.equal(
      await evalCommand(
        ['calibrate', '--rubric', 'says-even', '--judge-model', 'judge', '--url', keel.url, '--db', db],
        again.io,
      ),
      1,
    );
    assert.match(again.out.join(''), /FAIL: κ = /);
    for (const t of flip)
      await evalCommand(
        ['review', 'submit', t.id, t.output.includes('EVEN') ? '--pass' : '--fail', '--db', db],
        io().io,
      );
  });

  it('reviews become dataset items; KTO and SFT export them with their provenance', async () => {
    const added = await api('POST', '/api/evals/datasets/reviewed/from-reviews', { rubric: 'says-even' });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    assert.equal(added.body.added, 3, 'the three passing answers');
    const kto = join(dir, 'kto.jsonl');
    const bare = io();
    assert.equal(
      await evalCommand(['export', '--format', 'kto', '--out', kto, '--db', db], bare.io),
      0,
      bare.err.join(''),
    );
    assert.match(
      bare.out.join(''),
      /wrote 0 kto example\(s\)[\s\S]*6 without messages/,
      'variables-only items need a template, and say so',
    );
    const r = io();
    assert.equal(
      await evalCommand(['export', '--format', 'kto', '--out', kto, '--template', '{{q}}', '--db', db], r.io),
      0,
      r.err.join(''),
    );
    const lines = readFileSync(kto, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.equal(lines.length, 6);
    assert.deepEqual(Object.keys(lines[0]), ['prompt', 'completion', 'label']);
    assert.equal(lines.filter((l) => l.label).length, 3);
    assert.equal(lines[0].prompt[0].role, 'user');
    const sft = join(dir, 'sft.jsonl');
    assert.equal(
      await evalCommand(
        [
          'export',
          '--format',
          'sft',
          '--out',
          sft,
          '--dataset',
          'reviewed',
          '--template',
          '{{q}}',
          '--db',
          db,
        ],
        io().io,
      ),
      0,
    );
    const sftLines = readFileSync(sft, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.equal(sftLines.length, 3);
    assert.deepEqual(
      sftLines[0].messages.map((m: { role: string }) => m.role),
      ['user', 'assistant'],
    );
    assert.match(sftLines[0].messages[1].content, /^ANSWER: Q\d EVEN$/);
  });

  it('export refuses unknown provenance (with counts), drops synthetic by default, de-duplicates', async () => {
    const datasets = new DatasetRepo(keel.store.sql);
    await datasets.create({ name: 'mixed' });
    await datasets.addItems('mixed', [
      {
        id: 'h1',
        input: { messages: [{ role: 'user', content: 'Hi' }] },
        expected: 'Hello',
        provenance: 'human',
      },
      {
        id: 'h2',
        input: { messages: [{ role: 'user', content: '  hi ' }] },
        expected: 'hello',
        provenance: 'human',
      },
      {
        id: 's1',
        input: { messages: [{ role: 'user', content: 'Gen' }] },
        expected: 'Generated',
        provenance: 'synthetic',
      },
      {
        id: 'u1',
        input: { messages: [{ role: 'user', content: 'Who?' }] },
        expected: 'Unknown',
        provenance: 'unknown',
      },
      { id: 'u2', input: { messages: [{ role: 'user', content: 'What?' }] }, expected: 'Unknown too' },
    ]);
    const out = join(dir, 'mixed.jsonl');
    const refused = io();
    assert.equal(
      await evalCommand(
        ['export', '--format', 'sft', '--dataset', 'mixed', '--out', out, '--db', db],
        refused.io,
      ),
      2,
    );
    assert.match(refused.err.join(''), /2 example\(s\) have unknown provenance \(2 from dataset mixed v1\)/);
    const ok = io();
    assert.equal(
      await evalCommand(
        [
          'export',
          '--format',
          'sft',
          '--dataset',
          'mixed',
          '--out',
          out,
          '--allow-unknown-provenance',
          '--db',
          db,
        ],
        ok.io,
      ),
      0,
    );
    assert.equal(
      readFileSync(out, 'utf8').trim().split('\n').length,
      3,
      'h1 (h2 is its duplicate), u1, u2; s1 is synthetic',
    );
    assert.match(ok.out.join(''), /1 duplicate\(s\), 1 synthetic/);
    const unwritable = io();
    const code = await evalCommand(
      [
        'export',
        '--format',
        'sft',
        '--dataset',
        'mixed',
        '--out',
        join(dir, 'no-dir', 'x.jsonl'),
        '--db',
        db,
      ],
      unwritable.io,
    );
    assert.notEqual(code, 0);
    assert.match(unwritable.err.join(''), /--out: cannot write .*no-dir.* \(ENOENT\)/);
    assert.equal(
      await evalCommand(
        [
          'export',
          '--format',
          'sft',
          '--dataset',
          'mixed',
          '--out',
          out,
          '--allow-unknown-provenance',
          '--include-synthetic',
          '--db',
          db,
        ],
        io().io,
      ),
      0,
    );
    assert.equal(readFileSync(out, 'utf8').trim().split('\n').length, 4);
  });

  it('compare --pairwise stores verdicts in both orders; DPO exports chosen/rejected pairs', async () => {
    const formal = (
      await runEval({ sql: keel.store.sql, loaded: evalFile('formal', 'FORMAL '), baseUrl: keel.url })
    ).experiment.id;
    const r = io();
    assert.equal(
      await evalCommand(
        [
          'compare',
          experimentId,
          formal,
          '--pairwise',
          '--judge',
          'judge',
          '--url',
          keel.url,
          '--db',
          db,
          '--json',
        ],
        r.io,
      ),
      0,
      r.err.join(''),
    );
    const out = JSON.parse(r.out.join(''));
    assert.equal(out.comparison.pairs[0].paired, 6);
    assert.deepEqual(
      [out.pairwise[0].judged, out.pairwise[0].winsB, out.pairwise[0].inconsistent],
      [6, 6, 0],
    );
    const dpo = join(dir, 'dpo.jsonl');
    assert.equal(
      await evalCommand(
        ['export', '--format', 'dpo', '--out', dpo, '--template', '{{q}}', '--db', db],
        io().io,
      ),
      0,
    );
    const pairs = readFileSync(dpo, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const fromPairwise = pairs.filter((p) => p.chosen[0].content.includes('FORMAL'));
    assert.equal(fromPairwise.length, 6);
    assert.deepEqual(Object.keys(fromPairwise[0]), ['prompt', 'chosen', 'rejected']);
    assert.ok(!fromPairwise[0].rejected[0].content.includes('FORMAL'));
  });
});
