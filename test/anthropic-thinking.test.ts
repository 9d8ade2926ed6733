import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { simOptionsSchema } from '../src/config/index.ts';
import type { RunningKeel } from '../src/gateway/start.ts';
import { guardModule } from '../src/guard/index.ts';
import { type SimServer, startSimServer, verifyThinkingSignature } from '../src/providers/sim/index.ts';
import { OUTPUT_SCREENING } from './guard-gateway-helpers.ts';
import { startTestKeel } from './harness.ts';

/**
 * Extended thinking with the official `@anthropic-ai/sdk` against Keel's /v1/messages, routed to an
 * anthropic-type provider pointing at `keel sim`. The sim signs its thinking and, like Anthropic,
 * rejects a tool-use follow-up whose thinking block is missing or altered, so these tests fail if
 * Keel drops or changes a block anywhere on the way out or back.
 */
// Twice: as is, and with the guard's output checkpoint on (it screens reasoning and must pass
// benign signed blocks through unchanged, or the follow-ups below fail at the sim).
for (const guarded of [false, true])
  describe(`extended thinking: Anthropic SDK through Keel${guarded ? ' (guard output policy on)' : ''}`, () => {
    let keel: RunningKeel;
    let sim: SimServer;
    let client: Anthropic;

    before(async () => {
      sim = await startSimServer({ port: 0, options: simOptionsSchema.parse({ outputTokens: 10 }) });
      keel = await startTestKeel(
        {
          ...(guarded ? { guard: OUTPUT_SCREENING } : {}),
          providers: {
            'sim-anthropic': { type: 'anthropic', baseUrl: sim.url, apiKey: 'sk-ant-test' },
            'sim-http': { type: 'openai', baseUrl: `${sim.url}/v1`, apiKey: 'sk-test-upstream' },
          },
          models: {
            claude: { deployments: [{ provider: 'sim-anthropic', model: 'claude-sim' }] },
            'via-openai': { deployments: [{ provider: 'sim-http', model: 'sim-http-1' }] },
          },
        },
        guarded ? { modules: [guardModule()] } : {},
      );
      client = new Anthropic({ baseURL: keel.url, apiKey: 'sk-keel-unused', maxRetries: 0 });
    });
    after(async () => {
      await keel.close();
      await sim.close();
    });

    const thinking = { type: 'enabled', budget_tokens: 1024 } as const;
    const weather: Anthropic.Tool = {
      name: 'get_weather',
      description: 'Current weather for a city',
      input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    };
    const question: Anthropic.MessageParam = { role: 'user', content: 'Use the tool for Paris' };

    function signedThinking(block: Anthropic.ContentBlock | undefined): Anthropic.ThinkingBlock {
      assert.ok(block && block.type === 'thinking', `expected a thinking block, got ${block?.type}`);
      assert.ok(block.thinking.length > 0);
      assert.ok(verifyThinkingSignature(block.thinking, block.signature), 'signature arrives unchanged');
      return block;
    }

    function followUp(first: Anthropic.Message): Anthropic.MessageCreateParamsNonStreaming {
      const toolUse = first.content.find((b) => b.type === 'tool_use');
      assert.ok(toolUse && toolUse.type === 'tool_use');
      return {
        model: 'claude',
        max_tokens: 2000,
        thinking,
        tools: [weather],
        messages: [
          question,
          { role: 'assistant', content: first.content },
          {
            role: 'user',
            content: [{ type: 'tool_result', tool_use_id: toolUse.id, content: 'Sunny, 21°C' }],
          },
        ],
      };
    }

    it('returns a signed thinking block before the answer, its tokens in output_tokens', async () => {
      const message = await client.messages.create({
        model: 'claude',
        max_tokens: 2000,
        thinking,
        messages: [{ role: 'user', content: 'Why is the sky blue?' }],
      });
      signedThinking(message.content[0]);
      assert.equal(message.content[1]?.type, 'text');
      // 10 thinking units + 10 answer units: thinking is billed as output.
      assert.equal(message.usage.output_tokens, 20);
    });

    it('streams thinking text and the signature through the SDK stream helpers', async () => {
      const stream = client.messages.stream({
        model: 'claude',
        max_tokens: 2000,
        thinking,
        messages: [{ role: 'user', content: 'Why is the sky blue?' }],
      });
      let thought = '';
      let signature = '';
      let text = '';
      stream.on('thinking', (delta) => {
        thought += delta;
      });
      stream.on('signature', (value) => {
        signature = value;
      });
      stream.on('text', (delta) => {
        text += delta;
      });
      const final = await stream.finalMessage();
      const block = signedThinking(final.content[0]);
      assert.equal(block.thinking, thought);
      assert.equal(block.signature, signature);
      const answer = final.content[1];
      assert.ok(answer && answer.type === 'text' && answer.text === text && text.length > 0);
      assert.equal(final.usage.output_tokens, 20);
    });

    it('completes a two-turn tool use with thinking, passing the first turn’s content back', async () => {
      const first = await client.messages.create({
        model: 'claude',
        max_tokens: 2000,
        thinking,
        tools: [weather],
        messages: [question],
      });
      assert.equal(first.stop_reason, 'tool_use');
      assert.deepEqual(
        first.content.map((b) => b.type),
        ['thinking', 'tool_use'],
      );
      const second = await client.messages.create(followUp(first));
      signedThinking(second.content[0]);
      assert.equal(second.content[1]?.type, 'text');
      assert.equal(second.stop_reason, 'end_turn');
    });

    it('completes the same tool use when the first turn was streamed', async () => {
      const first = await client.messages
        .stream({ model: 'claude', max_tokens: 2000, thinking, tools: [weather], messages: [question] })
        .finalMessage();
      signedThinking(first.content[0]);
      const second = await client.messages.stream(followUp(first)).finalMessage();
      assert.equal(second.stop_reason, 'end_turn');
    });

    it('surfaces a clear 400 when the thinking block comes back tampered with or missing', async () => {
      const first = await client.messages.create({
        model: 'claude',
        max_tokens: 2000,
        thinking,
        tools: [weather],
        messages: [question],
      });
      const block = signedThinking(first.content[0]);
      const tampered = {
        ...first,
        content: [{ ...block, signature: `A${block.signature}` }, ...first.content.slice(1)],
      };
      await assert.rejects(client.messages.create(followUp(tampered)), (error: unknown) => {
        assert.ok(error instanceof Anthropic.BadRequestError);
        assert.equal(error.status, 400);
        assert.match(error.message, /Invalid `signature` in `thinking` block/);
        return true;
      });
      const stripped = { ...first, content: first.content.slice(1) };
      await assert.rejects(client.messages.create(followUp(stripped)), (error: unknown) => {
        assert.ok(error instanceof Anthropic.BadRequestError);
        assert.match(error.message, /Expected `thinking` or `redacted_thinking`, but found `tool_use`/);
        return true;
      });
    });

    it('gives reasoning from an OpenAI-style upstream as an unsigned thinking block, JSON and stream', async () => {
      const params = {
        model: 'via-openai',
        max_tokens: 2000,
        thinking,
        messages: [{ role: 'user' as const, content: 'Why is the sky blue?' }],
      };
      const message = await client.messages.create(params);
      const block = message.content[0];
      assert.ok(block && block.type === 'thinking' && block.thinking.length > 0);
      assert.equal(block.signature, '');
      assert.equal(message.content[1]?.type, 'text');
      assert.equal(message.usage.output_tokens, 20);
      const streamed = await client.messages.stream(params).finalMessage();
      assert.deepEqual(streamed.content, message.content);
    });
  });
