/**
 * Experiments over prompt versions from the registry: `prompt:NAME@vN` is rendered by the
 * gateway's prompts module (the record names the version), and the same version can be run
 * against other models (rendered through the prompts API, then called per model).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { evalsModule, type ItemResult, parseEvalFile, ResultsRepo, runEval } from '../src/evals/index.ts';
import { lastUser, scriptedConfig, startScriptedUpstream } from '../src/evals/test-support.ts';
import type { RunningKeel } from '../src/gateway/start.ts';
import { promptsModule } from '../src/prompts/index.ts';
import type { TestUpstream } from '../src/providers/http/test-upstream.ts';
import { eventually, startTestKeel } from './harness.ts';

describe('experiments over registry prompts', () => {
  let keel: RunningKeel;
  let upstream: TestUpstream;

  before(async () => {
    upstream = await startScriptedUpstream(
      (request) => `${request.model}: ${lastUser(request)} (${request.messages.length} messages)`,
    );
    const scripted = scriptedConfig(upstream.origin);
    keel = await startTestKeel(
      {
        ...scripted,
        models: { ...scripted.models, other: { deployments: [{ provider: 'scripted', model: 'other-1' }] } },
      },
      { modules: [promptsModule(), evalsModule()] },
    );
    const res = await fetch(`${keel.url}/api/prompts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'greet',
        messages: [
          { role: 'system', content: 'Greet warmly.' },
          { role: 'user', content: 'Hello from {{name}}' },
        ],
        variables: { name: { type: 'string' } },
        model: 'scripted',
        labels: ['production'],
      }),
    });
    assert.equal(res.status, 201, await res.text());
  });
  after(async () => {
    await keel.close();
    await upstream.close();
  });

  const load = (extra: string) =>
    parseEvalFile(
      `name: greet-eval\nprompts: [{ prompt: "greet@v1" }]\n${extra}scorers: [{ type: contains, value: "Hello from" }]\ntests:\n  - vars: { name: Ada }\n  - vars: { name: Bo }\n`,
      'greet.yaml',
    );

  it('prompt:NAME@vN is rendered by the gateway (no placeholder reaches the model; the record names the version)', async () => {
    const { experiment } = await runEval({ sql: keel.store.sql, loaded: load(''), baseUrl: keel.url });
    assert.equal(experiment.status, 'completed', experiment.error ?? '');
    assert.deepEqual(
      experiment.targets.map((t) => t.key),
      ['prompt:greet@v1'],
    );
    const rows: ItemResult[] = [];
    for await (const page of new ResultsRepo(keel.store.sql).iterate(experiment.id)) rows.push(...page);
    assert.deepEqual(
      rows.map((r) => r.output),
      ['scripted-1: Hello from Ada (2 messages)', 'scripted-1: Hello from Bo (2 messages)'],
    );
    const record = await eventually(() => keel.store.requests.get(rows[0]!.requestId!));
    assert.deepEqual(record.metadata.prompt, { name: 'greet', version: 1, label: null });
  });

  it('the same version against several models', async () => {
    const { experiment } = await runEval({
      sql: keel.store.sql,
      loaded: load('models: [scripted, other]\n'),
      baseUrl: keel.url,
    });
    assert.equal(experiment.status, 'completed', experiment.error ?? '');
    const byTarget = Object.fromEntries(experiment.summary!.targets.map((t) => [t.key, t.passed]));
    assert.deepEqual(byTarget, { scripted: 2, other: 2 });
    const rows: ItemResult[] = [];
    for await (const page of new ResultsRepo(keel.store.sql).iterate(experiment.id)) rows.push(...page);
    assert.ok(rows.some((r) => r.output === 'other-1: Hello from Ada (2 messages)'));
    const record = await eventually(() =>
      keel.store.requests.get(rows.find((r) => r.model === 'other')!.requestId!),
    );
    assert.ok(record.tags.includes('prompt:greet'));
  });
});
