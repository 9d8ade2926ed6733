import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChatCompletion } from '../../spec/index.ts';
import { anthropicMessageId, stopReasonFromFinish, toAnthropicMessage } from './response-to-anthropic.ts';

function completion(message: ChatCompletion['choices'][number]['message'], finish = 'stop'): ChatCompletion {
  return {
    id: 'chatcmpl-xyz',
    object: 'chat.completion',
    created: 1,
    model: 'gpt-x',
    choices: [
      { index: 0, message, finish_reason: finish as ChatCompletion['choices'][number]['finish_reason'] },
    ],
    usage: {
      prompt_tokens: 50,
      completion_tokens: 8,
      total_tokens: 58,
      prompt_tokens_details: { cached_tokens: 30 },
    },
  };
}

describe('toAnthropicMessage', () => {
  it('maps text, ids, model and usage (input excludes cache reads)', () => {
    const message = toAnthropicMessage(completion({ role: 'assistant', content: 'Hello' }), {
      model: 'public',
    });
    assert.deepEqual(message, {
      id: 'msg_xyz',
      type: 'message',
      role: 'assistant',
      content: [{ type: 'text', text: 'Hello' }],
      model: 'public',
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: {
        input_tokens: 20,
        output_tokens: 8,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 30,
      },
    });
  });

  it('maps tool calls to tool_use blocks with parsed input', () => {
    const message = toAnthropicMessage(
      completion(
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'get', arguments: '{"city":"Oslo"}' } },
            { id: 'call_2', type: 'function', function: { name: 'now', arguments: '' } },
            { id: 'call_3', type: 'function', function: { name: 'bad', arguments: '{not json' } },
          ],
        },
        'tool_calls',
      ),
    );
    assert.equal(message.stop_reason, 'tool_use');
    assert.deepEqual(message.content, [
      { type: 'tool_use', id: 'call_1', name: 'get', input: { city: 'Oslo' } },
      { type: 'tool_use', id: 'call_2', name: 'now', input: {} },
      { type: 'tool_use', id: 'call_3', name: 'bad', input: {} },
    ]);
  });

  it('prefers Keel usage (with cache writes) over the wire usage', () => {
    const message = toAnthropicMessage(completion({ role: 'assistant', content: 'x' }), {
      usage: {
        promptTokens: 100,
        completionTokens: 5,
        totalTokens: 105,
        cachedTokens: 60,
        cacheWriteTokens: 30,
      },
    });
    assert.deepEqual(message.usage, {
      input_tokens: 10,
      output_tokens: 5,
      cache_creation_input_tokens: 30,
      cache_read_input_tokens: 60,
    });
  });

  it('turns an OpenAI refusal into text with stop_reason refusal', () => {
    const message = toAnthropicMessage(
      completion({ role: 'assistant', content: null, refusal: 'I cannot help.' }),
    );
    assert.deepEqual(message.content, [{ type: 'text', text: 'I cannot help.' }]);
    assert.equal(message.stop_reason, 'refusal');
  });

  it('maps finish reasons and ids', () => {
    assert.equal(stopReasonFromFinish('stop'), 'end_turn');
    assert.equal(stopReasonFromFinish('length'), 'max_tokens');
    assert.equal(stopReasonFromFinish('tool_calls'), 'tool_use');
    assert.equal(stopReasonFromFinish('function_call'), 'tool_use');
    assert.equal(stopReasonFromFinish('content_filter'), 'refusal');
    assert.equal(stopReasonFromFinish(null), 'end_turn');
    assert.equal(anthropicMessageId('msg_keep'), 'msg_keep');
    assert.match(anthropicMessageId(''), /^msg_[0-9a-f]{32}$/);
  });
});
