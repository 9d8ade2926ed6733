/**
 * `keel prompts …` against a real SQLite file: list/show/label/rollback/diff, and prompts as code:
 * pull → push (fresh store) → pull is byte-identical; edits to released versions are refused.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promptsCommand } from '../src/cli/commands/prompts.ts';
import { chatContent, makeService, testActor } from '../src/prompts/test-support.ts';
import { createStore } from '../src/store/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'keel-prompts-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await promptsCommand(argv, {
    out: (text) => {
      out += text;
    },
    err: (text) => {
      err += text;
    },
    env: { USER: 'ci-bot' },
  });
  return { code, out, err };
}

const dbA = `sqlite:${join(dir, 'a.db')}`;
const dbB = `sqlite:${join(dir, 'b.db')}`;

async function seed(): Promise<void> {
  const store = await createStore(dbA);
  const { service } = await makeService({ store });
  await service.createPrompt(
    {
      name: 'footer',
      description: 'shared sign-off',
      content: {
        text: 'Regards,\n  {{team}} team  \n\\{{not a var}}',
        variables: { team: { type: 'string', default: 'Ops' } },
      },
      labels: ['production'],
    },
    testActor,
  );
  await service.createPrompt(
    {
      name: 'support',
      tags: ['cs', 'émoji 🚀'],
      commitMessage: 'first cut: "quoted" & more',
      content: chatContent('You help {{customer}} with {{product}}.\n\n{{> footer}}', {
        variables: {
          customer: { type: 'string' },
          product: { type: 'json', default: { sku: 'A-1', tiers: [1, 2] } },
        },
        parameters: { temperature: 0.2, max_tokens: 300 },
        tools: [
          {
            type: 'function',
            function: {
              name: 'lookup',
              description: 'find order',
              parameters: { type: 'object', properties: {} },
            },
          },
        ],
        responseFormat: { type: 'json_object' },
      }),
      labels: ['production'],
    },
    testActor,
  );
  await service.createVersion(
    'support',
    {
      content: chatContent('You kindly help {{customer}}.\n\n{{> footer@production}}', {
        variables: { customer: { type: 'string' } },
      }),
      commitMessage: 'kinder',
    },
    testActor,
  );
  await service.moveLabel({
    name: 'support',
    label: 'production',
    target: {
      split: [
        { version: 1, weight: 80 },
        { version: 2, weight: 20 },
      ],
    },
    actor: testActor,
  });
  await service.moveLabel({ name: 'support', label: 'staging', target: { version: 2 }, actor: testActor });
  await store.close();
}

describe('keel prompts CLI', () => {
  before(seed);

  it('lists and shows prompts', async () => {
    const listed = await cli('list', '--db', dbA);
    assert.equal(listed.code, 0, listed.err);
    assert.match(listed.out, /support\s+v2\s+production=v1:80\/v2:20 staging=v2 latest=v2/);
    const shown = await cli('show', 'support', '--version', '1', '--db', dbA);
    assert.equal(shown.code, 0, shown.err);
    assert.match(shown.out, /^# support v1 — .* by user:tester\n# first cut/);
    assert.match(shown.out, /You help \{\{customer\}\}/);
    const json = JSON.parse((await cli('show', 'support', '--label', 'staging', '--json', '--db', dbA)).out);
    assert.equal(json.version, 2);
    assert.equal(json.label, 'staging');
  });

  it('moves labels, rolls back, and diffs versions', async () => {
    const moved = await cli('label', 'footer', '1', 'staging', '--db', dbA, '--reason', 'try');
    assert.equal(moved.code, 0, moved.err);
    assert.match(moved.out, /footer: staging → v1 \(was nothing\)/);
    const stale = await cli('label', 'support', '1', 'staging', '--expect', '1', '--db', dbA);
    assert.equal(stale.code, 1);
    assert.match(stale.err, /serves v2, not the expected v1/);
    await cli('label', 'support', '2', 'qa', '--db', dbA);
    assert.equal((await cli('label', 'support', '1', 'qa', '--db', dbA)).code, 0);
    const rolled = await cli('rollback', 'support', '--label', 'qa', '--db', dbA);
    assert.equal(rolled.code, 0, rolled.err);
    assert.match(rolled.out, /qa rolled back to v2 \(was v1\)/);
    const diff = await cli('diff', 'support', '1', '2', '--db', dbA);
    assert.equal(diff.code, 0, diff.err);
    assert.match(diff.out, /^--- support@v1\n\+\+\+ support@v2\n@@ /);
    assert.match(diff.out, /\n- {4}content: \|-\n|\n-.*You help/);
    assert.match(diff.out, /\n\+.*You kindly help/);
  });

  it('rejects bad usage with exit 2 and registry refusals with exit 1', async () => {
    assert.equal((await cli('label', 'support', '1', '--db', dbA)).code, 2);
    assert.equal((await cli('frobnicate')).code, 2);
    assert.equal((await cli('list', '--nope')).code, 2);
    assert.equal((await cli('show', 'nope', '--db', dbA)).code, 1);
    assert.equal((await cli('label', 'support', '9', 'qa', '--db', dbA)).code, 1);
    const missingDb = await cli('list', '--db', `sqlite:${join(dir, 'missing.db')}`);
    assert.equal(missingDb.code, 1);
    assert.match(missingDb.err, /no database at/);
    // A directory that is not there is a usage error naming it, not a raw ENOENT.
    const missingDir = await cli('push', join(dir, 'no-such-dir'), '--db', dbA);
    assert.equal(missingDir.code, 2);
    assert.match(missingDir.err, /no-such-dir: cannot read prompt files there \(ENOENT\)/);
  });

  it('pull → push into a fresh store → pull is byte-identical, and a second push changes nothing', async () => {
    const first = join(dir, 'pull-1');
    const second = join(dir, 'pull-2');
    assert.equal((await cli('pull', first, '--db', dbA)).code, 0);
    const pushed = await cli('push', first, '--db', dbB, '--actor', 'importer');
    assert.equal(pushed.code, 0, pushed.err);
    assert.match(pushed.out, /footer: create prompt with version 1/);
    assert.equal((await cli('pull', second, '--db', dbB)).code, 0);
    const files = readdirSync(first).sort();
    assert.deepEqual(files, ['footer.yaml', 'support.yaml']);
    assert.deepEqual(readdirSync(second).sort(), files);
    for (const file of files)
      assert.equal(readFileSync(join(second, file), 'utf8'), readFileSync(join(first, file), 'utf8'), file);
    const again = await cli('push', first, '--db', dbB);
    assert.equal(again.code, 0, again.err);
    assert.equal(again.out, 'footer: up to date\nsupport: up to date\n');
  });

  it('push creates appended versions and moves labels; edits to released versions are refused', async () => {
    const folder = join(dir, 'edit');
    await cli('pull', folder, '--db', dbB);
    const path = join(folder, 'footer.yaml');
    const original = readFileSync(path, 'utf8');
    writeFileSync(path, original.replace('Regards,', 'Best,'));
    const refused = await cli('push', folder, '--db', dbB);
    assert.equal(refused.code, 1);
    assert.match(refused.err, /footer\.yaml: version 1 no longer matches its contentHash/);
    const appended = original
      .replace('labels:\n  production: 1', 'labels:\n  production: 2')
      .concat('  - commitMessage: shorter\n    text: "Bye, {{team}}"\n');
    writeFileSync(path, appended);
    const dry = await cli('push', folder, '--db', dbB, '--dry-run');
    assert.match(dry.out, /footer: create version 2; label production → v2/);
    assert.equal(
      (await cli('show', 'footer', '--db', dbB)).out.includes('Bye'),
      false,
      'dry run wrote nothing',
    );
    const pushed = await cli('push', folder, '--db', dbB, '--actor', 'reviewer');
    assert.equal(pushed.code, 0, pushed.err);
    const shown = await cli('show', 'footer', '--db', dbB);
    assert.match(shown.out, /^# footer v2 \(production\) — .* by cli:reviewer\n# shorter/);
  });
});
