import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChatCompletionChunk, ChatRequest } from '../../spec/index.ts';
import { fromAnthropicRequest } from './request-from-anthropic.ts';
import { toAnthropicRequest } from './request-to-anthropic.ts';
import { fromAnthropicMessage } from './response-from-anthropic.ts';
import { toAnthropicMessage } from './response-to-anthropic.ts';
import { StreamFromAnthropic } from './stream-from-anthropic.ts';
import { StreamToAnthropic } from './stream-to-anthropic.ts';
import type { AnthropicMessage, AnthropicRequest, SseEvent } from './types.ts';

const opts = { model: 'claude-x', defaultMaxTokens: 512 };

const OPENAI_REQUEST: ChatRequest = {
  model: 'claude-x',
  max_tokens: 300,
  messages: [
    { role: 'system', content: 'You are terse.' },
    { role: 'user', content: 'Weather in Oslo and Bergen?' },
    {
      role: 'assistant',
      content: 'Checking both.',
      tool_calls: [
        { id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Oslo"}' } },
        { id: 'call_2', type: 'function', function: { name: 'weather', arguments: '{"city":"Bergen"}' } },
      ],
    },
    { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
    { role: 'tool', tool_call_id: 'call_2', content: 'rain' },
    {
      role: 'user',
      content: [
        { type: 'text', text: 'And this picture?' },
        { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/4AAQ' } },
      ],
    },
  ],
  stop: ['END'],
  temperature: 0.3,
  top_p: 0.9,
  user: 'u-1',
  tools: [
    {
      type: 'function',
      function: {
        name: 'weather',
        description: 'Current weather',
        parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      },
    },
  ],
  tool_choice: { type: 'function', function: { name: 'weather' } },
};

describe('round trips', () => {
  it('OpenAI → Anthropic → OpenAI keeps messages, tools and parameters', () => {
    const { body, warnings } = toAnthropicRequest(OPENAI_REQUEST, opts);
    assert.deepEqual(warnings, []);
    const back = fromAnthropicRequest(body);
    assert.deepEqual(back.warnings, []);
    assert.deepEqual(back.request, OPENAI_REQUEST);
  });

  it('Anthropic → OpenAI → Anthropic keeps the request, cache breakpoints included', () => {
    const anthropic: AnthropicRequest = {
      model: 'claude-x',
      max_tokens: 200,
      system: [{ type: 'text', text: 'Long shared context', cache_control: { type: 'ephemeral' } }],
      messages: [
        { role: 'user', content: 'hi' },
        {
          role: 'assistant',
          content: [{ type: 'tool_use', id: 'toolu_1', name: 'f', input: { a: [1, { b: 2 }] } }],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_1', content: 'ok' },
            { type: 'text', text: 'next', cache_control: { type: 'ephemeral' } },
          ],
        },
      ],
      stop_sequences: ['###'],
      top_k: 5,
      tools: [
        { name: 'f', input_schema: { type: 'object', properties: {} }, cache_control: { type: 'ephemeral' } },
      ],
      tool_choice: { type: 'any', disable_parallel_tool_use: true },
      metadata: { user_id: 'abc' },
    };
    const { request } = fromAnthropicRequest(anthropic);
    const { body } = toAnthropicRequest(request, opts);
    assert.deepEqual(body, anthropic);
  });

  it('Anthropic message → OpenAI completion → Anthropic message keeps content, stop reason and usage', () => {
    const original: AnthropicMessage = {
      id: 'msg_123',
      type: 'message',
      role: 'assistant',
      content: [
        { type: 'text', text: 'Calling.' },
        { type: 'tool_use', id: 'toolu_9', name: 'lookup', input: { q: 'x', n: 2 } },
      ],
      model: 'claude-x',
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: {
        input_tokens: 7,
        output_tokens: 9,
        cache_creation_input_tokens: 100,
        cache_read_input_tokens: 50,
      },
    };
    const { body, usage } = fromAnthropicMessage(original);
    assert.deepEqual(toAnthropicMessage(body, { usage }), original);
    assert.deepEqual(toAnthropicMessage(body), original, 'wire usage alone carries the cache counters');
  });

  it('Anthropic stream → OpenAI chunks → Anthropic stream rebuilds the same message', () => {
    const ev = (type: string, data: Record<string, unknown>): SseEvent => ({
      data: JSON.stringify({ type, ...data }),
    });
    const upstream: SseEvent[] = [
      ev('message_start', {
        message: {
          id: 'msg_s',
          model: 'claude-x',
          content: [],
          usage: { input_tokens: 11, output_tokens: 1 },
        },
      }),
      ev('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
      ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'Hi ' } }),
      ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'there' } }),
      ev('content_block_stop', { index: 0 }),
      ev('content_block_start', {
        index: 1,
        content_block: { type: 'tool_use', id: 'toolu_1', name: 'f', input: {} },
      }),
      ev('content_block_delta', { index: 1, delta: { type: 'input_json_delta', partial_json: '{"a":' } }),
      ev('content_block_delta', { index: 1, delta: { type: 'input_json_delta', partial_json: '1}' } }),
      ev('content_block_stop', { index: 1 }),
      ev('message_delta', {
        delta: { stop_reason: 'tool_use', stop_sequence: null },
        usage: { output_tokens: 6 },
      }),
      ev('message_stop', {}),
    ];
    const from = new StreamFromAnthropic({ includeUsage: true, provider: 'p' });
    const to = new StreamToAnthropic();
    const out: string[] = [];
    for (const event of upstream) {
      for (const part of from.push(event)) {
        if (part.type === 'chunk')
          out.push(...to.push(JSON.parse(part.data) as ChatCompletionChunk, part.usage));
        else if (part.type === 'finish') out.push(...to.finish());
      }
    }
    const again = new StreamFromAnthropic({ includeUsage: true, provider: 'p' });
    const parsed = out.map((text) => ({
      data: (/\ndata: (.*)\n\n$/s.exec(text) as RegExpExecArray)[1] as string,
    }));
    const replay = parsed.flatMap((e) => again.push(e));
    const original = new StreamFromAnthropic({ includeUsage: true, provider: 'p' });
    const direct = upstream.flatMap((e) => original.push(e));
    const strip = (parts: typeof direct) =>
      parts.map((p) => (p.type === 'chunk' ? { ...p, data: JSON.parse(p.data).choices } : p));
    assert.deepEqual(strip(replay), strip(direct));
  });
});
