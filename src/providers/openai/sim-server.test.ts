import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { providerSchema, simOptionsSchema } from '../../config/schema.ts';
import { KeelError } from '../../errors/index.ts';
import type { CallContext, Provider, StreamPart } from '../../spec/provider.ts';
import { type SimServer, startSimServer } from '../sim/index.ts';
import { createOpenAiProvider, type OpenAiProviderConfig } from './index.ts';

// The shared sim server as the upstream: a second, independent implementation of the OpenAI wire.
let sim: SimServer;
const providers: Provider[] = [];

function provider(headers: Record<string, string> = {}): Provider {
  const config = providerSchema.parse({
    type: 'openai',
    baseUrl: `${sim.url}/v1`,
    apiKey: 'sk-sim',
    headers,
  });
  const created = createOpenAiProvider('sim-http', config as OpenAiProviderConfig);
  providers.push(created);
  return created;
}

const ctx = (): CallContext => ({
  signal: new AbortController().signal,
  upstreamModel: 'sim-model',
  requestId: 'r',
});
const messages = [{ role: 'user' as const, content: 'Say something.' }];

before(async () => {
  sim = await startSimServer({ port: 0, options: simOptionsSchema.parse({ outputTokens: 8 }) });
});
after(async () => {
  for (const p of providers) await p.close?.();
  await sim.close();
});

describe('OpenAI provider against the sim server', () => {
  it('completes a JSON chat with usage', async () => {
    const result = await provider().chat({ model: 'x', messages }, ctx());
    assert.equal(result.body.object, 'chat.completion');
    assert.equal(typeof result.body.choices[0]?.message.content, 'string');
    assert.ok(result.usage && result.usage.promptTokens > 0 && result.usage.completionTokens > 0);
    assert.equal(result.usage.totalTokens, result.usage.promptTokens + result.usage.completionTokens);
  });

  it('streams chunks, a usage-only chunk and a clean finish', async () => {
    const stream = await provider().chatStream(
      { model: 'x', messages, stream_options: { include_usage: true } },
      ctx(),
    );
    const parts: StreamPart[] = [];
    for await (const part of stream.parts) parts.push(part);
    assert.equal(parts.at(-1)?.type, 'finish');
    const chunks = parts.filter((p) => p.type === 'chunk');
    assert.ok(chunks.length >= 2);
    for (const chunk of chunks) assert.equal(JSON.parse(chunk.data).object, 'chat.completion.chunk');
    const usageChunks = chunks.filter((p) => p.usage !== undefined);
    assert.equal(usageChunks.length, 1);
    assert.equal(usageChunks[0]?.usageOnly, true);
  });

  it('maps an injected 429 with its Retry-After', async () => {
    const err = await provider({ 'x-sim-error-status': '429' })
      .chat({ model: 'x', messages }, ctx())
      .catch((e: unknown) => e);
    assert.ok(err instanceof KeelError);
    assert.equal(err.code, 'upstream_rate_limited');
    assert.equal(err.retryAfterMs, 1000);
  });

  it('reports an injected mid-stream disconnect as an error part', async () => {
    const stream = await provider({ 'x-sim-disconnect-after': '2' }).chatStream(
      { model: 'x', messages },
      ctx(),
    );
    const parts: StreamPart[] = [];
    for await (const part of stream.parts) parts.push(part);
    const last = parts.at(-1);
    assert.ok(last?.type === 'error' && last.error instanceof KeelError);
    assert.equal(last.error.code, 'upstream_stream_broken');
    assert.ok(!parts.some((p) => p.type === 'finish'));
  });

  it('embeds', async () => {
    const result = await provider().embed({ model: 'x', input: ['a', 'b'] }, ctx());
    assert.equal(result.body.data.length, 2);
    assert.ok(result.usage && result.usage.promptTokens > 0);
  });
});
