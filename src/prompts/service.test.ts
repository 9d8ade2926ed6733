import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KeelError } from '../errors/index.ts';
import { chatContent, makeService, testActor } from './test-support.ts';

async function rejects(promise: Promise<unknown>, code: string, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof KeelError, String(error));
    assert.equal(error.code, code);
    assert.match(error.message, pattern);
    return true;
  });
}

describe('prompt service: versions', () => {
  it('numbers versions, hashes content, and keeps `latest` on the newest', async () => {
    const { service, index, audit } = await makeService();
    const v1 = await service.createPrompt(
      { name: 'greet', content: chatContent('Hello {{name}}'), commitMessage: 'first' },
      testActor,
    );
    const v2 = await service.createVersion('greet', { content: chatContent('Hi {{name}}!') }, testActor);
    assert.equal(v1.version, 1);
    assert.equal(v2.version, 2);
    assert.match(v1.contentHash, /^[0-9a-f]{64}$/);
    assert.notEqual(v1.contentHash, v2.contentHash);
    assert.equal(v1.author, 'user:tester');
    const prompt = index.get('greet');
    assert.equal(prompt?.latest, 2);
    assert.deepEqual(index.labelsOf(prompt!, 2), ['latest']);
    assert.deepEqual(
      audit.map((e) => e.action),
      ['prompt.create', 'prompt.version.create'],
    );
  });

  it('versions are immutable: the store refuses UPDATE, and same-number inserts conflict', async () => {
    const { service, store } = await makeService();
    await service.createPrompt({ name: 'greet', content: chatContent('Hello') }, testActor);
    await assert.rejects(
      store.sql.execute("UPDATE prompt_versions SET content = '{}' WHERE prompt = 'greet'"),
      /immutable|SQLite error/,
    );
    await rejects(
      service.createVersion('greet', { content: chatContent('x'), expectedNumber: 1 }, testActor),
      'conflict',
      /would get version 2, not 1/,
    );
    const rows = await store.sql.query("SELECT content FROM prompt_versions WHERE prompt = 'greet'");
    assert.match(String(rows[0]?.content), /Hello/);
  });

  it('a version edited behind Keel’s back is not served', async () => {
    const { service, store, index } = await makeService();
    await service.createPrompt({ name: 'greet', content: chatContent('Hello') }, testActor);
    await store.sql.execute('DROP TRIGGER prompt_versions_immutable');
    await store.sql.execute("UPDATE prompt_versions SET content = replace(content, 'Hello', 'Pwned')");
    await index.reload('greet');
    assert.throws(() => index.resolve({ name: 'greet', selector: { version: 1 } }, null), /has no version 1/);
  });

  it('rejects bad input with clear errors', async () => {
    const { service } = await makeService({ config: { maxTemplateBytes: 4096 } });
    await rejects(
      service.createPrompt({ name: 'bad name', content: chatContent('x') }, testActor),
      'invalid_request',
      /Invalid prompt name/,
    );
    await rejects(
      service.createPrompt({ name: 'p', content: chatContent('Hi {{name') }, testActor),
      'invalid_request',
      /never closed/,
    );
    await rejects(
      service.createPrompt({ name: 'p', content: { messages: [] } }, testActor),
      'invalid_request',
      /messages/,
    );
    await rejects(
      service.createPrompt(
        { name: 'p', content: { text: 'x', messages: [{ role: 'user', content: 'y' }] } },
        testActor,
      ),
      'invalid_request',
      /text prompt has text, not messages|chat prompt has messages/,
    );
    await rejects(
      service.createPrompt(
        { name: 'p', content: chatContent('x', { parameters: { model: 'y' } }) },
        testActor,
      ),
      'invalid_request',
      /use the model field/,
    );
    await rejects(
      service.createPrompt(
        { name: 'p', content: chatContent('{{n}}', { variables: { n: { type: 'number', default: 'x' } } }) },
        testActor,
      ),
      'invalid_request',
      /Default of variable 'n' must be of type number/,
    );
    await rejects(
      service.createPrompt({ name: 'p', content: chatContent('x'.repeat(5000)) }, testActor),
      'body_too_large',
      /limit is 4096/,
    );
    await rejects(
      service.createVersion('missing', { content: chatContent('x') }, testActor),
      'not_found',
      /not found/,
    );
    await service.createPrompt({ name: 'p', content: chatContent('ok') }, testActor);
    await rejects(
      service.createPrompt({ name: 'p', content: chatContent('ok') }, testActor),
      'conflict',
      /already exists/,
    );
  });
});

