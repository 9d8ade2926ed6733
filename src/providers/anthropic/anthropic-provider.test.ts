import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { afterEach, describe, it } from 'node:test';
import { providerSchema } from '../../config/schema.ts';
import { KeelError } from '../../errors/index.ts';
import type {
  CallContext,
  ChatCompletionChunk,
  ChatRequest,
  Provider,
  StreamPart,
} from '../../spec/index.ts';
import { startTestUpstream, type TestHandler, type TestUpstream } from '../http/test-upstream.ts';
import { type AnthropicProviderConfig, createAnthropicProvider, messagesPath } from './anthropic-provider.ts';

const REQUEST: ChatRequest = {
  model: 'public',
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'hi' },
  ],
};

const MESSAGE = {
  id: 'msg_1',
  type: 'message',
  role: 'assistant',
  content: [{ type: 'text', text: 'Hello!' }],
  model: 'claude-up',
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage: { input_tokens: 9, output_tokens: 3, cache_read_input_tokens: 4, cache_creation_input_tokens: 0 },
};

function ev(type: string, data: Record<string, unknown> = {}): string {
  return `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
}

const STREAM = [
  ev('message_start', {
    message: { ...MESSAGE, content: [], stop_reason: null, usage: { input_tokens: 9, output_tokens: 1 } },
  }),
  ev('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
  ev('ping'),
  ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'Hel' } }),
  ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'lo!' } }),
  ev('content_block_stop', { index: 0 }),
  ev('content_block_start', {
    index: 1,
    content_block: { type: 'tool_use', id: 'toolu_1', name: 'f', input: {} },
  }),
  ev('content_block_delta', { index: 1, delta: { type: 'input_json_delta', partial_json: '{"a":1}' } }),
  ev('content_block_stop', { index: 1 }),
  ev('message_delta', {
    delta: { stop_reason: 'tool_use', stop_sequence: null },
    usage: { output_tokens: 5 },
  }),
  ev('message_stop'),
];

function ctx(signal = new AbortController().signal): CallContext {
  return { signal, upstreamModel: 'claude-up', requestId: 'req-1' };
}

function sse(res: ServerResponse, events: string[], end = true): void {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  for (const event of events) res.write(event);
  if (end) res.end();
}

async function collect(parts: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const out: StreamPart[] = [];
  for await (const part of parts) out.push(part);
  return out;
}

function lastError(parts: StreamPart[]): KeelError {
  const last = parts.at(-1);
  assert.equal(last?.type, 'error', 'the stream must end with an error part');
  assert.ok(!parts.some((p) => p.type === 'finish'), 'never a clean finish');
  const { error } = last as { error: Error };
  assert.ok(error instanceof KeelError);
  return error;
}

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

async function setup(
  handler: TestHandler,
  extra: Record<string, unknown> = {},
): Promise<{ upstream: TestUpstream; provider: Provider }> {
  const upstream = await startTestUpstream(handler);
  const config = providerSchema.parse({
    type: 'anthropic',
    baseUrl: upstream.origin,
    apiKey: { env: 'ANTH_KEY' },
    headers: { 'Anthropic-Beta': 'tools-2024' },
    defaultMaxTokens: 321,
    ...extra,
  }) as AnthropicProviderConfig;
  const provider = createAnthropicProvider('anth', config, { env: { ANTH_KEY: 'sk-ant-test-key' } });
  cleanup.push(
    () => upstream.close(),
    () => provider.close?.() ?? Promise.resolve(),
  );
  return { upstream, provider };
}

describe('anthropic provider: JSON', () => {
  it('posts a translated request with Anthropic headers and translates the answer', async () => {
    const { upstream, provider } = await setup((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(MESSAGE));
    });
    const result = await provider.chat(REQUEST, ctx());
    const seen = upstream.requests[0];
    assert.equal(seen?.method, 'POST');
    assert.equal(seen?.url, '/v1/messages');
    assert.equal(seen?.headers['x-api-key'], 'sk-ant-test-key');
    assert.equal(seen?.headers['anthropic-version'], '2023-06-01');
    assert.equal(seen?.headers['anthropic-beta'], 'tools-2024');
    assert.equal(seen?.headers['x-request-id'], 'req-1');
    assert.equal(seen?.headers.authorization, undefined);
    assert.deepEqual(JSON.parse(seen?.body ?? ''), {
      model: 'claude-up',
      max_tokens: 321,
      messages: [{ role: 'user', content: 'hi' }],
      system: 'Be brief.',
    });
    assert.equal(result.body.choices[0]?.message.content, 'Hello!');
    assert.equal(result.body.choices[0]?.finish_reason, 'stop');
    assert.deepEqual(result.usage, {
      promptTokens: 13,
      completionTokens: 3,
      totalTokens: 16,
      cachedTokens: 4,
    });
    assert.equal(provider.dialect, 'anthropic');
    assert.equal(provider.capabilities.embeddings, false);
  });

  it('maps 429 with retry-after, 529 and prompt-too-long without leaking the key', async () => {
    const answers = [
      { status: 429, headers: { 'retry-after': '3' }, type: 'rate_limit_error', message: 'Rate limited' },
      { status: 529, headers: {}, type: 'overloaded_error', message: 'Overloaded' },
      { status: 400, headers: {}, type: 'invalid_request_error', message: 'prompt is too long: 9 > 8' },
      {
        status: 401,
        headers: {},
        type: 'authentication_error',
        message: 'invalid x-api-key sk-ant-test-key',
      },
    ];
    let i = 0;
    const { provider } = await setup((_req, res) => {
      const answer = answers[i++ % answers.length];
      res.writeHead(answer?.status ?? 500, { 'content-type': 'application/json', ...answer?.headers });
      res.end(JSON.stringify({ type: 'error', error: { type: answer?.type, message: answer?.message } }));
    });
    const failure = (fn: () => Promise<unknown>) =>
      fn().then(
        () => assert.fail('expected a rejection'),
        (err: unknown) => err as KeelError,
      );
    const limited = await failure(() => provider.chat(REQUEST, ctx()));
    assert.equal(limited.code, 'upstream_rate_limited');
    assert.equal(limited.retryAfterMs, 3000);
    const overloaded = await failure(() => provider.chatStream(REQUEST, ctx()));
    assert.equal(overloaded.code, 'upstream_error');
    assert.equal(overloaded.status, 503);
    assert.equal(overloaded.retryable, true);
    const long = await failure(() => provider.chat(REQUEST, ctx()));
    assert.equal(long.code, 'context_window_exceeded');
    const auth = await failure(() => provider.chat(REQUEST, ctx()));
    assert.equal(auth.code, 'upstream_error');
    assert.doesNotMatch(auth.message, /sk-ant-test-key/);
  });

  it('rejects a body that is not an Anthropic message', async () => {
    const { provider } = await setup((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"choices":[]}');
    });
    await assert.rejects(provider.chat(REQUEST, ctx()), { code: 'upstream_error' });
  });

  it('refuses embeddings and untranslatable requests before calling upstream', async () => {
    const { upstream, provider } = await setup((_req, res) => {
      res.end();
    });
    await assert.rejects(provider.embed({ model: 'm', input: 'x' }, ctx()), /no embeddings API/);
    await assert.rejects(provider.chat({ ...REQUEST, n: 3 }, ctx()), { code: 'invalid_request', param: 'n' });
    assert.equal(upstream.requests.length, 0);
  });

  it('reports an unreachable upstream as upstream_connection', async () => {
    const { upstream, provider } = await setup((_req, res) => {
      res.end();
    });
    await upstream.close();
    await assert.rejects(provider.chat(REQUEST, ctx()), { code: 'upstream_connection' });
  });
});

describe('anthropic provider: configuration', () => {
  it('names a missing environment variable', () => {
    const config = providerSchema.parse({
      type: 'anthropic',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: keel.yaml's `${ENV}` placeholder syntax
      apiKey: '${NOPE_KEY}',
    }) as AnthropicProviderConfig;
    assert.throws(
      () => createAnthropicProvider('anth', config, { env: {} }),
      (err: unknown) =>
        err instanceof KeelError && err.code === 'config_invalid' && /NOPE_KEY/.test(err.message),
    );
  });

  it('builds the messages path from the base URL', () => {
    assert.equal(messagesPath('https://api.anthropic.com'), '/v1/messages');
    assert.equal(messagesPath('https://proxy.test/anthropic/'), '/anthropic/v1/messages');
    assert.equal(messagesPath('https://proxy.test/anthropic/v1'), '/anthropic/v1/messages');
  });
});

describe('anthropic provider: streaming', () => {
  it('streams OpenAI chunks and attaches usage to the finish chunk', async () => {
    const { upstream, provider } = await setup((_req, res) => sse(res, STREAM));
    const stream = await provider.chatStream({ ...REQUEST, stream: true }, ctx());
    const parts = await collect(stream.parts);
    assert.equal(JSON.parse(upstream.requests[0]?.body ?? '').stream, true);
    assert.equal(upstream.requests[0]?.headers.accept, 'text/event-stream');
    assert.equal(parts.at(-1)?.type, 'finish');
    const chunks = parts.flatMap((p) =>
      p.type === 'chunk' ? [JSON.parse(p.data) as ChatCompletionChunk] : [],
    );
    const text = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
    assert.equal(text, 'Hello!');
    const args = chunks
      .flatMap((c) => c.choices[0]?.delta.tool_calls ?? [])
      .map((t) => t.function?.arguments);
    assert.deepEqual(args, ['', '{"a":1}']);
    const withUsage = parts.filter((p) => p.type === 'chunk' && p.usage);
    assert.equal(withUsage.length, 1);
    const last = withUsage[0] as Extract<StreamPart, { type: 'chunk' }>;
    assert.equal(JSON.parse(last.data).choices[0].finish_reason, 'tool_calls');
    assert.deepEqual(last.usage, { promptTokens: 9, completionTokens: 5, totalTokens: 14 });
  });

  it('ends with a usage-only chunk when include_usage is requested', async () => {
    const { provider } = await setup((_req, res) => sse(res, STREAM));
    const request = { ...REQUEST, stream: true, stream_options: { include_usage: true } };
    const parts = await collect((await provider.chatStream(request, ctx())).parts);
    const usagePart = parts.at(-2) as Extract<StreamPart, { type: 'chunk' }>;
    assert.equal(usagePart.usageOnly, true);
    assert.deepEqual(JSON.parse(usagePart.data).choices, []);
    assert.equal(JSON.parse(usagePart.data).usage.total_tokens, 14);
  });

  it('rejects a JSON answer to a stream request before the stream starts', async () => {
    const { provider } = await setup((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(MESSAGE));
    });
    await assert.rejects(provider.chatStream(REQUEST, ctx()), { code: 'upstream_error' });
  });

  it('turns a body that ends before message_stop into an error part', async () => {
    const { provider } = await setup((_req, res) => sse(res, STREAM.slice(0, 4)));
    const parts = await collect((await provider.chatStream(REQUEST, ctx())).parts);
    assert.equal(lastError(parts).code, 'upstream_stream_broken');
    assert.ok(
      parts.some((p) => p.type === 'chunk'),
      'what arrived was passed on first',
    );
  });

  it('turns a socket reset mid-stream into an error part', async () => {
    const { provider } = await setup((_req, res) => {
      sse(res, STREAM.slice(0, 4), false);
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const parts = await collect((await provider.chatStream(REQUEST, ctx())).parts);
    assert.equal(lastError(parts).code, 'upstream_stream_broken');
  });

  it('turns an error event into an error part', async () => {
    const error =
      'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n';
    const { provider } = await setup((_req, res) => sse(res, [...STREAM.slice(0, 4), error]));
    const parts = await collect((await provider.chatStream(REQUEST, ctx())).parts);
    const err = lastError(parts);
    assert.equal(err.status, 503);
    assert.match(err.message, /Overloaded/);
  });

  it('abort mid-stream ends with an error part and closes the upstream connection', async () => {
    const { upstream, provider } = await setup((_req, res) => sse(res, STREAM.slice(0, 4), false));
    const controller = new AbortController();
    const stream = await provider.chatStream(REQUEST, ctx(controller.signal));
    const parts: StreamPart[] = [];
    for await (const part of stream.parts) {
      parts.push(part);
      if (parts.length === 2) controller.abort();
    }
    assert.ok(lastError(parts) instanceof KeelError);
    await upstream.requests[0]?.closed;
  });

  it('abort before the answer rejects and stopping early releases the upstream', async () => {
    const { upstream, provider } = await setup((_req, res) => {
      if (upstream.requests.length === 1) return; // the first request never gets an answer
      sse(res, STREAM.slice(0, 4), false);
    });
    const controller = new AbortController();
    const pending = provider.chat(REQUEST, ctx(controller.signal));
    // Abort once the first request has arrived (not after a fixed delay: on a stalled machine the
    // abort could come first, and the stream below would be the request left unanswered).
    while (upstream.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    await assert.rejects(pending, { code: 'upstream_connection', retryable: false });
    await upstream.requests[0]?.closed;
    const stream = await provider.chatStream(REQUEST, ctx());
    for await (const part of stream.parts) {
      if (part.type === 'chunk') break;
    }
    await upstream.requests[1]?.closed;
  });
});
