import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { simOptionsSchema } from '../src/config/index.ts';
import type { RunningKeel } from '../src/gateway/start.ts';
import { type SimServer, startSimServer } from '../src/providers/sim/index.ts';
import { startTestKeel } from './harness.ts';

/** The official `openai` SDK, unchanged but for its base URL, against Keel. */
describe('openai SDK against Keel', () => {
  let keel: RunningKeel;
  let sim: SimServer;
  let client: OpenAI;

  before(async () => {
    sim = await startSimServer({ port: 0, options: simOptionsSchema.parse({ outputTokens: 12 }) });
    keel = await startTestKeel({
      providers: {
        sim: { type: 'sim', sim: { outputTokens: 12 } },
        'sim-http': { type: 'openai', baseUrl: `${sim.url}/v1`, apiKey: 'sk-test-upstream' },
        'sim-anthropic': { type: 'anthropic', baseUrl: sim.url, apiKey: 'sk-ant-test' },
      },
      models: {
        demo: { deployments: [{ provider: 'sim', model: 'sim-1' }] },
        'via-openai': { deployments: [{ provider: 'sim-http', model: 'sim-http-1' }] },
        'via-anthropic': { deployments: [{ provider: 'sim-anthropic', model: 'claude-sim' }] },
        'demo-embed': { kind: 'embedding', deployments: [{ provider: 'sim', model: 'sim-embed' }] },
        'http-embed': { kind: 'embedding', deployments: [{ provider: 'sim-http', model: 'sim-embed' }] },
      },
    });
    client = new OpenAI({ baseURL: `${keel.url}/v1`, apiKey: 'sk-keel-unused', maxRetries: 0 });
  });
  after(async () => {
    await keel.close();
    await sim.close();
  });

  for (const model of ['demo', 'via-openai', 'via-anthropic']) {
    it(`chat completion through ${model}`, async () => {
      const { data, response } = await client.chat.completions
        .create({ model, messages: [{ role: 'user', content: 'Say hello' }], max_tokens: 8 })
        .withResponse();
      assert.equal(data.object, 'chat.completion');
      const content = data.choices[0]?.message.content ?? '';
      assert.ok(content.length > 0);
      assert.equal(data.choices[0]?.finish_reason, 'length');
      assert.equal(data.usage?.completion_tokens, 8);
      assert.ok((data.usage?.prompt_tokens ?? 0) > 0);
      assert.equal(response.headers.get('x-keel-attempts'), '1');
      assert.ok(response.headers.get('x-keel-deployment'));
      assert.match(response.headers.get('x-keel-cost-usd') ?? '', /^\d+(\.\d+)?$/);
      assert.equal(response.headers.get('x-keel-completion-tokens'), '8');
    });

    it(`streams through ${model} with usage only when asked`, async () => {
      const stream = await client.chat.completions.create({
        model,
        messages: [{ role: 'user', content: 'Stream please' }],
        stream: true,
      });
      let text = '';
      let usageChunks = 0;
      let finish: string | null = null;
      for await (const chunk of stream) {
        if (chunk.usage) usageChunks++;
        text += chunk.choices[0]?.delta.content ?? '';
        finish = chunk.choices[0]?.finish_reason ?? finish;
      }
      assert.ok(text.length > 0);
      assert.equal(finish, 'stop');
      assert.equal(usageChunks, 0, 'Keel asked upstream for usage itself and must strip that chunk');

      const withUsage = await client.chat.completions.create({
        model,
        messages: [{ role: 'user', content: 'Stream please' }],
        stream: true,
        stream_options: { include_usage: true },
      });
      let usage: OpenAI.CompletionUsage | undefined;
      for await (const chunk of withUsage) if (chunk.usage) usage = chunk.usage;
      assert.equal(usage?.completion_tokens, 12);
    });

    it(`returns tool calls through ${model}`, async () => {
      const completion = await client.chat.completions.create({
        model,
        messages: [{ role: 'user', content: 'Use the tool to get the weather in Paris' }],
        tools: [
          {
            type: 'function',
            function: {
              name: 'get_weather',
              parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
            },
          },
        ],
        tool_choice: 'required',
      });
      const call = completion.choices[0]?.message.tool_calls?.[0];
      assert.ok(call && call.type === 'function');
      assert.equal(call.function.name, 'get_weather');
      const args = JSON.parse(call.function.arguments) as { city?: unknown };
      assert.equal(typeof args.city, 'string');
      assert.equal(completion.choices[0]?.finish_reason, 'tool_calls');
    });

    it(`continues a legacy function-calling conversation through ${model}`, async () => {
      // OpenAI's older API: `functions`, an assistant `function_call`, then a `function` message.
      const completion = await client.chat.completions.create({
        model,
        messages: [
          { role: 'user', content: 'What is the weather in Paris?' },
          {
            role: 'assistant',
            content: null,
            function_call: { name: 'get_weather', arguments: '{"city":"Paris"}' },
          },
          { role: 'function', name: 'get_weather', content: '{"forecast":"sunny, 21 C"}' },
        ],
        functions: [
          {
            name: 'get_weather',
            parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
          },
        ],
        max_tokens: 8,
      });
      assert.ok((completion.choices[0]?.message.content ?? '').length > 0);
    });
  }

  it('streams tool calls that the SDK can assemble', async () => {
    const runner = client.chat.completions.stream({
      model: 'demo',
      messages: [{ role: 'user', content: 'call the tool' }],
      tools: [
        {
          type: 'function',
          function: {
            name: 'lookup',
            parameters: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] },
          },
        },
      ],
      tool_choice: 'required',
    });
    const final = await runner.finalChatCompletion();
    const call = final.choices[0]?.message.tool_calls?.[0];
    assert.ok(call && call.type === 'function');
    assert.equal(call.function.name, 'lookup');
    assert.doesNotThrow(() => JSON.parse(call.function.arguments));
  });

  for (const model of ['demo-embed', 'http-embed']) {
    it(`embeddings through ${model}`, async () => {
      const result = await client.embeddings.create({ model, input: ['alpha', 'beta'] });
      assert.equal(result.data.length, 2);
      assert.equal(result.data[0]?.embedding.length, 64);
      assert.notDeepEqual(result.data[0]?.embedding, result.data[1]?.embedding);
      assert.ok(result.usage.prompt_tokens > 0);
    });
  }

  it('lists the configured models', async () => {
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    assert.deepEqual(ids.sort(), ['demo', 'demo-embed', 'http-embed', 'via-anthropic', 'via-openai']);
  });

  it('raises typed SDK errors for unknown models and bad parameters', async () => {
    await assert.rejects(
      client.chat.completions.create({ model: 'nope', messages: [{ role: 'user', content: 'x' }] }),
      (error: unknown) => {
        assert.ok(error instanceof OpenAI.NotFoundError);
        assert.equal(error.code, 'model_not_found');
        return true;
      },
    );
    await assert.rejects(
      client.chat.completions.create({
        model: 'demo',
        messages: [{ role: 'user', content: 'x' }],
        temperature: 7,
      }),
      (error: unknown) => {
        assert.ok(error instanceof OpenAI.BadRequestError);
        assert.equal(error.param, 'temperature');
        return true;
      },
    );
  });

  it('refuses the wrong kind of model on each endpoint', async () => {
    await assert.rejects(client.embeddings.create({ model: 'demo', input: 'x' }), (error: unknown) => {
      assert.ok(error instanceof OpenAI.BadRequestError);
      assert.equal(error.param, 'model');
      assert.match(error.message, /Model 'demo' is not an embedding model/);
      return true;
    });
    await assert.rejects(
      client.chat.completions.create({ model: 'demo-embed', messages: [{ role: 'user', content: 'x' }] }),
      (error: unknown) => {
        assert.ok(error instanceof OpenAI.BadRequestError);
        assert.match(error.message, /Model 'demo-embed' is an embedding model/);
        return true;
      },
    );
  });

  it('records every request', async () => {
    const { response } = await client.chat.completions
      .create({ model: 'demo', messages: [{ role: 'user', content: 'record me' }], user: 'user-42' })
      .withResponse();
    const id = response.headers.get('x-keel-request-id');
    assert.ok(id);
    const deadline = Date.now() + 5000;
    let record = await keel.store.requests.get(id);
    while (!record && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      record = await keel.store.requests.get(id);
    }
    assert.ok(record);
    assert.equal(record.model, 'demo');
    assert.equal(record.user, 'user-42');
    assert.equal(record.status, 200);
    assert.ok(record.completionTokens > 0);
    assert.ok(record.costUsd > 0);
    assert.ok(record.overheadMs >= 0 && record.overheadMs <= record.latencyMs);
  });
});
