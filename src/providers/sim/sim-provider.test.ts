import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type SimOptions, simOptionsSchema } from '../../config/schema.ts';
import { isKeelError, KeelError } from '../../errors/index.ts';
import type { CallContext, ChatRequest, StreamPart } from '../../spec/index.ts';
import { createSimProvider } from './sim-provider.ts';

function provider(options: Partial<SimOptions> = {}) {
  return createSimProvider('sim-test', simOptionsSchema.parse(options));
}

function ctx(signal: AbortSignal = new AbortController().signal): CallContext {
  return { signal, upstreamModel: 'sim-1', requestId: 'req-1' };
}

const request: ChatRequest = {
  model: 'public-name',
  messages: [{ role: 'user', content: 'Hello sim.' }],
  max_tokens: 6,
};

async function collect(parts: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const out: StreamPart[] = [];
  for await (const part of parts) out.push(part);
  return out;
}

function chunks(parts: StreamPart[]) {
  return parts.flatMap((p) => (p.type === 'chunk' ? [JSON.parse(p.data)] : []));
}

describe('sim provider: answers', () => {
  it('answers chat with a chat.completion body and camelCase usage', async () => {
    const sim = provider();
    assert.equal(sim.type, 'sim');
    assert.equal(sim.dialect, 'openai');
    const { body, usage } = await sim.chat(request, ctx());
    assert.equal(body.object, 'chat.completion');
    assert.equal(body.model, 'sim-1');
    assert.match(body.id, /^chatcmpl-/);
    assert.equal(body.choices[0]?.finish_reason, 'length');
    assert.equal(body.usage?.completion_tokens, 6);
    assert.deepEqual(usage, {
      promptTokens: body.usage?.prompt_tokens,
      completionTokens: 6,
      totalTokens: body.usage?.total_tokens,
    });
  });

  it('streams OpenAI chunks: role first, one chunk per token, usage-only chunk, then finish', async () => {
    const sim = provider();
    const whole = await sim.chat(request, ctx());
    const stream = await sim.chatStream(
      { ...request, stream: true, stream_options: { include_usage: true } },
      ctx(),
    );
    const parts = await collect(stream.parts);
    assert.deepEqual(parts.at(-1), { type: 'finish' });
    const usagePart = parts.at(-2);
    assert.equal(usagePart?.type, 'chunk');
    assert.equal(usagePart?.type === 'chunk' && usagePart.usageOnly, true);
    assert.deepEqual(usagePart?.type === 'chunk' && usagePart.usage, whole.usage);
    const data = chunks(parts);
    for (const chunk of data) {
      assert.equal(chunk.object, 'chat.completion.chunk');
      assert.equal(chunk.model, 'sim-1');
      assert.equal(chunk.id, data[0].id);
    }
    assert.equal(data[0].choices[0].delta.role, 'assistant');
    assert.deepEqual(data.at(-1).choices, []);
    assert.equal(data.at(-1).usage.completion_tokens, 6);
    const text = data.map((c) => c.choices[0]?.delta.content ?? '').join('');
    assert.equal(text, whole.body.choices[0]?.message.content);
    assert.equal(data.filter((c) => c.choices[0]?.delta.content).length, 6);
    assert.equal(data.at(-2).choices[0].finish_reason, 'length');
  });

  it('streams a tool call as tool_calls deltas', async () => {
    const tools = [
      {
        type: 'function' as const,
        function: {
          name: 'lookup',
          parameters: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] },
        },
      },
    ];
    const stream = await provider().chatStream(
      { ...request, max_tokens: null, tools, tool_choice: 'required' },
      ctx(),
    );
    const data = chunks(await collect(stream.parts));
    const first = data[0].choices[0].delta;
    assert.equal(first.role, 'assistant');
    assert.equal(first.tool_calls[0].function.name, 'lookup');
    const args = data.map((c) => c.choices[0]?.delta.tool_calls?.[0]?.function.arguments ?? '').join('');
    assert.equal(typeof JSON.parse(args).q, 'string');
    assert.equal(data.at(-1).choices[0].finish_reason, 'tool_calls');
  });

  it('embeds with usage', async () => {
    const { body, usage } = await provider({ embeddingDim: 8 }).embed(
      { model: 'x', input: ['a', 'b'] },
      ctx(),
    );
    assert.equal(body.data.length, 2);
    assert.equal((body.data[0]?.embedding as number[] | undefined)?.length, 8);
    assert.equal(body.model, 'sim-1');
    assert.ok((usage?.promptTokens ?? 0) > 0);
  });

  it('waits latencyMs before answering', async () => {
    const started = performance.now();
    await provider({ latencyMs: 60 }).chat(request, ctx());
    assert.ok(performance.now() - started >= 55);
  });
});

