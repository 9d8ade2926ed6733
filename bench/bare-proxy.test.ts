import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { request } from 'undici';
import { simOptionsSchema } from '../src/config/schema.ts';
import { type SimServer, startSimServer } from '../src/providers/sim/index.ts';
import { type BareProxy, startBareProxy } from './bare-proxy.ts';
import { finite, openTarget, runLoad } from './lib/load.ts';
import { shapeFor } from './lib/scenarios.ts';

let sim: SimServer;
let proxy: BareProxy;

before(async () => {
  sim = await startSimServer({ port: 0, options: simOptionsSchema.parse({ outputTokens: 8 }) });
  proxy = await startBareProxy({ upstream: sim.url });
});

after(async () => {
  await proxy.close();
  await sim.close();
});

const post = (url: string, body: string) =>
  request(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });

test('passes a JSON answer through unchanged', async () => {
  const body = shapeFor(false).body;
  const viaProxy = await post(proxy.url, body);
  const direct = await post(sim.url, body);
  assert.equal(viaProxy.statusCode, 200);
  const [a, b] = [await viaProxy.body.json(), await direct.body.json()] as Array<Record<string, unknown>>;
  // The sim is deterministic per request except for ids and timestamps.
  assert.deepEqual((a as { choices: unknown }).choices, (b as { choices: unknown }).choices);
  assert.deepEqual((a as { usage: unknown }).usage, (b as { usage: unknown }).usage);
});

test('passes a stream through to its [DONE]', async () => {
  const res = await post(proxy.url, shapeFor(true).body);
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /text\/event-stream/);
  const text = await res.body.text();
  assert.ok(text.split('\n\n').filter((e) => e.startsWith('data: {')).length >= 8);
  assert.ok(text.trimEnd().endsWith('data: [DONE]'));
});

test('answers 400 to a body that is not JSON', async () => {
  const res = await post(proxy.url, '{"model":');
  assert.equal(res.statusCode, 400);
  await res.body.dump();
});

test('the load generator times every request and sees streams end', async () => {
  const target = openTarget('bare', proxy.url, 4);
  try {
    const run = await runLoad(target, {
      path: '/v1/chat/completions',
      shapes: [shapeFor(false), shapeFor(true)],
      concurrency: 4,
      requests: 40,
    });
    assert.equal(run.errors, 0, run.errorSamples.join('\n'));
    assert.equal(finite(run.latencyMs).length, 40);
    // Only the streamed half has a time to first token, and it comes before the last byte.
    assert.equal(finite(run.ttftMs).length, 20);
    for (let i = 1; i < 40; i += 2) assert.ok((run.ttftMs[i] as number) <= (run.latencyMs[i] as number));
  } finally {
    await target.pool.close();
  }
});

test('the load generator counts failures instead of timing them', async () => {
  const target = openTarget('sim', sim.url, 2);
  try {
    const run = await runLoad(target, {
      path: '/v1/nope',
      shapes: [shapeFor(false)],
      concurrency: 2,
      requests: 6,
    });
    assert.equal(run.errors, 6);
    assert.equal(finite(run.latencyMs).length, 0);
    assert.match(run.errorSamples[0] ?? '', /HTTP 404/);
  } finally {
    await target.pool.close();
  }
});
