import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { finishReasonFromAnthropic, fromAnthropicMessage } from './response-from-anthropic.ts';
import type { AnthropicMessage } from './types.ts';
import { anthropicUsageFromUsage, usageFromAnthropic, usageFromWire, wireUsageFromUsage } from './usage.ts';

function message(overrides: Partial<AnthropicMessage>): AnthropicMessage {
  return {
    id: 'msg_01',
    type: 'message',
    role: 'assistant',
    content: [],
    model: 'claude-x',
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: 10, output_tokens: 5 },
    ...overrides,
  };
}

describe('fromAnthropicMessage', () => {
  it('concatenates text blocks', () => {
    const { body, usage } = fromAnthropicMessage(
      message({
        content: [
          { type: 'text', text: 'Hello ' },
          { type: 'text', text: 'world' },
        ],
      }),
      { created: 1700000000 },
    );
    assert.deepEqual(body, {
      id: 'msg_01',
      object: 'chat.completion',
      created: 1700000000,
      model: 'claude-x',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'Hello world' },
          finish_reason: 'stop',
          logprobs: null,
        },
      ],
      usage: {
        prompt_tokens: 10,
        completion_tokens: 5,
        total_tokens: 15,
        prompt_tokens_details: { cached_tokens: 0 },
      },
    });
    assert.deepEqual(usage, { promptTokens: 10, completionTokens: 5, totalTokens: 15 });
  });

  it('maps tool_use blocks to tool_calls with JSON arguments', () => {
    const { body } = fromAnthropicMessage(
      message({
        stop_reason: 'tool_use',
        content: [
          { type: 'tool_use', id: 'toolu_1', name: 'get', input: { city: 'Oslo', n: [1, 2] } },
          { type: 'tool_use', id: 'toolu_2', name: 'now', input: {} },
        ],
      }),
    );
    const choice = body.choices[0];
    assert.equal(choice?.finish_reason, 'tool_calls');
    assert.equal(choice?.message.content, null);
    assert.deepEqual(choice?.message.tool_calls, [
      { id: 'toolu_1', type: 'function', function: { name: 'get', arguments: '{"city":"Oslo","n":[1,2]}' } },
      { id: 'toolu_2', type: 'function', function: { name: 'now', arguments: '{}' } },
    ]);
  });

  it('counts cache reads and writes into prompt tokens', () => {
    const { body, usage } = fromAnthropicMessage(
      message({
        content: [{ type: 'text', text: 'x' }],
        usage: {
          input_tokens: 3,
          output_tokens: 7,
          cache_read_input_tokens: 100,
          cache_creation_input_tokens: 20,
        },
      }),
    );
    assert.deepEqual(usage, {
      promptTokens: 123,
      completionTokens: 7,
      totalTokens: 130,
      cachedTokens: 100,
      cacheWriteTokens: 20,
    });
    assert.equal(body.usage?.prompt_tokens, 123);
    assert.deepEqual(body.usage?.prompt_tokens_details, { cached_tokens: 100 });
    assert.equal(body.usage?.cache_creation_input_tokens, 20);
  });

  it('maps every stop reason', () => {
    assert.equal(finishReasonFromAnthropic('end_turn'), 'stop');
    assert.equal(finishReasonFromAnthropic('stop_sequence'), 'stop');
    assert.equal(finishReasonFromAnthropic('pause_turn'), 'stop');
    assert.equal(finishReasonFromAnthropic('max_tokens'), 'length');
    assert.equal(finishReasonFromAnthropic('model_context_window_exceeded'), 'length');
    assert.equal(finishReasonFromAnthropic('tool_use'), 'tool_calls');
    assert.equal(finishReasonFromAnthropic('refusal'), 'content_filter');
    assert.equal(finishReasonFromAnthropic(null), null);
    assert.equal(fromAnthropicMessage(message({ stop_reason: null })).body.choices[0]?.finish_reason, 'stop');
  });
});

describe('usage conversions', () => {
  it('round-trips Anthropic usage through Keel and OpenAI wire usage', () => {
    const anthropic = {
      input_tokens: 3,
      output_tokens: 7,
      cache_read_input_tokens: 100,
      cache_creation_input_tokens: 20,
    };
    const keel = usageFromAnthropic(anthropic);
    assert.deepEqual(usageFromWire(wireUsageFromUsage(keel)), keel);
    assert.deepEqual(anthropicUsageFromUsage(keel), anthropic);
  });

  it('ignores nulls and garbage counters', () => {
    assert.deepEqual(
      usageFromAnthropic({ input_tokens: 4, output_tokens: Number.NaN, cache_read_input_tokens: null }),
      { promptTokens: 4, completionTokens: 0, totalTokens: 4 },
    );
  });

  it('reads reasoning tokens and fills a missing total from OpenAI usage', () => {
    assert.deepEqual(
      usageFromWire({
        prompt_tokens: 2,
        completion_tokens: 3,
        total_tokens: 0,
        completion_tokens_details: { reasoning_tokens: 1 },
      }),
      { promptTokens: 2, completionTokens: 3, totalTokens: 5, reasoningTokens: 1 },
    );
  });
});