describe('prompt service: composition', () => {
  it('rejects includes of unknown prompts and chat prompts at write time', async () => {
    const { service } = await makeService();
    await rejects(
      service.createPrompt({ name: 'a', content: chatContent('{{> nothere}}') }, testActor),
      'invalid_request',
      /cannot be resolved/,
    );
    await service.createPrompt(
      { name: 'chat', content: chatContent('x'), labels: ['production'] },
      testActor,
    );
    await rejects(
      service.createPrompt({ name: 'a', content: chatContent('{{> chat}}') }, testActor),
      'invalid_request',
      /only text prompts/,
    );
  });

  it('rejects cycles made by a new version and by a label move', async () => {
    const { service } = await makeService();
    await service.createPrompt({ name: 'a', content: { text: 'A' }, labels: ['production'] }, testActor);
    await service.createPrompt(
      { name: 'b', content: { text: 'B {{> a}}' }, labels: ['production'] },
      testActor,
    );
    // a v2 includes b, which includes a@production (= a v1): fine, no cycle yet.
    await service.createVersion('a', { content: { text: 'A2 {{> b}}' } }, testActor);
    // Moving a's production to v2 would make a v2 → b v1 → a v2.
    await rejects(
      service.moveLabel({ name: 'a', label: 'production', target: { version: 2 }, actor: testActor }),
      'invalid_request',
      /Include cycle: a v2 → b v1 → a v2/,
    );
    // A version including itself through `latest` is a cycle at once.
    await rejects(
      service.createVersion('a', { content: { text: 'self {{> a@latest}}' } }, testActor),
      'invalid_request',
      /Include cycle/,
    );
  });
});

