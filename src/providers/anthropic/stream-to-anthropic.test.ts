import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { KeelError } from '../../errors/index.ts';
import type { ChatCompletionChunk, ChunkChoice } from '../../spec/index.ts';
import { errorEvent, StreamToAnthropic } from './stream-to-anthropic.ts';

function chunk(
  delta: ChunkChoice['delta'],
  finish: ChunkChoice['finish_reason'] = null,
): ChatCompletionChunk {
  return {
    id: 'chatcmpl-abc',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'gpt-x',
    choices: [{ index: 0, delta, finish_reason: finish }],
  };
}

const USAGE_CHUNK: ChatCompletionChunk = {
  id: 'chatcmpl-abc',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'gpt-x',
  choices: [],
  usage: {
    prompt_tokens: 30,
    completion_tokens: 12,
    total_tokens: 42,
    prompt_tokens_details: { cached_tokens: 10 },
  },
};

const TOOL_CHUNKS: ChatCompletionChunk[] = [
  chunk({ role: 'assistant', content: '' }),
  chunk({ content: 'Let me ' }),
  chunk({ content: 'check.' }),
  chunk({
    tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'get', arguments: '' } }],
  }),
  chunk({ tool_calls: [{ index: 0, function: { arguments: '{"city":' } } as never] }),
  chunk({ tool_calls: [{ index: 0, function: { arguments: '"Oslo"}' } } as never] }),
  chunk({
    tool_calls: [{ index: 1, id: 'call_2', type: 'function', function: { name: 'now', arguments: '{}' } }],
  }),
  chunk({}, 'tool_calls'),
  USAGE_CHUNK,
];

interface Event {
  event: string;
  data: Record<string, unknown>;
}

function parse(sse: string[]): Event[] {
  return sse.map((text) => {
    const match = /^event: (\w+)\ndata: (.*)\n\n$/s.exec(text);
    assert.ok(match, `not an SSE event: ${text}`);
    const data = JSON.parse(match[2] as string) as Record<string, unknown>;
    assert.equal(data.type, match[1], 'event name and data type agree');
    return { event: match[1] as string, data };
  });
}

function translate(chunks: ChatCompletionChunk[], options = {}): string[] {
  const translator = new StreamToAnthropic(options);
  return [...chunks.flatMap((c) => translator.push(c)), ...translator.finish()];
}

