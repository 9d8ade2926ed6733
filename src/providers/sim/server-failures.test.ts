import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, before, beforeEach, describe, it } from 'node:test';
import { simOptionsSchema } from '../../config/schema.ts';
import { type SimServer, startSimServer } from './server.ts';

let sim: SimServer;

before(async () => {
  sim = await startSimServer({
    port: 0,
    options: simOptionsSchema.parse({ outputTokens: 8, retryAfterSeconds: 3 }),
  });
});
after(() => sim.close());
beforeEach(() => sim.resetStats());

const chat = { model: 'sim-1', messages: [{ role: 'user', content: 'Hello.' }] };
const message = { model: 'claude-sim', max_tokens: 50, messages: [{ role: 'user', content: 'Hello.' }] };

function post(path: string, body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal) {
  const init = {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    signal,
  };
  return fetch(`${sim.url}${path}`, init);
}

/** Reads a body until it ends or breaks; returns the text and whether it broke. */
async function drain(res: Response): Promise<{ text: string; broke: boolean }> {
  const decoder = new TextDecoder();
  let text = '';
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>)
      text += decoder.decode(chunk, { stream: true });
    return { text, broke: false };
  } catch {
    return { text, broke: true };
  }
}

describe('sim server: injected failures', () => {
  it('answers 429 with Retry-After, and 500/503, in the route dialect', async () => {
    const limited = await post('/v1/chat/completions', chat, { 'x-sim-error-status': '429' });
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '3');
    assert.equal(JSON.parse(await limited.text()).error.code, 'rate_limit_exceeded');
    const overloaded = await post('/v1/messages', message, { 'x-sim-error-status': '503' });
    assert.equal(overloaded.status, 503);
    assert.equal(((await overloaded.json()) as { type: string }).type, 'error');
    const broken = await post('/v1/embeddings', { model: 'e', input: 'x' }, { 'x-sim-error-status': '500' });
    assert.equal(broken.status, 500);
    await broken.arrayBuffer();
    assert.deepEqual(sim.stats().byStatus, { 429: 1, 503: 1, 500: 1 });
  });

  it('cuts an OpenAI stream after N tokens: no [DONE], the client sees a broken body', async () => {
    const res = await post(
      '/v1/chat/completions',
      { ...chat, stream: true },
      { 'x-sim-disconnect-after': '2' },
    );
    assert.equal(res.status, 200);
    const { text, broke } = await drain(res);
    assert.equal(broke, true);
    assert.equal(text.includes('[DONE]'), false);
    const contents = text.split('\n\n').filter((b) => b.includes('"content":"') && !b.includes('"role"'));
    assert.equal(contents.length, 2);
    assert.equal(sim.stats().byStatus.disconnect, 1);
  });

  it('cuts an Anthropic stream halfway on an injected disconnect, before message_stop', async () => {
    const res = await post(
      '/v1/messages',
      { ...message, stream: true },
      { 'x-sim-error-status': 'disconnect' },
    );
    const { text, broke } = await drain(res);
    assert.equal(broke, true);
    assert.equal(text.includes('message_stop'), false);
    assert.equal(text.split('event: content_block_delta').length - 1, 4);
  });

  it('drops a non-stream request on disconnect', async () => {
    await assert.rejects(post('/v1/chat/completions', chat, { 'x-sim-error-status': 'disconnect' }));
  });

  it('never answers on timeout until the client gives up', async () => {
    const started = performance.now();
    const signal = AbortSignal.timeout(150);
    await assert.rejects(post('/v1/chat/completions', chat, { 'x-sim-error-status': 'timeout' }, signal), {
      name: 'TimeoutError',
    });
    assert.ok(performance.now() - started >= 140);
    assert.equal(sim.stats().byStatus.timeout, 1);
  });

  it('delays first token and tokens as the headers ask (lower bounds only)', async () => {
    const started = performance.now();
    const headers = { 'x-sim-ttft-ms': '80', 'x-sim-inter-token-ms': '20', 'x-sim-output-tokens': '4' };
    const res = await post('/v1/chat/completions', { ...chat, stream: true }, headers);
    const { text } = await drain(res);
    assert.ok(text.endsWith('data: [DONE]\n\n'));
    assert.ok(performance.now() - started >= 80 + 3 * 20 - 10);
    const slow = performance.now();
    await (await post('/v1/chat/completions', chat, { 'x-sim-latency-ms': '60' })).arrayBuffer();
    assert.ok(performance.now() - slow >= 55);
  });

  it('returns 413 for an oversized chunked body', async () => {
    const big = Buffer.alloc(1024 * 1024, 0x20);
    const body = Readable.toWeb(
      Readable.from(
        (function* () {
          for (let i = 0; i < 11; i++) yield big;
        })(),
      ),
    );
    const res = await fetch(`${sim.url}/v1/chat/completions`, {
      method: 'POST',
      body: body as ReadableStream,
      duplex: 'half',
    } as RequestInit);
    assert.equal(res.status, 413);
    assert.equal(JSON.parse(await res.text()).error.type, 'invalid_request_error');
  });
});

describe('sim server: error rate and stats', () => {
  it('fails the first of two requests at errorRate 0.5, so a retry reaches a healthy answer', async () => {
    const flaky = await startSimServer({
      port: 0,
      options: simOptionsSchema.parse({ errorRate: 0.5, errorStatus: 503 }),
    });
    try {
      const first = await fetch(`${flaky.url}/v1/chat/completions`, {
        method: 'POST',
        body: JSON.stringify(chat),
      });
      const second = await fetch(`${flaky.url}/v1/chat/completions`, {
        method: 'POST',
        body: JSON.stringify(chat),
      });
      assert.deepEqual([first.status, second.status], [503, 200]);
      await Promise.all([first.arrayBuffer(), second.arrayBuffer()]);
      const stats = flaky.stats();
      assert.equal(stats.requests, 2);
      assert.deepEqual(stats.byPath, { '/v1/chat/completions': 2 });
      assert.deepEqual(stats.byRoute, {
        'POST /v1/chat/completions 503': 1,
        'POST /v1/chat/completions 200': 1,
      });
    } finally {
      await flaky.close();
    }
  });

  it('closes promptly with a hung request in flight', async () => {
    const hung = await startSimServer({
      port: 0,
      options: simOptionsSchema.parse({ errorRate: 1, errorStatus: 'timeout' }),
    });
    const pending = fetch(`${hung.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify(chat) });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await hung.close();
    await assert.rejects(pending);
  });
});