describe('sim provider: failure injection', () => {
  it('maps 429 to upstream_rate_limited with retryAfterMs', async () => {
    await assert.rejects(
      provider({ errorRate: 1, errorStatus: 429, retryAfterSeconds: 2 }).chat(request, ctx()),
      {
        code: 'upstream_rate_limited',
        status: 429,
        retryAfterMs: 2000,
        upstreamStatus: 429,
        retryable: true,
      },
    );
  });

  it('maps 500 and 503 to retryable upstream_error, for streams before any part', async () => {
    for (const status of [500, 503] as const) {
      const sim = provider({ errorRate: 1, errorStatus: status });
      const expected = { code: 'upstream_error', status: 502, upstreamStatus: status, retryable: true };
      await assert.rejects(sim.chat(request, ctx()), expected);
      await assert.rejects(sim.chatStream(request, ctx()), expected);
      await assert.rejects(sim.embed({ model: 'x', input: 'a' }, ctx()), expected);
    }
  });

  it('fails every other request at errorRate 0.5', async () => {
    const sim = provider({ errorRate: 0.5 });
    const results = await Promise.allSettled([1, 2, 3, 4].map(() => sim.chat(request, ctx())));
    assert.deepEqual(
      results.map((r) => r.status),
      ['rejected', 'fulfilled', 'rejected', 'fulfilled'],
    );
  });

  it('breaks a stream after some chunks on disconnect, and loses non-stream connections', async () => {
    const sim = provider({ errorRate: 1, errorStatus: 'disconnect' });
    const stream = await sim.chatStream(request, ctx());
    const parts = await collect(stream.parts);
    const last = parts.at(-1);
    assert.equal(last?.type, 'error');
    assert.ok(
      last?.type === 'error' && isKeelError(last.error) && last.error.code === 'upstream_stream_broken',
    );
    const content = chunks(parts).filter((c) => c.choices[0]?.delta.content);
    assert.equal(content.length, 3);
    assert.equal(
      parts.some((p) => p.type === 'finish'),
      false,
    );
    await assert.rejects(sim.chat(request, ctx()), { code: 'upstream_connection' });
  });

  it('hangs on timeout until the signal aborts, then rejects with the reason or upstream_connection', async () => {
    const sim = provider({ errorRate: 1, errorStatus: 'timeout' });
    const controller = new AbortController();
    const pending = sim.chat(request, ctx(controller.signal));
    let settled = false;
    pending
      .then(
        () => {},
        () => {},
      )
      .finally(() => {
        settled = true;
      });
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(settled, false);
    const reason = new KeelError('upstream_timeout', 'attempt timed out');
    controller.abort(reason);
    await assert.rejects(pending, (error) => error === reason);
    const other = new AbortController();
    const streaming = sim.chatStream(request, ctx(other.signal));
    other.abort();
    await assert.rejects(streaming, { code: 'upstream_connection' });
  });

  it('ends an aborted stream with an error part, not a finish', async () => {
    const controller = new AbortController();
    const stream = await provider({ interTokenMs: 20 }).chatStream(request, ctx(controller.signal));
    const parts: StreamPart[] = [];
    for await (const part of stream.parts) {
      parts.push(part);
      if (parts.length === 3) controller.abort();
    }
    assert.equal(parts.at(-1)?.type, 'error');
    assert.ok(parts.length < 8);
  });
});