describe('StreamToAnthropic', () => {
  it('emits the Anthropic event sequence for text and tool calls', () => {
    const events = parse(translate(TOOL_CHUNKS, { model: 'public-model' }));
    assert.deepEqual(
      events.map((e) => e.event),
      [
        'message_start',
        'content_block_start',
        'content_block_delta',
        'content_block_delta',
        'content_block_stop',
        'content_block_start',
        'content_block_delta',
        'content_block_delta',
        'content_block_stop',
        'content_block_start',
        'content_block_delta',
        'content_block_stop',
        'message_delta',
        'message_stop',
      ],
    );
    const start = events[0]?.data.message as Record<string, unknown>;
    assert.equal(start.id, 'msg_abc');
    assert.equal(start.model, 'public-model');
    assert.deepEqual(start.content, []);
    assert.deepEqual(events[5]?.data, {
      type: 'content_block_start',
      index: 1,
      content_block: { type: 'tool_use', id: 'call_1', name: 'get', input: {} },
    });
    assert.deepEqual(events[7]?.data.delta, { type: 'input_json_delta', partial_json: '"Oslo"}' });
    assert.equal(events[10]?.data.index, 2);
    assert.deepEqual(events[12]?.data, {
      type: 'message_delta',
      delta: { stop_reason: 'tool_use', stop_sequence: null },
      usage: {
        output_tokens: 12,
        input_tokens: 20,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 10,
      },
    });
  });

  it('uses known input tokens in message_start and Keel usage when given', () => {
    const translator = new StreamToAnthropic({ inputTokens: 77, messageId: 'msg_fixed' });
    const sse = [
      ...translator.push(chunk({ content: 'hi' })),
      ...translator.push(chunk({}, 'length'), { promptTokens: 80, completionTokens: 4, totalTokens: 84 }),
      ...translator.finish(),
    ];
    const events = parse(sse);
    const start = events[0]?.data.message as { id: string; usage: Record<string, number> };
    assert.equal(start.id, 'msg_fixed');
    assert.equal(start.usage.input_tokens, 77);
    const delta = events.find((e) => e.event === 'message_delta')?.data ?? {};
    assert.deepEqual(delta.delta, { stop_reason: 'max_tokens', stop_sequence: null });
    assert.equal((delta.usage as Record<string, number>).output_tokens, 4);
    assert.equal((delta.usage as Record<string, number>).input_tokens, 80);
  });

  it('produces a complete message for an empty stream and nothing after finish', () => {
    const translator = new StreamToAnthropic({ model: 'm' });
    const events = parse(translator.finish());
    assert.deepEqual(
      events.map((e) => e.event),
      ['message_start', 'message_delta', 'message_stop'],
    );
    assert.deepEqual(translator.push(chunk({ content: 'late' })), []);
    assert.deepEqual(translator.finish(), []);
  });

  it('maps content_filter to refusal and renders error events', () => {
    const events = parse(translate([chunk({ content: 'no' }), chunk({}, 'content_filter')]));
    assert.deepEqual(events.at(-2)?.data.delta, { stop_reason: 'refusal', stop_sequence: null });
    const error = parse([errorEvent(new KeelError('upstream_stream_broken', 'Stream broke'))])[0];
    assert.deepEqual(error?.data, { type: 'error', error: { type: 'api_error', message: 'Stream broke' } });
    const overloaded = parse([errorEvent(new KeelError('upstream_error', 'busy', { status: 503 }))])[0];
    assert.deepEqual(overloaded?.data.error, { type: 'overloaded_error', message: 'busy' });
    const hidden = parse([errorEvent(new Error('secret detail'))])[0];
    assert.deepEqual(hidden?.data.error, { type: 'api_error', message: 'Internal error' });
  });

  it('translates only the first choice: a second choice from the upstream is not merged in', () => {
    const second = (delta: ChunkChoice['delta'], finish: ChunkChoice['finish_reason'] = null) => ({
      ...chunk(delta, finish),
      choices: [{ index: 1, delta, finish_reason: finish }],
    });
    const noIndex = {
      ...chunk({ content: '!' }),
      choices: [{ delta: { content: '!' }, finish_reason: null }],
    };
    const events = parse(
      translate([
        chunk({ content: 'Hello' }),
        second({ content: ' SECOND' }),
        noIndex as ChatCompletionChunk,
        second({}, 'length'),
        chunk({}, 'stop'),
      ]),
    );
    const text = events
      .filter((e) => e.event === 'content_block_delta')
      .map((e) => (e.data.delta as { text: string }).text)
      .join('');
    assert.equal(text, 'Hello!');
    const stop = events.find((e) => e.event === 'message_delta')?.data.delta as { stop_reason: string };
    assert.equal(stop.stop_reason, 'end_turn', 'the second choice’s finish reason is not the answer’s');
  });

  it('is accepted by the official Anthropic SDK stream accumulator', async () => {
    const body = translate(TOOL_CHUNKS, { model: 'public-model' }).join('');
    const client = new Anthropic({
      apiKey: 'test',
      maxRetries: 0,
      fetch: async () => new Response(body, { headers: { 'content-type': 'text/event-stream' } }),
    });
    const message = await client.messages
      .stream({ model: 'public-model', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] })
      .finalMessage();
    assert.equal(message.stop_reason, 'tool_use');
    assert.deepEqual(
      message.content.map((b) => (b.type === 'text' ? b.text : b.type === 'tool_use' ? b.input : b.type)),
      ['Let me check.', { city: 'Oslo' }, {}],
    );
    assert.equal(message.usage.input_tokens, 20);
    assert.equal(message.usage.output_tokens, 12);
    assert.equal(message.usage.cache_read_input_tokens, 10);
  });
});