describe('prompt service: labels', () => {
  it('moves labels with history and audit, and rolls back', async () => {
    const { service, index, audit } = await makeService();
    await service.createPrompt(
      { name: 'greet', content: chatContent('v1'), labels: ['production'] },
      testActor,
    );
    await service.createVersion('greet', { content: chatContent('v2') }, testActor);
    const moved = await service.moveLabel({
      name: 'greet',
      label: 'production',
      target: { version: 2 },
      expectedVersion: 1,
      reason: 'ship',
      actor: testActor,
    });
    assert.deepEqual(moved.from, { version: 1, split: null });
    assert.equal(
      index.resolve({ name: 'greet', selector: { label: 'production' } }, null).compiled.version.version,
      2,
    );
    const rolled = await service.rollback({
      name: 'greet',
      label: 'production',
      actor: testActor,
      reason: 'bad answers',
    });
    assert.deepEqual(rolled.to, { version: 1, split: null });
    assert.equal(
      index.resolve({ name: 'greet', selector: { label: 'production' } }, null).compiled.version.version,
      1,
    );
    const history = await service.history('greet', { label: 'production' });
    assert.deepEqual(
      history.map((h) => [h.from?.version ?? null, h.to?.version ?? null, h.reason]),
      [
        [2, 1, 'rollback: bad answers'],
        [1, 2, 'ship'],
        [null, 1, ''],
      ],
    );
    const labelEvents = audit.filter((e) => e.action.startsWith('prompt.label'));
    assert.deepEqual(
      labelEvents.map((e) => [e.action, e.target]),
      [
        ['prompt.label.move', 'prompt:greet@production'],
        ['prompt.label.move', 'prompt:greet@production'],
        ['prompt.label.rollback', 'prompt:greet@production'],
      ],
    );
  });

  it('rejects unknown versions, reserved labels and stale expectations', async () => {
    const { service, index } = await makeService();
    await service.createPrompt(
      { name: 'greet', content: chatContent('v1'), labels: ['production'] },
      testActor,
    );
    await rejects(
      service.moveLabel({ name: 'greet', label: 'production', target: { version: 9 }, actor: testActor }),
      'not_found',
      /no version 9/,
    );
    await rejects(
      service.moveLabel({ name: 'greet', label: 'latest', target: { version: 1 }, actor: testActor }),
      'invalid_request',
      /managed by Keel/,
    );
    await rejects(
      service.moveLabel({ name: 'greet', label: 'v2', target: { version: 1 }, actor: testActor }),
      'invalid_request',
      /names a version/,
    );
    await service.createVersion('greet', { content: chatContent('v2') }, testActor);
    await rejects(
      service.moveLabel({
        name: 'greet',
        label: 'production',
        target: { version: 2 },
        expectedVersion: 7,
        actor: testActor,
      }),
      'conflict',
      /serves v1, not the expected v7/,
    );
    assert.throws(
      () => index.resolve({ name: 'greet', selector: { label: 'staging' } }, null),
      /has no label 'staging' \(labels: latest, production\)/,
    );
    assert.throws(
      () => index.resolve({ name: 'nope', selector: { label: 'production' } }, null),
      /Prompt 'nope' not found/,
    );
  });

  it('concurrent moves with the same expectation: exactly one wins, state and history agree', async () => {
    const { service, store } = await makeService();
    await service.createPrompt(
      { name: 'greet', content: chatContent('v1'), labels: ['production'] },
      testActor,
    );
    for (let i = 2; i <= 6; i++)
      await service.createVersion('greet', { content: chatContent(`v${i}`) }, testActor);
    const results = await Promise.allSettled(
      [2, 3, 4, 5, 6].map((version) =>
        service.moveLabel({
          name: 'greet',
          label: 'production',
          target: { version },
          expectedVersion: 1,
          actor: testActor,
        }),
      ),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    assert.equal(won.length, 1);
    for (const r of results)
      if (r.status === 'rejected') assert.equal((r.reason as KeelError).code, 'conflict');
    const winner = (won[0] as PromiseFulfilledResult<{ to: { version: number } }>).value.to.version;
    const [row] = await store.sql.query(
      "SELECT version FROM prompt_labels WHERE prompt = 'greet' AND label = 'production'",
    );
    assert.equal(Number(row?.version), winner);
    const history = await service.history('greet', { label: 'production' });
    assert.equal(history.length, 2);
    assert.equal(history[0]?.to?.version, winner);
  });

  it('concurrent moves without expectations all apply, as a consistent chain', async () => {
    const { service } = await makeService();
    await service.createPrompt({ name: 'greet', content: chatContent('v1'), labels: ['staging'] }, testActor);
    for (let i = 2; i <= 6; i++)
      await service.createVersion('greet', { content: chatContent(`v${i}`) }, testActor);
    await Promise.all(
      [2, 3, 4, 5, 6].map((version) =>
        service.moveLabel({ name: 'greet', label: 'staging', target: { version }, actor: testActor }),
      ),
    );
    const history = (await service.history('greet', { label: 'staging' })).reverse();
    assert.equal(history.length, 6);
    for (let i = 1; i < history.length; i++) assert.deepEqual(history[i]?.from, history[i - 1]?.to);
  });

  it('stores splits and serves them sticky', async () => {
    const { service, index } = await makeService();
    await service.createPrompt(
      { name: 'greet', content: chatContent('v1'), labels: ['production'] },
      testActor,
    );
    await service.createVersion('greet', { content: chatContent('v2') }, testActor);
    const result = await service.moveLabel({
      name: 'greet',
      label: 'production',
      target: {
        split: [
          { version: 1, weight: 90 },
          { version: 2, weight: 10 },
        ],
      },
      actor: testActor,
    });
    assert.deepEqual(result.to, {
      version: 1,
      split: [
        { version: 1, weight: 90 },
        { version: 2, weight: 10 },
      ],
    });
    let canary = 0;
    for (let i = 0; i < 2000; i++) {
      const v = index.resolve({ name: 'greet', selector: { label: 'production' } }, `u:${i}`).compiled.version
        .version;
      assert.equal(
        index.resolve({ name: 'greet', selector: { label: 'production' } }, `u:${i}`).compiled.version
          .version,
        v,
      );
      if (v === 2) canary++;
    }
    assert.ok(canary > 100 && canary < 300, String(canary));
    await rejects(
      service.moveLabel({
        name: 'greet',
        label: 'production',
        target: {
          split: [
            { version: 1, weight: 1 },
            { version: 1, weight: 2 },
          ],
        },
        actor: testActor,
      }),
      'invalid_request',
      /twice/,
    );
  });
});
