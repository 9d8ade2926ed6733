import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningKeel } from '../src/gateway/start.ts';
import { startTestKeel } from './harness.ts';

describe('metrics labels', () => {
  let keel: RunningKeel;
  before(async () => {
    keel = await startTestKeel({
      providers: { sim: { type: 'sim' } },
      models: { demo: { deployments: [{ provider: 'sim', model: 'sim-1' }] } },
    });
  });
  after(async () => {
    await keel.close();
  });

  it('label a configured model by name and every made-up name as unknown', async () => {
    const chat = (model: string) =>
      fetch(`${keel.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
      });
    assert.equal((await chat('demo')).status, 200);
    for (let i = 0; i < 5; i++) assert.equal((await chat(`made-up-${i}-${'x'.repeat(i * 50)}`)).status, 404);
    const metrics = await (await fetch(`${keel.url}/metrics`)).text();
    const lines = metrics.split('\n').filter((l) => l.startsWith('keel_requests_total{'));
    assert.ok(
      lines.some((l) => l.includes('model="demo"')),
      lines.join('\n'),
    );
    assert.ok(
      lines.some((l) => l.includes('model="unknown"')),
      lines.join('\n'),
    );
    assert.ok(!metrics.includes('made-up-'), 'no label carries the caller-chosen name');
  });
});
