/**
 * /api/evals against a real Keel: datasets (create, items, copy-on-write after an experiment,
 * import/export), experiments and results pages, prices, clear 4xx errors for bad input, and the
 * audit trail of admin changes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AuditEvent } from '../src/access/types.ts';
import { evalsModule, parseEvalFile, runEval } from '../src/evals/index.ts';
import { lastUser, scriptedConfig, startScriptedUpstream } from '../src/evals/test-support.ts';
import type { RunningKeel } from '../src/gateway/start.ts';
import type { TestUpstream } from '../src/providers/http/test-upstream.ts';
import { startTestKeel } from './harness.ts';

/** JSON bodies (typed loosely, as JSON.parse gives them); CSV / JSONL exports come back as null. */
function jsonOrNull(text: string) {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

describe('/api/evals', () => {
  let keel: RunningKeel;
  let upstream: TestUpstream;
  const audit: AuditEvent[] = [];

  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${keel.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: jsonOrNull(text), text };
  };

  before(async () => {
    upstream = await startScriptedUpstream((request) => `ANSWER: ${lastUser(request)}`);
    keel = await startTestKeel(scriptedConfig(upstream.origin), {
      modules: [evalsModule({ audit: { record: async (e) => void audit.push(e) } })],
    });
  });
  after(async () => {
    await keel.close();
    await upstream.close();
  });

  it('creates datasets and items; an experiment locks the version and edits make a new one', async () => {
    assert.equal(
      (await api('POST', '/api/evals/datasets', { name: 'golden', description: 'first' })).status,
      201,
    );
    const dup = await api('POST', '/api/evals/datasets', { name: 'golden' });
    assert.equal(dup.status, 409);
    const added = await api('POST', '/api/evals/datasets/golden/items', {
      items: [
        { id: 'a', vars: { q: 'one' }, expected: 'ANSWER: one', provenance: 'human' },
        { id: 'b', vars: { q: 'two' }, expected: 'ANSWER: 2', provenance: 'human' },
      ],
    });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    assert.deepEqual(added.body.ids, ['a', 'b']);
    const loaded = parseEvalFile(
      'name: api\nprompts: ["{{q}}"]\nmodels: [scripted]\ndataset: golden\nscorers: [{ type: equals }]\n',
      'api.yaml',
    );
    const { experiment } = await runEval({ sql: keel.store.sql, loaded, baseUrl: keel.url });
    assert.equal(experiment.datasetVersion, 1);
    const edit = await api('PUT', '/api/evals/datasets/golden/items/b', {
      vars: { q: 'two' },
      expected: 'ANSWER: two',
      provenance: 'human',
    });
    assert.deepEqual(edit.body, { version: 2, newVersion: true });
    const shown = await api('GET', '/api/evals/datasets/golden');
    assert.deepEqual(
      shown.body.versions.map((v: { version: number; locked: boolean }) => [v.version, v.locked]),
      [
        [1, true],
        [2, false],
      ],
    );
    const page = await api('GET', '/api/evals/datasets/golden/items?version=1&limit=1');
    assert.equal(page.body.data[0].id, 'a');
    assert.equal(page.body.next, 0);
    const results = await api('GET', `/api/evals/experiments/${experiment.id}/results?limit=1`);
    assert.equal(results.body.data.length, 1);
    assert.equal(results.body.next, '0:scripted');
    const rest = await api(
      'GET',
      `/api/evals/experiments/${experiment.id}/results?after=${encodeURIComponent(results.body.next)}`,
    );
    assert.deepEqual(
      rest.body.data.map((r: { itemId: string; pass: boolean }) => [r.itemId, r.pass]),
      [['b', false]],
    );
  });

  it('imports CSV and exports JSONL/CSV over HTTP', async () => {
    const text = ['id,q,expected', 'x,"a, ""b""",A', ''].join('\n');
    const imported = await api('POST', '/api/evals/datasets/csv/import', {
      format: 'csv',
      text,
      provenance: 'human',
    });
    assert.equal(imported.status, 201, 'an import creates the dataset when missing');
    assert.deepEqual(imported.body, { version: 1, newVersion: false, added: 1 });
    const jsonl = await api('GET', '/api/evals/datasets/csv/export');
    assert.deepEqual(JSON.parse(jsonl.text.trim()), {
      id: 'x',
      input: { variables: { q: 'a, "b"' } },
      expected: 'A',
      provenance: 'human',
    });
    const csv = await api('GET', '/api/evals/datasets/csv/export?format=csv');
    const header = 'id,q,messages,expected,context,tags,metadata,provenance,source,assert';
    assert.equal(csv.text, `${header}\nx,"a, ""b""",,A,,,,human,,\n`);
    const badCsv = await api('POST', '/api/evals/datasets/csv/import', {
      format: 'csv',
      text: 'id,q\nx,"unterminated\n',
    });
    assert.equal(badCsv.status, 400);
    assert.match(badCsv.body.error.message, /unterminated quoted field/);
  });

  it('answers bad input with a 400 naming the field, unknown things with a 404', async () => {
    const bad = await api('POST', '/api/evals/datasets/golden/items', { items: [{ expected: 'x' }] });
    assert.equal(bad.status, 400);
    assert.match(bad.body.error.message, /items\.0/);
    assert.equal((await api('POST', '/api/evals/datasets', { name: '../etc' })).status, 400);
    assert.equal((await api('GET', '/api/evals/datasets/nope')).status, 404);
    assert.equal((await api('GET', '/api/evals/experiments/nope')).status, 404);
    assert.equal((await api('GET', '/api/evals/experiments?limit=abc')).status, 400);
    assert.equal(
      (
        await api('POST', '/api/evals/rubrics', {
          name: 'r',
          text: 't',
          scale: { type: 'ordinal', min: 5, max: 1 },
        })
      ).status,
      400,
    );
    assert.equal((await api('POST', '/api/evals/schedules/none/run')).status, 404);
  });

  it('serves prices for cost estimates from the running config', async () => {
    const prices = await api('GET', '/api/evals/prices?model=scripted&model=unknown');
    assert.deepEqual(prices.body.prices, { scripted: { input: 1e-6, output: 2e-6 }, unknown: null });
  });

  it('audits admin changes that succeeded, with the actor', async () => {
    const actions = audit.map((e) => `${e.action} ${e.target}`);
    assert.ok(actions.includes('eval.dataset.create dataset:golden'));
    assert.ok(actions.includes('eval.dataset.item.update dataset:golden'));
    assert.equal(
      actions.filter((a) => a === 'eval.dataset.create dataset:golden').length,
      1,
      'the 409 was not audited',
    );
    assert.equal(audit[0]!.actor.kind, 'system');
  });
});
