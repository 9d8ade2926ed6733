import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { simOptionsSchema } from '../src/config/index.ts';
import type { RunningKeel } from '../src/gateway/start.ts';
import { guardModule } from '../src/guard/index.ts';
import { type SimServer, startSimServer, verifyThinkingSignature } from '../src/providers/sim/index.ts';
import type { ThinkingBlock, ThinkingTextBlock } from '../src/spec/index.ts';
import { OUTPUT_SCREENING } from './guard-gateway-helpers.ts';
import { startTestKeel } from './harness.ts';

/** The fields Keel adds to OpenAI's assistant message and delta for Claude's extended thinking. */
interface Thinking {
  reasoning_content?: string | null;
  thinking_blocks?: ThinkingBlock[];
}

/**
 * Extended thinking with the official `openai` SDK against /v1/chat/completions for a Claude
 * deployment (an anthropic-type provider pointing at `keel sim`, which signs its thinking and
 * rejects a tool-use follow-up without it, as Anthropic does).
 */
// Twice: as is, and with the guard's output checkpoint on (it screens reasoning and must pass
// benign signed blocks through unchanged, or the follow-ups below fail at the sim).
for (const guarded of [false, true])
  describe(`extended thinking: openai SDK through Keel to an Anthropic upstream${guarded ? ' (guard output policy on)' : ''}`, () => {
    let keel: RunningKeel;
    let sim: SimServer;
    let client: OpenAI;

    before(async () => {
      sim = await startSimServer({ port: 0, options: simOptionsSchema.parse({ outputTokens: 10 }) });
      keel = await startTestKeel(
        {
          ...(guarded ? { guard: OUTPUT_SCREENING } : {}),
          providers: { 'sim-anthropic': { type: 'anthropic', baseUrl: sim.url, apiKey: 'sk-ant-test' } },
          models: { claude: { deployments: [{ provider: 'sim-anthropic', model: 'claude-sim' }] } },
        },
        guarded ? { modules: [guardModule()] } : {},
      );
      client = new OpenAI({ baseURL: `${keel.url}/v1`, apiKey: 'sk-keel-unused', maxRetries: 0 });
    });
    after(async () => {
      await keel.close();
      await sim.close();
    });

    const tools: OpenAI.ChatCompletionTool[] = [
      {
        type: 'function',
        function: {
          name: 'get_weather',
          parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
        },
      },
    ];
    const question: OpenAI.ChatCompletionMessageParam = { role: 'user', content: 'Use the tool for Paris' };

    function signed(blocks: ThinkingBlock[] | undefined): ThinkingTextBlock {
      const block = blocks?.[0];
      assert.ok(block?.type === 'thinking', 'a thinking block');
      assert.equal(blocks?.length, 1);
      assert.ok(
        verifyThinkingSignature(block.thinking, block.signature ?? ''),
        'signature arrives unchanged',
      );
      return block;
    }

    /** The follow-up after a tool call: the assistant turn goes back with its thinking_blocks. */
    function followUp(assistant: OpenAI.ChatCompletionMessageParam & Thinking, callId: string) {
      const messages = [
        question,
        assistant,
        { role: 'tool', tool_call_id: callId, content: 'Sunny, 21°C' },
      ] as OpenAI.ChatCompletionMessageParam[];
      return { model: 'claude', reasoning_effort: 'low' as const, tools, messages };
    }

    it('maps reasoning_effort to thinking and returns reasoning_content + thinking_blocks', async () => {
      const completion = await client.chat.completions.create({
        model: 'claude',
        reasoning_effort: 'low',
        // Below the 1024-token budget, and a temperature Anthropic refuses with thinking: Keel adapts
        // both (the sim, like Anthropic, would answer 400 otherwise).
        max_tokens: 300,
        temperature: 0.3,
        messages: [{ role: 'user', content: 'Why is the sky blue?' }],
      });
      const message = completion.choices[0]?.message as OpenAI.ChatCompletionMessage & Thinking;
      const block = signed(message.thinking_blocks);
      assert.equal(message.reasoning_content, block.thinking);
      assert.ok((message.content ?? '').length > 0);
      assert.equal(completion.usage?.completion_tokens, 20, 'thinking tokens count as completion tokens');
    });

    it('streams delta.reasoning_content and a delta.thinking_blocks entry with the signature', async () => {
      const stream = await client.chat.completions.create({
        model: 'claude',
        reasoning_effort: 'medium',
        stream: true,
        stream_options: { include_usage: true },
        messages: [{ role: 'user', content: 'Why is the sky blue?' }],
      });
      let reasoning = '';
      let content = '';
      const blocks: ThinkingBlock[] = [];
      let completionTokens = 0;
      for await (const chunk of stream) {
        const delta = (chunk.choices[0]?.delta ?? {}) as OpenAI.ChatCompletionChunk.Choice.Delta & Thinking;
        reasoning += delta.reasoning_content ?? '';
        content += delta.content ?? '';
        blocks.push(...(delta.thinking_blocks ?? []));
        if (chunk.usage) completionTokens = chunk.usage.completion_tokens;
      }
      assert.equal(signed(blocks).thinking, reasoning);
      assert.ok(content.length > 0);
      assert.equal(completionTokens, 20);
    });

    it('completes a tool-use follow-up that sends thinking_blocks back', async () => {
      const first = await client.chat.completions.create({
        model: 'claude',
        reasoning_effort: 'low',
        tools,
        messages: [question],
      });
      const message = first.choices[0]?.message as OpenAI.ChatCompletionMessage & Thinking;
      assert.equal(first.choices[0]?.finish_reason, 'tool_calls');
      const call = message.tool_calls?.[0];
      assert.ok(call);
      signed(message.thinking_blocks);
      const second = await client.chat.completions.create(followUp(message, call.id));
      assert.equal(second.choices[0]?.finish_reason, 'stop');
      assert.ok((second.choices[0]?.message.content ?? '').length > 0);

      // Without the thinking the upstream refuses the turn, and the client hears why.
      const { thinking_blocks: _dropped, ...bare } = message;
      await assert.rejects(client.chat.completions.create(followUp(bare, call.id)), (error: unknown) => {
        assert.ok(error instanceof OpenAI.BadRequestError);
        assert.match(error.message, /Expected `thinking` or `redacted_thinking`/);
        return true;
      });
    });

    it('rejects malformed thinking_blocks at the boundary, naming the field', async () => {
      const assistant = {
        role: 'assistant',
        content: 'ok',
        thinking_blocks: [{ type: 'thinking', thinking: 42 }],
      };
      const messages = [
        question,
        assistant,
        { role: 'user', content: 'again' },
      ] as OpenAI.ChatCompletionMessageParam[];
      await assert.rejects(
        client.chat.completions.create({ model: 'claude', messages }),
        (error: unknown) => {
          assert.ok(error instanceof OpenAI.BadRequestError);
          assert.equal(error.param, 'messages.1.thinking_blocks.0.thinking');
          return true;
        },
      );
    });

    it('completes the follow-up with an assistant turn rebuilt from a stream', async () => {
      const stream = await client.chat.completions.create({
        model: 'claude',
        reasoning_effort: 'low',
        stream: true,
        tools,
        messages: [question],
      });
      const blocks: ThinkingBlock[] = [];
      let id = '';
      let name = '';
      let args = '';
      for await (const chunk of stream) {
        const delta = (chunk.choices[0]?.delta ?? {}) as OpenAI.ChatCompletionChunk.Choice.Delta & Thinking;
        blocks.push(...(delta.thinking_blocks ?? []));
        const call = delta.tool_calls?.[0];
        id ||= call?.id ?? '';
        name ||= call?.function?.name ?? '';
        args += call?.function?.arguments ?? '';
      }
      signed(blocks);
      const assistant = {
        role: 'assistant' as const,
        content: null,
        tool_calls: [{ id, type: 'function' as const, function: { name, arguments: args } }],
        thinking_blocks: blocks,
      };
      const second = await client.chat.completions.create(followUp(assistant, id));
      assert.equal(second.choices[0]?.finish_reason, 'stop');
    });
  });
