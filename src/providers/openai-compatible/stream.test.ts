import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { afterEach, describe, it } from 'node:test';
import { providerSchema } from '../../config/schema.ts';
import { KeelError } from '../../errors/index.ts';
import type { ChatRequest } from '../../spec/chat.ts';
import type { CallContext, Provider, StreamPart } from '../../spec/provider.ts';
import { sseBody, startTestUpstream, type TestHandler, type TestUpstream } from '../http/test-upstream.ts';
import { createOpenAiProvider, type OpenAiProviderConfig } from '../openai/index.ts';

const request: ChatRequest = { model: 'm', messages: [{ role: 'user', content: 'hi' }] };

// Deliberately odd spacing and key order: pass-through must keep the bytes, not re-serialise them.
const CHUNKS = [
  '{"id":"c1","object":"chat.completion.chunk","created":1,"model":"x","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}],"usage":null}',
  '{ "id" : "c1", "object":"chat.completion.chunk","created":1,"model":"x","choices":[{"index":0,"delta":{"content":"h\\u00e9llo 🎉"},"finish_reason":null}],"usage": null }',
  '{"id":"c1","object":"chat.completion.chunk","created":1,"model":"x","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":null}',
  '{"id":"c1","object":"chat.completion.chunk","created":1,"model":"x","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":3,"total_tokens":12,"prompt_tokens_details":{"cached_tokens":4},"completion_tokens_details":{"reasoning_tokens":1}}}',
];

function ctx(signal = new AbortController().signal): CallContext {
  return { signal, upstreamModel: 'gpt-4o', requestId: 'req-9' };
}

function startSse(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
}

async function collect(parts: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const out: StreamPart[] = [];
  for await (const part of parts) out.push(part);
  return out;
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
  }) as OpenAiProviderConfig;
  const provider = createOpenAiProvider('p1', config);
  cleanup.push(
    () => upstream.close(),
    () => provider.close?.() ?? Promise.resolve(),
  );
  return { upstream, provider };
}

function errorOf(parts: StreamPart[]): Error {
  const last = parts.at(-1);
  assert.equal(last?.type, 'error', 'the stream must end with an error part');
  assert.ok(!parts.some((p) => p.type === 'finish'), 'never a clean finish');
  return (last as { error: Error }).error;
}

