import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { simOptionsSchema } from '../../config/schema.ts';
import type { ChatRequest } from '../../spec/index.ts';
import { generateCompletion } from './generate.ts';
import { type SimServer, startSimServer } from './server.ts';
import { thinkingSignature, verifyThinkingSignature } from './thinking.ts';

const options = { outputTokens: 10, contextWindow: 100_000 };

describe('sim thinking: generation', () => {
  const plain: ChatRequest = { model: 'sim-1', messages: [{ role: 'user', content: 'Hello' }] };

  it('thinks before the same answer it gives without thinking, and counts both as output', () => {
    const without = generateCompletion(plain, options).choices[0];
    const gen = generateCompletion({ ...plain, reasoning_effort: 'low' }, options);
    const choice = gen.choices[0];
    assert.ok(choice?.thinking);
    assert.equal(choice.thinking.pieces.length, 10);
    assert.equal(choice.thinking.text, choice.thinking.pieces.join(''));
    assert.ok(verifyThinkingSignature(choice.thinking.text, choice.thinking.signature));
    assert.equal(choice.content, without?.content);
    assert.equal(gen.completionTokens, 20);
    assert.deepEqual(
      generateCompletion({ ...plain, reasoning_effort: 'low' }, options),
      gen,
      'deterministic',
    );
  });

  it('turns thinking on for Anthropic thinking enabled only, and off for reasoning_effort none', () => {
    const enabled = { ...plain, thinking: { type: 'enabled', budget_tokens: 1024 } };
    assert.ok(generateCompletion(enabled, options).choices[0]?.thinking);
    assert.equal(
      generateCompletion({ ...plain, thinking: { type: 'disabled' } }, options).choices[0]?.thinking,
      undefined,
    );
    assert.equal(
      generateCompletion({ ...plain, reasoning_effort: 'none' }, options).choices[0]?.thinking,
      undefined,
    );
  });

  it('keeps thinking and answer within the request cap', () => {
    const gen = generateCompletion({ ...plain, reasoning_effort: 'high', max_tokens: 6 }, options);
    const choice = gen.choices[0];
    assert.equal(choice?.thinking?.pieces.length, 5);
    assert.equal(choice?.pieces.length, 1);
    assert.equal(choice?.finishReason, 'length');
    assert.equal(gen.completionTokens, 6);
  });

  it('verifies only the exact text and signature', () => {
    const signature = thinkingSignature('abc');
    assert.ok(verifyThinkingSignature('abc', signature));
    assert.equal(verifyThinkingSignature('abd', signature), false);
    assert.equal(verifyThinkingSignature('abc', `${signature.slice(0, -2)}x=`), false);
    assert.equal(verifyThinkingSignature('abc', ''), false);
  });
});

