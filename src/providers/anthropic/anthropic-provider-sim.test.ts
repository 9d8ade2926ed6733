import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { providerSchema, simOptionsSchema } from '../../config/schema.ts';
import type {
  CallContext,
  ChatCompletionChunk,
  ChatRequest,
  Provider,
  StreamPart,
} from '../../spec/index.ts';
import { type SimServer, startSimServer } from '../sim/index.ts';
import { type AnthropicProviderConfig, createAnthropicProvider } from './anthropic-provider.ts';

let sim: SimServer;
let provider: Provider;

function make(headers: Record<string, string> = {}): Provider {
  const config = providerSchema.parse({ type: 'anthropic', baseUrl: sim.url, apiKey: 'sk-sim', headers });
  return createAnthropicProvider('sim-anthropic', config as AnthropicProviderConfig);
}

before(async () => {
  sim = await startSimServer({ port: 0, options: simOptionsSchema.parse({ outputTokens: 8 }) });
  provider = make();
});
after(async () => {
  await provider.close?.();
  await sim.close();
});

const ctx = (): CallContext => ({
  signal: new AbortController().signal,
  upstreamModel: 'claude-sim',
  requestId: 'r',
});

const weather: ChatRequest['tools'] = [
  {
    type: 'function',
    function: {
      name: 'get_weather',
      parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    },
  },
];

async function collect(parts: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const out: StreamPart[] = [];
  for await (const part of parts) out.push(part);
  return out;
}

describe('anthropic provider against the sim server', () => {
  it('completes a chat with usage', async () => {
    const result = await provider.chat(
      {
        model: 'm',
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Hello.' },
        ],
      },
      ctx(),
    );
    const choice = result.body.choices[0];
    assert.equal(typeof choice?.message.content, 'string');
    assert.ok((choice?.message.content ?? '').length > 0);
    assert.equal(choice?.finish_reason, 'stop');
    assert.equal(result.usage?.completionTokens, 8);
    assert.ok((result.usage?.promptTokens ?? 0) > 0);
  });

  it('returns a forced tool call with JSON arguments', async () => {
    const result = await provider.chat(
      {
        model: 'm',
        messages: [{ role: 'user', content: 'weather?' }],
        tools: weather,
        tool_choice: { type: 'function', function: { name: 'get_weather' } },
      },
      ctx(),
    );
    const call = result.body.choices[0]?.message.tool_calls?.[0];
    assert.equal(call?.function.name, 'get_weather');
    assert.equal(typeof JSON.parse(call?.function.arguments ?? '').city, 'string');
    assert.equal(result.body.choices[0]?.finish_reason, 'tool_calls');
  });

  it('streams text and a tool call, ending cleanly with usage', async () => {
    const text = await collect(
      (
        await provider.chatStream(
          { model: 'm', messages: [{ role: 'user', content: 'Hi.' }], stream: true },
          ctx(),
        )
      ).parts,
    );
    assert.equal(text.at(-1)?.type, 'finish');
    const usage = text.flatMap((p) => (p.type === 'chunk' && p.usage ? [p.usage] : []));
    assert.equal(usage[0]?.completionTokens, 8);
    const tool = await collect(
      (
        await provider.chatStream(
          {
            model: 'm',
            messages: [{ role: 'user', content: 'x' }],
            tools: weather,
            tool_choice: 'required',
            stream: true,
          },
          ctx(),
        )
      ).parts,
    );
    const chunks = tool.flatMap((p) =>
      p.type === 'chunk' ? [JSON.parse(p.data) as ChatCompletionChunk] : [],
    );
    const args = chunks
      .flatMap((c) => c.choices[0]?.delta.tool_calls ?? [])
      .map((t) => t.function?.arguments ?? '')
      .join('');
    assert.equal(typeof JSON.parse(args).city, 'string');
    assert.equal(chunks.at(-1)?.choices[0]?.finish_reason, 'tool_calls');
  });

  it('reports a stream the sim cuts off as an error part', async () => {
    const cut = make({ 'x-sim-disconnect-after': '2' });
    try {
      const parts = await collect(
        (
          await cut.chatStream(
            { model: 'm', messages: [{ role: 'user', content: 'Hi.' }], stream: true },
            ctx(),
          )
        ).parts,
      );
      assert.equal(parts.at(-1)?.type, 'error');
      assert.ok(!parts.some((p) => p.type === 'finish'));
    } finally {
      await cut.close?.();
    }
  });

  it('maps a sim 429 to upstream_rate_limited with retry-after', async () => {
    const limited = make({ 'x-sim-error-status': '429' });
    try {
      await assert.rejects(
        limited.chat({ model: 'm', messages: [{ role: 'user', content: 'Hi.' }] }, ctx()),
        {
          code: 'upstream_rate_limited',
          retryAfterMs: 1000,
        },
      );
    } finally {
      await limited.close?.();
    }
  });
});
