import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { afterEach, describe, it } from 'node:test';
import { providerSchema } from '../../config/schema.ts';
import { KeelError } from '../../errors/index.ts';
import type { ChatRequest } from '../../spec/chat.ts';
import type { CallContext, Provider } from '../../spec/provider.ts';
import { startTestUpstream, type TestHandler, type TestUpstream } from '../http/test-upstream.ts';
import { createOpenAiProvider, type OpenAiProviderConfig } from '../openai/index.ts';

const KEY = 'sk-test-secret-key-0123456789';
const request: ChatRequest = {
  model: 'public-model',
  messages: [{ role: 'user', content: 'hi' }],
  temperature: 0.2,
  stream_options: { include_usage: true },
  custom_param: { nested: true },
};
const completion = {
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1,
  model: 'gpt-4o-2024',
  choices: [{ index: 0, message: { role: 'assistant', content: 'hello' }, finish_reason: 'stop' }],
  usage: {
    prompt_tokens: 12,
    completion_tokens: 5,
    total_tokens: 17,
    prompt_tokens_details: { cached_tokens: 8 },
    completion_tokens_details: { reasoning_tokens: 2 },
  },
};

function ctx(signal = new AbortController().signal): CallContext {
  return { signal, upstreamModel: 'gpt-4o', requestId: 'req-123' };
}

function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

async function setup(handler: TestHandler): Promise<{ upstream: TestUpstream; provider: Provider }> {
  const upstream = await startTestUpstream(handler);
  const config = providerSchema.parse({
    type: 'openai',
    baseUrl: `${upstream.origin}/v1`,
    apiKey: KEY,
    headers: { 'X-Custom': 'yes' },
  }) as OpenAiProviderConfig;
  const provider = createOpenAiProvider('p1', config);
  cleanup.push(
    () => upstream.close(),
    () => provider.close?.() ?? Promise.resolve(),
  );
  return { upstream, provider };
}

describe('OpenAI-compatible chat (JSON)', () => {
  it('sends the request with the upstream model, stream:false and headers; extracts usage', async () => {
    const { upstream, provider } = await setup((_req, res) => json(res, 200, completion));
    const result = await provider.chat(request, ctx());
    assert.deepEqual(result.body, completion);
    assert.deepEqual(result.usage, {
      promptTokens: 12,
      completionTokens: 5,
      totalTokens: 17,
      cachedTokens: 8,
      reasoningTokens: 2,
    });
    const seen = upstream.requests[0];
    assert.ok(seen);
    assert.equal(seen.url, '/v1/chat/completions');
    assert.equal(seen.headers.authorization, `Bearer ${KEY}`);
    assert.equal(seen.headers['x-custom'], 'yes');
    assert.equal(seen.headers['x-request-id'], 'req-123');
    assert.equal(seen.headers['x-keel-request-id'], 'req-123');
    const body = JSON.parse(seen.body);
    assert.equal(body.model, 'gpt-4o');
    assert.equal(body.stream, false);
    assert.equal(body.stream_options, undefined, 'stream_options is rejected by OpenAI without stream');
    assert.equal(body.temperature, 0.2);
    assert.deepEqual(body.custom_param, { nested: true });
  });

  it('returns no usage when the upstream reports none', async () => {
    const { provider } = await setup((_req, res) => json(res, 200, { ...completion, usage: undefined }));
    assert.equal((await provider.chat(request, ctx())).usage, undefined);
  });

  it('rejects a non-JSON success body as upstream_error', async () => {
    const { provider } = await setup((_req, res) => json(res, 200, '<html>proxy</html>'));
    await assert.rejects(provider.chat(request, ctx()), { code: 'upstream_error' });
  });

  const table: Array<{
    name: string;
    status: number;
    body: unknown;
    headers?: Record<string, string>;
    expect: Partial<KeelError>;
  }> = [
    {
      name: '429 + Retry-After seconds',
      status: 429,
      body: { error: { message: 'Rate limit reached', code: 'rate_limit_exceeded' } },
      headers: { 'retry-after': '2' },
      expect: { code: 'upstream_rate_limited', status: 429, retryAfterMs: 2000, retryable: true },
    },
    {
      name: '500',
      status: 500,
      body: { error: { message: 'The server had an error' } },
      expect: { code: 'upstream_error', status: 502, upstreamStatus: 500, retryable: true },
    },
    {
      name: '503',
      status: 503,
      body: 'Service Unavailable',
      expect: { code: 'upstream_error', status: 502, upstreamStatus: 503, retryable: true },
    },
    {
      name: '400 context_length_exceeded',
      status: 400,
      body: {
        error: {
          message: "This model's maximum context length is 8192 tokens",
          code: 'context_length_exceeded',
        },
      },
      expect: { code: 'context_window_exceeded', status: 400, retryable: false },
    },
    {
      name: '401',
      status: 401,
      body: { error: { message: `Incorrect API key provided: ${KEY}`, code: 'invalid_api_key' } },
      expect: { code: 'upstream_error', status: 502, upstreamStatus: 401, retryable: false },
    },
  ];
  for (const row of table) {
    it(`maps upstream ${row.name}`, async () => {
      const { provider } = await setup((_req, res) => json(res, row.status, row.body, row.headers));
      const err = await provider.chat(request, ctx()).then(
        () => assert.fail('expected a rejection'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof KeelError);
      for (const [key, value] of Object.entries(row.expect)) {
        assert.equal(err[key as keyof KeelError], value, `${row.name}: ${key}`);
      }
      assert.ok(!err.message.includes(KEY), 'never echoes the key');
      assert.ok(!err.message.includes('sk-'), 'nothing key-like');
    });
  }

  it('maps 429 with an HTTP-date Retry-After', async () => {
    const date = new Date(Date.now() + 60_000).toUTCString();
    const { provider } = await setup((_req, res) =>
      json(res, 429, { error: { message: 'slow down' } }, { 'retry-after': date }),
    );
    const err = await provider.chat(request, ctx()).catch((e: unknown) => e);
    assert.ok(err instanceof KeelError);
    assert.equal(err.code, 'upstream_rate_limited');
    // HTTP dates have 1 s resolution; allow generous slack for a busy machine.
    assert.ok(
      err.retryAfterMs !== undefined && err.retryAfterMs > 30_000 && err.retryAfterMs <= 60_000,
      `${err.retryAfterMs}`,
    );
  });

  it('maps a dead upstream to upstream_connection', async () => {
    const { upstream, provider } = await setup((_req, res) => {
      res.socket?.destroy();
    });
    await assert.rejects(provider.chat(request, ctx()), { code: 'upstream_connection' });
    assert.equal(upstream.requests.length, 1);
  });
});

describe('OpenAI-compatible embeddings', () => {
  it('posts /embeddings with the upstream model and returns usage', async () => {
    const answer = {
      object: 'list',
      data: [{ object: 'embedding', index: 0, embedding: [0.1, 0.2] }],
      model: 'text-embedding-3-small',
      usage: { prompt_tokens: 4, total_tokens: 4 },
    };
    const { upstream, provider } = await setup((_req, res) => json(res, 200, answer));
    const result = await provider.embed({ model: 'public-embed', input: ['a b c d'] }, ctx());
    assert.deepEqual(result.body, answer);
    assert.deepEqual(result.usage, { promptTokens: 4, completionTokens: 0, totalTokens: 4 });
    const seen = upstream.requests[0];
    assert.equal(seen?.url, '/v1/embeddings');
    assert.deepEqual(JSON.parse(seen?.body ?? ''), { model: 'gpt-4o', input: ['a b c d'] });
  });
});