describe('sim thinking: HTTP server', () => {
  let sim: SimServer;
  before(async () => {
    sim = await startSimServer({ port: 0, options: simOptionsSchema.parse({ outputTokens: 8 }) });
  });
  after(() => sim.close());

  const post = (path: string, body: unknown) =>
    fetch(`${sim.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  const weather = {
    name: 'get_weather',
    input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  };
  const thinking = { type: 'enabled', budget_tokens: 1024 };
  const ask = { model: 'claude-sim', max_tokens: 2000, thinking, tools: [weather] };
  const question = { role: 'user', content: 'Use the tool for Oslo' };

  async function firstTurn(): Promise<Array<Record<string, unknown>>> {
    const res = await post('/v1/messages', { ...ask, messages: [question] });
    assert.equal(res.status, 200);
    return ((await res.json()) as { content: Array<Record<string, unknown>> }).content;
  }

  function followUp(content: unknown) {
    const toolUse = (content as Array<{ type: string; id?: string }>).find((b) => b.type === 'tool_use');
    return post('/v1/messages', {
      ...ask,
      messages: [
        question,
        { role: 'assistant', content },
        {
          role: 'user',
          content: [{ type: 'tool_result', tool_use_id: toolUse?.id ?? 'x', content: 'Sunny' }],
        },
      ],
    });
  }

  async function rejected(res: Response, message: RegExp): Promise<void> {
    assert.equal(res.status, 400);
    const body = (await res.json()) as { type: string; error: { type: string; message: string } };
    assert.equal(body.type, 'error');
    assert.equal(body.error.type, 'invalid_request_error');
    assert.match(body.error.message, message);
  }

  it('answers with a signed thinking block first, its tokens counted as output', async () => {
    const res = await post('/v1/messages', { model: 'c', max_tokens: 2000, thinking, messages: [question] });
    const body = (await res.json()) as {
      content: Array<{ type: string; thinking?: string; signature?: string }>;
      usage: { output_tokens: number };
    };
    const [first, second] = body.content;
    assert.equal(first?.type, 'thinking');
    assert.ok(verifyThinkingSignature(first?.thinking ?? '', first?.signature ?? ''));
    assert.equal(second?.type, 'text');
    assert.equal(body.usage.output_tokens, 16);
  });

  it('streams thinking_delta events, one signature_delta and then the answer at index 1', async () => {
    const res = await post('/v1/messages', {
      model: 'c',
      max_tokens: 2000,
      thinking,
      stream: true,
      messages: [question],
    });
    const events = (await res.text())
      .split('\n\n')
      .filter(Boolean)
      .map((block) => JSON.parse(block.split('\n')[1]?.slice(6) ?? '{}') as Record<string, unknown>);
    const kinds = events.map((e) => {
      const delta = e.delta as { type?: string } | undefined;
      const block = e.content_block as { type?: string } | undefined;
      return `${e.type}${e.index === undefined ? '' : `@${e.index}`}${delta?.type ? `:${delta.type}` : ''}${block?.type ? `:${block.type}` : ''}`;
    });
    assert.deepEqual(kinds.slice(0, 2), ['message_start', 'content_block_start@0:thinking']);
    assert.equal(kinds.filter((k) => k === 'content_block_delta@0:thinking_delta').length, 8);
    assert.deepEqual(kinds.slice(10, 13), [
      'content_block_delta@0:signature_delta',
      'content_block_stop@0',
      'content_block_start@1:text',
    ]);
    const text = events
      .flatMap((e) => (e.delta as { thinking?: string } | undefined)?.thinking ?? '')
      .join('');
    const signature = (events[10]?.delta as { signature?: string } | undefined)?.signature ?? '';
    assert.ok(verifyThinkingSignature(text, signature));
  });

  it('accepts a tool-use follow-up that sends the thinking block back unchanged', async () => {
    const content = await firstTurn();
    assert.deepEqual(
      content.map((b) => b.type),
      ['thinking', 'tool_use'],
    );
    const res = await followUp(content);
    assert.equal(res.status, 200);
    const answer = (await res.json()) as { content: Array<{ type: string }> };
    assert.deepEqual(
      answer.content.map((b) => b.type),
      ['thinking', 'text'],
    );
  });

  it('rejects a follow-up whose tool_use turn lacks its thinking block', async () => {
    const content = await firstTurn();
    await rejected(
      await followUp(content.slice(1)),
      /messages\.1\.content\.0\.type: Expected `thinking` or `redacted_thinking`, but found `tool_use`/,
    );
  });

  it('rejects a follow-up with a tampered signature or thinking text', async () => {
    const content = await firstTurn();
    const [block, ...rest] = content as [Record<string, unknown>, ...Array<Record<string, unknown>>];
    await rejected(
      await followUp([{ ...block, signature: `x${block.signature}` }, ...rest]),
      /messages\.1\.content\.0: Invalid `signature` in `thinking` block/,
    );
    await rejected(
      await followUp([{ ...block, thinking: `${block.thinking}!` }, ...rest]),
      /Invalid `signature`/,
    );
    await rejected(
      await followUp([{ type: 'thinking', thinking: block.thinking }, ...rest]),
      /messages\.1\.content\.0\.signature: Field required/,
    );
  });

  it('rejects thinking settings Anthropic rejects', async () => {
    const messages = [{ role: 'user', content: 'hi' }];
    await rejected(
      await post('/v1/messages', { ...ask, thinking: { type: 'enabled', budget_tokens: 500 }, messages }),
      /budget_tokens: Input should be greater than or equal to 1024/,
    );
    await rejected(
      await post('/v1/messages', { ...ask, max_tokens: 1024, messages }),
      /`max_tokens` must be greater than `thinking.budget_tokens`/,
    );
    await rejected(
      await post('/v1/messages', { ...ask, temperature: 0.5, messages }),
      /`temperature` may only be set to 1/,
    );
    await rejected(await post('/v1/messages', { ...ask, top_k: 5, messages }), /`top_k` must be unset/);
    await rejected(
      await post('/v1/messages', { ...ask, tool_choice: { type: 'any' }, messages }),
      /forces tool use/,
    );
    const ok = await post('/v1/messages', { ...ask, temperature: 1, messages });
    assert.equal(ok.status, 200);
  });

  it('answers OpenAI reasoning_effort DeepSeek-style: reasoning_content and reasoning_tokens', async () => {
    const body = { model: 'sim-1', reasoning_effort: 'medium', messages: [{ role: 'user', content: 'hi' }] };
    const res = await post('/v1/chat/completions', body);
    const json = (await res.json()) as {
      choices: Array<{ message: { content: string; reasoning_content?: string } }>;
      usage: { completion_tokens: number; completion_tokens_details: { reasoning_tokens: number } };
    };
    assert.ok((json.choices[0]?.message.reasoning_content ?? '').length > 0);
    assert.equal(json.usage.completion_tokens, 16);
    assert.equal(json.usage.completion_tokens_details.reasoning_tokens, 8);
    const stream = await (await post('/v1/chat/completions', { ...body, stream: true })).text();
    const chunks = stream
      .split('\n\n')
      .filter((line) => line.startsWith('data: {'))
      .map((line) => JSON.parse(line.slice(6)) as { choices: Array<{ delta: Record<string, unknown> }> });
    const reasoning = chunks.map((c) => c.choices[0]?.delta.reasoning_content ?? '').join('');
    assert.equal(reasoning, json.choices[0]?.message.reasoning_content);
    const content = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
    assert.equal(content, json.choices[0]?.message.content);
  });
});
