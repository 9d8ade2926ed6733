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

  // The sim and Anthropic report which stop sequence matched; an OpenAI upstream does not, so
  // Keel can only say end_turn there.
  for (const [model, reported] of [
    ['demo', true],
    ['via-anthropic', true],
    ['via-openai', false],
  ] as const) {
    it(`reports the matched stop sequence through ${model}`, async () => {
      const ask = { model, max_tokens: 100, messages: [{ role: 'user' as const, content: 'Stop early' }] };
      const full = await client.messages.create(ask);
      const fullBlock = full.content[0];
      assert.ok(fullBlock && fullBlock.type === 'text');
      const word = fullBlock.text.split(' ').filter((w) => w.length > 2)[2];
      assert.ok(word, fullBlock.text);
      const expected = reported
        ? { stop_reason: 'stop_sequence', stop_sequence: word }
        : { stop_reason: 'end_turn', stop_sequence: null };

      const message = await client.messages.create({ ...ask, stop_sequences: [word] });
      const block = message.content[0];
      assert.ok(block && block.type === 'text');
      assert.ok(!block.text.includes(word));
      assert.deepEqual({ stop_reason: message.stop_reason, stop_sequence: message.stop_sequence }, expected);

      const streamed = await client.messages.stream({ ...ask, stop_sequences: [word] }).finalMessage();
      assert.deepEqual(
        { stop_reason: streamed.stop_reason, stop_sequence: streamed.stop_sequence },
        expected,
      );
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