describe('OpenAI-compatible chatStream', () => {
  it('passes chunk data through byte-identically and extracts usage from the usage-only chunk', async () => {
    const { upstream, provider } = await setup((_req, res) => {
      startSse(res);
      // Split mid-event and mid-UTF-8 character to exercise reassembly over the real socket.
      const bytes = Buffer.from(`: hello\n\n${sseBody(CHUNKS)}`);
      res.write(bytes.subarray(0, 250));
      setTimeout(() => res.end(bytes.subarray(250)), 10);
    });
    const stream = await provider.chatStream({ ...request, stream_options: { include_usage: true } }, ctx());
    const parts = await collect(stream.parts);
    assert.deepEqual(
      parts.map((p) => (p.type === 'chunk' ? p.data : p.type)),
      [...CHUNKS, 'finish'],
    );
    const withUsage = parts.filter((p) => p.type === 'chunk' && p.usage !== undefined);
    assert.deepEqual(withUsage, [
      {
        type: 'chunk',
        data: CHUNKS[3],
        usage: { promptTokens: 9, completionTokens: 3, totalTokens: 12, cachedTokens: 4, reasoningTokens: 1 },
        usageOnly: true,
      },
    ]);
    const body = JSON.parse(upstream.requests[0]?.body ?? '');
    assert.equal(body.stream, true);
    assert.equal(body.model, 'gpt-4o');
    assert.deepEqual(body.stream_options, { include_usage: true }, 'sends what it is given');
    assert.equal(upstream.requests[0]?.headers.accept, 'text/event-stream');
  });

  it('marks usage on a chunk that also has choices as not usage-only', async () => {
    const chunk =
      '{"id":"c","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":2}}';
    const { provider } = await setup((_req, res) => {
      startSse(res);
      res.end(sseBody([chunk]));
    });
    const parts = await collect((await provider.chatStream(request, ctx())).parts);
    assert.deepEqual(parts[0], {
      type: 'chunk',
      data: chunk,
      usage: { promptTokens: 1, completionTokens: 2, totalTokens: 3 },
      usageOnly: false,
    });
  });

  it('turns a stream that ends without [DONE] into an error part', async () => {
    const { provider } = await setup((_req, res) => {
      startSse(res);
      res.end(sseBody(CHUNKS.slice(0, 2), false));
    });
    const parts = await collect((await provider.chatStream(request, ctx())).parts);
    assert.equal(parts.length, 3);
    const error = errorOf(parts);
    assert.ok(error instanceof KeelError);
    assert.equal(error.code, 'upstream_stream_broken');
  });

  it('turns a socket reset mid-stream into an error part', async () => {
    const { provider } = await setup((_req, res) => {
      startSse(res);
      res.write(sseBody(CHUNKS.slice(0, 1), false));
      setTimeout(() => res.socket?.resetAndDestroy(), 20);
    });
    const parts = await collect((await provider.chatStream(request, ctx())).parts);
    assert.equal(parts[0]?.type, 'chunk');
    const error = errorOf(parts);
    assert.ok(error instanceof KeelError);
    assert.equal(error.code, 'upstream_stream_broken');
  });

  it('turns an upstream error event inside the stream into an error part', async () => {
    const { provider } = await setup((_req, res) => {
      startSse(res);
      res.end(
        sseBody([
          CHUNKS[0] as string,
          { error: { message: 'overloaded, key sk-abcdefgh12345', type: 'server_error' } },
        ]),
      );
    });
    const parts = await collect((await provider.chatStream(request, ctx())).parts);
    assert.equal(parts.length, 2);
    const error = errorOf(parts);
    assert.ok(error instanceof KeelError);
    assert.equal(error.code, 'upstream_stream_broken');
    assert.match(error.message, /overloaded/);
    assert.doesNotMatch(error.message, /sk-abc/);
  });

  it('rejects before streaming when the upstream answers with an error status', async () => {
    const { provider } = await setup((_req, res) => {
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' });
      res.end('{"error":{"message":"busy"}}');
    });
    await assert.rejects(provider.chatStream(request, ctx()), {
      code: 'upstream_rate_limited',
      retryAfterMs: 1000,
    });
  });

  it('rejects a 200 JSON answer to a stream request', async () => {
    const { provider } = await setup((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"error":{"message":"streaming unsupported"}}');
    });
    await assert.rejects(provider.chatStream(request, ctx()), (err: unknown) => {
      return (
        err instanceof KeelError && err.code === 'upstream_error' && /streaming unsupported/.test(err.message)
      );
    });
  });

  it('destroys the upstream request when the client aborts mid-stream', async () => {
    const { upstream, provider } = await setup((_req, res) => {
      startSse(res);
      res.write(sseBody(CHUNKS.slice(0, 1), false)); // then hold the stream open
    });
    const controller = new AbortController();
    const stream = await provider.chatStream(request, ctx(controller.signal));
    const iterator = stream.parts[Symbol.asyncIterator]();
    assert.equal((await iterator.next()).value?.type, 'chunk');
    controller.abort();
    await upstream.requests[0]?.closed; // resolves only when the upstream saw the connection go
    const rest: StreamPart[] = [];
    for (let r = await iterator.next(); !r.done; r = await iterator.next()) rest.push(r.value);
    assert.equal(rest.at(-1)?.type, 'error');
  });

  it('destroys the upstream request when the consumer stops reading', async () => {
    const { upstream, provider } = await setup((_req, res) => {
      startSse(res);
      res.write(sseBody(CHUNKS.slice(0, 2), false));
    });
    const stream = await provider.chatStream(request, ctx());
    for await (const part of stream.parts) {
      assert.equal(part.type, 'chunk');
      break;
    }
    await upstream.requests[0]?.closed;
  });
});
