import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadConfigFile } from '../src/config/index.ts';
import { type RunningKeel, startKeel } from '../src/gateway/start.ts';
import { silentLogger } from '../src/log/index.ts';
import { eventually } from './harness.ts';

const config = (models: string, extra = '') => `
server: { port: 0 }
store: { url: "sqlite::memory:" }
providers:
  sim:
    type: sim
    sim: { interTokenMs: 15, outputTokens: 40 }
models:
${models}
${extra}`;

async function modelIds(url: string): Promise<string[]> {
  const body = (await (await fetch(`${url}/v1/models`)).json()) as { data: Array<{ id: string }> };
  return body.data.map((m) => m.id).sort();
}

describe('hot reload', () => {
  let dir: string;
  let file: string;
  let keel: RunningKeel;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'keel-reload-'));
    file = join(dir, 'keel.yaml');
    writeFileSync(file, config('  alpha: { deployments: [{ provider: sim, model: s1 }] }'));
    keel = await startKeel({ config: loadConfigFile(file), configFile: file, logger: silentLogger() });
  });
  after(async () => {
    await keel.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('applies a good change without dropping an in-flight stream', async () => {
    const response = await fetch(`${keel.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'alpha',
        stream: true,
        messages: [{ role: 'user', content: 'long answer' }],
      }),
    });
    const reader = response.body!.getReader();
    await reader.read();
    writeFileSync(
      file,
      config(
        '  alpha: { deployments: [{ provider: sim, model: s1 }] }\n  beta: { deployments: [{ provider: sim, model: s2 }] }',
      ),
    );
    await eventually(async () => (await modelIds(keel.url)).includes('beta'));
    let text = '';
    const decoder = new TextDecoder();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    assert.ok(text.includes('data: [DONE]'), 'the stream that started before the reload completed');
  });

  it('rejects a bad change and keeps serving the old config', async () => {
    const before = await modelIds(keel.url);
    writeFileSync(file, config('  alpha: { deployments: [{ provider: nowhere, model: s1 }] }'));
    await new Promise((resolve) => setTimeout(resolve, 600));
    writeFileSync(file, 'models: [this is: not valid');
    // Wait for the watcher to have rejected something (not a guessed sleep): then the config kept.
    const rejected = /keel_config_reloads_total\{result="rejected"\} [1-9]/;
    await eventually(async () => rejected.test(await (await fetch(`${keel.url}/metrics`)).text()));
    await new Promise((resolve) => setTimeout(resolve, 600));
    assert.deepEqual(await modelIds(keel.url), before);
    const ok = await fetch(`${keel.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'beta', messages: [{ role: 'user', content: 'still here?' }] }),
    });
    assert.equal(ok.status, 200);
  });
});
