import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { simOptionsSchema } from '../src/config/index.ts';
import type { RunningKeel } from '../src/gateway/start.ts';
import { type SimServer, startSimServer } from '../src/providers/sim/index.ts';
import { startTestKeel } from './harness.ts';

/** The official `@anthropic-ai/sdk` against Keel's /v1/messages, routed to both upstream dialects. */
describe('anthropic SDK against Keel', () => {
  let keel: RunningKeel;
  let sim: SimServer;
  let client: Anthropic;

  before(async () => {
    sim = await startSimServer({ port: 0, options: simOptionsSchema.parse({ outputTokens: 10 }) });
    keel = await startTestKeel({
      providers: {
        sim: { type: 'sim', sim: { outputTokens: 10 } },
        'sim-http': { type: 'openai', baseUrl: `${sim.url}/v1` },
        'sim-anthropic': { type: 'anthropic', baseUrl: sim.url, apiKey: 'sk-ant-test' },
      },
      models: {
        demo: { deployments: [{ provider: 'sim', model: 'sim-1' }] },
        'via-openai': { deployments: [{ provider: 'sim-http', model: 'sim-http-1' }] },
        'via-anthropic': { deployments: [{ provider: 'sim-anthropic', model: 'claude-sim' }] },
      },
    });
    client = new Anthropic({ baseURL: keel.url, apiKey: 'sk-keel-unused', maxRetries: 0 });
  });
  after(async () => {
    await keel.close();
    await sim.close();
  });

  for (const model of ['demo', 'via-openai', 'via-anthropic']) {
    it(`messages.create through ${model}`, async () => {
      const message = await client.messages.create({
        model,
        max_tokens: 6,
        system: 'You are terse.',
        messages: [{ role: 'user', content: 'Hello there' }],
      });
      assert.equal(message.type, 'message');
      assert.equal(message.role, 'assistant');
      const block = message.content[0];
      assert.ok(block && block.type === 'text' && block.text.length > 0);
      assert.equal(message.stop_reason, 'max_tokens');
      assert.equal(message.usage.output_tokens, 6);
      assert.ok(message.usage.input_tokens > 0);
    });

    it(`messages.stream through ${model}`, async () => {
      const stream = client.messages.stream({
        model,
        max_tokens: 100,
        messages: [{ role: 'user', content: 'Stream it' }],
      });
      let text = '';
      stream.on('text', (delta) => {
        text += delta;
      });
      const final = await stream.finalMessage();
      assert.ok(text.length > 0);
      const block = final.content[0];
      assert.ok(block && block.type === 'text');
      assert.equal(block.text, text);
      assert.equal(final.stop_reason, 'end_turn');
      assert.equal(final.usage.output_tokens, 10);
    });

    it(`tool use through ${model}`, async () => {
      const message = await client.messages.create({
        model,
        max_tokens: 200,
        tools: [
          {
            name: 'get_weather',
            description: 'weather',
            input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
          },
        ],
        tool_choice: { type: 'any' },
        messages: [{ role: 'user', content: 'Use the tool for Paris' }],
      });
      const toolUse = message.content.find((block) => block.type === 'tool_use');
      assert.ok(toolUse && toolUse.type === 'tool_use');
      assert.equal(toolUse.name, 'get_weather');
      assert.equal(typeof (toolUse.input as { city?: unknown }).city, 'string');
      assert.equal(message.stop_reason, 'tool_use');

      const streamed = await client.messages
        .stream({
          model,
          max_tokens: 200,
          tools: [
            {
              name: 'get_weather',
              input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
            },
          ],
          tool_choice: { type: 'any' },
          messages: [{ role: 'user', content: 'Use the tool for Paris' }],
        })
        .finalMessage();
      const streamedTool = streamed.content.find((block) => block.type === 'tool_use');
      assert.ok(streamedTool && streamedTool.type === 'tool_use');
      assert.equal(typeof (streamedTool.input as { city?: unknown }).city, 'string');
    });
  }

  it('returns Anthropic-shaped errors', async () => {
    await assert.rejects(
      client.messages.create({ model: 'missing', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }),
      (error: unknown) => {
        assert.ok(error instanceof Anthropic.NotFoundError);
        return true;
      },
    );
    const response = await fetch(`${keel.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'demo', messages: [{ role: 'user', content: 'no max tokens' }] }),
    });
    assert.equal(response.status, 400);
    const body = (await response.json()) as { type: string; error: { type: string; message: string } };
    assert.equal(body.type, 'error');
    assert.equal(body.error.type, 'invalid_request_error');
    assert.match(body.error.message, /max_tokens/);
  });
});
