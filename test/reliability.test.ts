import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import OpenAI from 'openai';
import { simOptionsSchema } from '../src/config/index.ts';
import type { RunningKeel } from '../src/gateway/start.ts';
import { type SimServer, startSimServer } from '../src/providers/sim/index.ts';
import { eventually, startTestKeel } from './harness.ts';

const fast = { baseDelayMs: 1, maxDelayMs: 5 };
const ask = (model: string, extra: Record<string, unknown> = {}) => ({
  model,
  messages: [{ role: 'user' as const, content: 'hello' }],
  ...extra,
});

/** Retries, fallbacks, circuit breaker, broken streams and disconnects, with sim failure injection. */
describe('gateway reliability against a failing upstream', () => {
  let keel: RunningKeel;
  let sim: SimServer;
  let client: OpenAI;

  before(async () => {
    sim = await startSimServer({ port: 0, options: simOptionsSchema.parse({ outputTokens: 8 }) });
    const upstream = (headers: Record<string, string> = {}) => ({
      type: 'openai' as const,
      baseUrl: `${sim.url}/v1`,
      headers,
    });
    keel = await startTestKeel({
      providers: {
        ok: upstream(),
        fail500: upstream({ 'x-sim-error-status': '500' }),
        fail429: upstream({ 'x-sim-error-status': '429' }),
        broken: upstream({ 'x-sim-disconnect-after': '3', 'x-sim-output-tokens': '20' }),
        slow: upstream({ 'x-sim-inter-token-ms': '40', 'x-sim-output-tokens': '200' }),
        tiny: { type: 'sim', sim: { contextWindow: 3 } },
        local: { type: 'sim' },
      },
      models: {
        plain: { deployments: [{ provider: 'ok', model: 'm' }] },
        'retry-then-ok': {
          retries: { maxRetries: 2, ...fast },
          deployments: [
            { provider: 'fail500', model: 'm', weight: 1 },
            { provider: 'ok', model: 'm', weight: 0 },
          ],
        },
        'always-500': {
          retries: { maxRetries: 2, ...fast },
          circuit: { failureThreshold: 100 },
          deployments: [{ provider: 'fail500', model: 'm' }],
        },
        'falls-back': {
          retries: { maxRetries: 1, ...fast },
          fallbacks: ['plain'],
          deployments: [{ provider: 'fail500', model: 'm' }],
        },
        'falls-back-cached': {
          retries: { maxRetries: 0 },
          circuit: { failureThreshold: 100 },
          cache: { enabled: true, ttlSeconds: 600 },
          fallbacks: ['plain'],
          deployments: [{ provider: 'fail500', model: 'm' }],
        },
        'cached-plain': {
          cache: { enabled: true, ttlSeconds: 600 },
          deployments: [{ provider: 'ok', model: 'm' }],
        },
        breaker: {
          retries: { maxRetries: 0 },
          circuit: { failureThreshold: 2, cooldownMs: 60_000 },
          deployments: [{ provider: 'fail500', model: 'm' }],
        },
        'breaker-short': {
          retries: { maxRetries: 0 },
          circuit: { failureThreshold: 1, cooldownMs: 30_000 },
          deployments: [{ provider: 'fail500', model: 'm' }],
        },
        limited: {
          retries: { maxRetries: 0 },
          circuit: { failureThreshold: 100 },
          deployments: [{ provider: 'fail429', model: 'm' }],
        },
        truncated: { retries: { maxRetries: 0 }, deployments: [{ provider: 'broken', model: 'm' }] },
        slow: { deployments: [{ provider: 'slow', model: 'm' }] },
        'small-context': {
          fallbackOn: ['context_window'],
          fallbacks: ['local'],
          deployments: [{ provider: 'tiny', model: 'm' }],
        },
        local: { deployments: [{ provider: 'local', model: 'm' }] },
        'tiny-only': { deployments: [{ provider: 'tiny', model: 'm' }] },
        'bad-request': { fallbacks: ['plain'], deployments: [{ provider: 'ok', model: 'm' }] },
      },
    });
    client = new OpenAI({ baseURL: `${keel.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  });
  after(async () => {
    await keel.close();
    await sim.close();
  });
  beforeEach(() => sim.resetStats());

  it('retries on another deployment after a 5xx and says so in headers', async () => {
    const { data, response } = await client.chat.completions.create(ask('retry-then-ok')).withResponse();
    assert.ok(data.choices[0]?.message.content);
    assert.equal(response.headers.get('x-keel-attempts'), '2');
    assert.equal(response.headers.get('x-keel-deployment'), 'ok/m');
    assert.equal(sim.stats().byStatus['500'], 1);
  });

  it('gives up after maxRetries with the upstream error, never a 500', async () => {
    await assert.rejects(client.chat.completions.create(ask('always-500')), (error: unknown) => {
      assert.ok(error instanceof OpenAI.APIError);
      assert.equal(error.status, 502);
      assert.equal(error.headers?.get('x-keel-attempts'), '3');
      return true;
    });
    assert.equal(sim.stats().byStatus['500'], 3);
  });

  it('falls back to the next model when retries are exhausted', async () => {
    const { response } = await client.chat.completions.create(ask('falls-back')).withResponse();
    assert.equal(response.headers.get('x-keel-model'), 'plain');
    assert.equal(response.headers.get('x-keel-fallback'), 'true');
    assert.equal(response.headers.get('x-keel-attempts'), '3');
  });

  it('does not cache an answer a fallback served, so the primary answers again once it recovers', async () => {
    const req = ask('falls-back-cached');
    for (let i = 0; i < 2; i++) {
      const { response } = await client.chat.completions.create(req).withResponse();
      assert.equal(response.headers.get('x-keel-fallback'), 'true');
      assert.equal(response.headers.get('x-keel-cache'), 'miss', `request ${i + 1}`);
    }
    assert.equal(sim.stats().byStatus['500'], 2, 'the primary was tried both times');
    // Streamed the same: the fallback's stream is not stored either.
    const streamed = { ...ask('falls-back-cached'), stream: true as const };
    for (let i = 0; i < 2; i++) {
      const { data, response } = await client.chat.completions.create(streamed).withResponse();
      for await (const _ of data);
      assert.equal(response.headers.get('x-keel-cache'), 'miss', `stream ${i + 1}`);
    }
    // The same route without a fallback in play caches as before.
    const plain = ask('cached-plain');
    await client.chat.completions.create(plain);
    const hit = await client.chat.completions.create(plain).withResponse();
    assert.equal(hit.response.headers.get('x-keel-cache'), 'hit');
  });

  it('falls back on context-window errors when configured to', async () => {
    const long = {
      messages: [
        { role: 'user' as const, content: 'this prompt is longer than the tiny context window allows' },
      ],
    };
    const { response } = await client.chat.completions.create(ask('small-context', long)).withResponse();
    assert.equal(response.headers.get('x-keel-model'), 'local');
  });

  it("names a context overflow as each dialect's own API does", async () => {
    const content = 'this prompt is longer than the tiny context window allows';
    await assert.rejects(
      client.chat.completions.create(ask('tiny-only', { messages: [{ role: 'user', content }] })),
      (error: unknown) => {
        assert.ok(error instanceof OpenAI.BadRequestError);
        assert.equal(error.code, 'context_length_exceeded');
        return true;
      },
    );
    const response = await fetch(`${keel.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'tiny-only', max_tokens: 5, messages: [{ role: 'user', content }] }),
    });
    assert.equal(response.status, 400);
    const body = (await response.json()) as { error: { type: string; message: string } };
    assert.equal(body.error.type, 'invalid_request_error');
    assert.match(body.error.message, /^prompt is too long/);
  });

  it('does not fall back on a caller error', async () => {
    await assert.rejects(
      client.chat.completions.create(ask('bad-request', { messages: [] })),
      OpenAI.BadRequestError,
    );
    assert.equal(sim.stats().requests, 0);
  });

  it('opens the circuit after repeated failures and stops calling the upstream', async () => {
    for (let i = 0; i < 2; i++)
      await assert.rejects(client.chat.completions.create(ask('breaker')), { status: 502 });
    await assert.rejects(client.chat.completions.create(ask('breaker')), (error: unknown) => {
      assert.ok(error instanceof OpenAI.APIError);
      assert.equal(error.status, 503);
      assert.equal(error.code, 'circuit_open');
      // A 60 s cooldown is longer than every SDK waits: fail fast, but say when to come back.
      assert.equal(error.headers?.get('x-should-retry'), 'false');
      const retryAfter = Number(error.headers?.get('retry-after'));
      assert.ok(retryAfter > 50 && retryAfter <= 60, String(retryAfter));
      return true;
    });
    assert.equal(sim.stats().requests, 2, 'the third request never reached the upstream');
    const metrics = await (await fetch(`${keel.url}/metrics`)).text();
    assert.match(metrics, /keel_circuit_state\{deployment="fail500\/m",model="breaker"\} 2/);
  });

  it('tells SDKs to retry an open circuit when it half-opens, not at once', async () => {
    await assert.rejects(client.chat.completions.create(ask('breaker-short')), { status: 502 });
    await assert.rejects(client.chat.completions.create(ask('breaker-short')), (error: unknown) => {
      assert.ok(error instanceof OpenAI.APIError);
      assert.equal(error.code, 'circuit_open');
      assert.equal(error.headers?.get('x-should-retry'), 'true');
      const retryAfter = Number(error.headers?.get('retry-after'));
      assert.ok(retryAfter > 25 && retryAfter <= 30, String(retryAfter));
      return true;
    });
  });

  it('passes a 429 through with Retry-After when retries are off', async () => {
    await assert.rejects(client.chat.completions.create(ask('limited')), (error: unknown) => {
      assert.ok(error instanceof OpenAI.RateLimitError);
      assert.ok(Number(error.headers?.get('retry-after')) >= 1);
      return true;
    });
  });

  it('ends a truncated upstream stream with an error event, never [DONE]', async () => {
    const response = await fetch(`${keel.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ask('truncated', { stream: true })),
    });
    assert.equal(response.status, 200);
    const text = await response.text();
    assert.match(text, /^data: \{"id"/);
    assert.ok(!text.includes('[DONE]'), 'a broken stream must not look complete');
    assert.match(text, /data: \{"error":\{.*"code":"upstream_stream_broken"/);
    // The SDK surfaces it as an error, not a short answer.
    const stream = await client.chat.completions.create({ ...ask('truncated'), stream: true });
    await assert.rejects(async () => {
      for await (const _chunk of stream) {
        // drain
      }
    });
    const id = response.headers.get('x-keel-request-id');
    assert.ok(id);
    const record = await eventually(() => keel.store.requests.get(id));
    assert.equal(record.errorCode, 'upstream_stream_broken');
  });

  it('aborts the upstream request when the client disconnects mid-stream', async () => {
    const controller = new AbortController();
    const response = await fetch(`${keel.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ask('slow', { stream: true })),
      signal: controller.signal,
    });
    const id = response.headers.get('x-keel-request-id');
    assert.ok(id);
    const reader = response.body?.getReader();
    await reader?.read();
    controller.abort();
    await eventually(() => (sim.stats().byStatus.aborted ?? 0) >= 1);
    const record = await eventually(() => keel.store.requests.get(id));
    assert.equal(record.status, 499);
    assert.equal(record.errorCode, 'client_disconnected');
  });
});
