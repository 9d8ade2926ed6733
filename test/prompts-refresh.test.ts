/**
 * Embedded mode with a file database: a change made outside the running Keel (the CLI on the same
 * SQLite file, which cannot reach Keel's in-process notifier) is picked up by the timed revision
 * re-check. Also prompt metadata updates and deletion through the API.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promptsCommand } from '../src/cli/commands/prompts.ts';
import type { RunningKeel } from '../src/gateway/start.ts';
import { promptsModule } from '../src/prompts/index.ts';
import { eventually, startTestKeel } from './harness.ts';

const dir = mkdtempSync(join(tmpdir(), 'keel-prompts-refresh-'));
const db = `sqlite:${join(dir, 'keel.db')}`;

describe('prompts: embedded mode re-check and metadata', () => {
  let keel: RunningKeel;
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${keel.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };

  before(async () => {
    keel = await startTestKeel(
      {
        store: { url: db },
        providers: { sim: { type: 'sim' } },
        models: { demo: { deployments: [{ provider: 'sim', model: 'sim-1' }] } },
        prompts: { refreshSeconds: 0.3 },
      },
      { modules: [promptsModule()] },
    );
  });
  after(async () => {
    await keel.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves a label moved by the CLI on the same database within a second or so', async () => {
    const content = { text: 'v{{n}}', model: 'demo' };
    assert.equal(
      (await api('POST', '/api/prompts', { name: 'p', ...content, labels: ['production'] })).status,
      201,
    );
    assert.equal((await api('POST', '/api/prompts/p/versions', content)).status, 201);
    const io = { out: () => {}, err: () => {}, env: {} };
    assert.equal(await promptsCommand(['label', 'p', '2', 'production', '--db', db], io), 0);
    const started = Date.now();
    await eventually(async () => {
      const res = await api('POST', '/api/prompts/p/render', { variables: { n: 1 } });
      return (res.body.prompt as { version: number }).version === 2;
    }, 5000);
    assert.ok(Date.now() - started < 5000);
  });

  it('updates description and tags, deletes prompts', async () => {
    const patched = await api('PATCH', '/api/prompts/p', { description: 'demo prompt', tags: ['a'] });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.description, 'demo prompt');
    assert.equal((await api('PATCH', '/api/prompts/p', { owner: 'x' })).status, 400);
    assert.equal(Array.isArray((await api('GET', '/api/prompts')).body.data), true);
    assert.equal((await api('DELETE', '/api/prompts/p')).status, 204);
    assert.equal((await api('GET', '/api/prompts/p')).status, 404);
    assert.equal((await api('DELETE', '/api/prompts/p')).status, 404);
    const gone = await fetch(`${keel.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'prompt:p', messages: [{ role: 'user', content: 'x' }] }),
    });
    assert.equal(gone.status, 404);
  });
});
