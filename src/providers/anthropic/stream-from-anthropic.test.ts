import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KeelError } from '../../errors/index.ts';
import type { ChatCompletionChunk, StreamPart } from '../../spec/index.ts';
import { StreamFromAnthropic } from './stream-from-anthropic.ts';
import type { SseEvent } from './types.ts';

function ev(type: string, data: Record<string, unknown> = {}): SseEvent {
  return { event: type, data: JSON.stringify({ type, ...data }) };
}

const START = ev('message_start', {
  message: {
    id: 'msg_1',
    type: 'message',
    role: 'assistant',
    content: [],
    model: 'claude-x',
    stop_reason: null,
    stop_sequence: null,
    usage: { input_tokens: 12, output_tokens: 1, cache_read_input_tokens: 8 },
  },
});

const TOOL_STREAM: SseEvent[] = [
  START,
  ev('ping'),
  ev('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
  ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'Let me ' } }),
  ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'check.' } }),
  ev('content_block_stop', { index: 0 }),
  ev('content_block_start', {
    index: 1,
    content_block: { type: 'tool_use', id: 'toolu_a', name: 'get', input: {} },
  }),
  ev('content_block_delta', { index: 1, delta: { type: 'input_json_delta', partial_json: '' } }),
  ev('content_block_delta', { index: 1, delta: { type: 'input_json_delta', partial_json: '{"city":' } }),
  ev('content_block_delta', { index: 1, delta: { type: 'input_json_delta', partial_json: '"Oslo"}' } }),
  ev('content_block_stop', { index: 1 }),
  ev('content_block_start', {
    index: 2,
    content_block: { type: 'tool_use', id: 'toolu_b', name: 'now', input: {} },
  }),
  ev('content_block_stop', { index: 2 }),
  ev('message_delta', {
    delta: { stop_reason: 'tool_use', stop_sequence: null },
    usage: { output_tokens: 30 },
  }),
  ev('message_stop'),
];

function run(events: SseEvent[], includeUsage: boolean, end = true): StreamPart[] {
  const translator = new StreamFromAnthropic({ includeUsage, provider: 'anth', created: 42 });
  const parts = events.flatMap((event) => translator.push(event));
  return end ? [...parts, ...translator.end()] : parts;
}

function chunks(parts: StreamPart[]): ChatCompletionChunk[] {
  return parts.flatMap((p) => (p.type === 'chunk' ? [JSON.parse(p.data) as ChatCompletionChunk] : []));
}

describe('StreamFromAnthropic', () => {
  it('translates text and tool use into OpenAI chunks with tool indexes', () => {
    const parts = run(TOOL_STREAM, false);
    const out = chunks(parts);
    assert.deepEqual(
      out.map((c) => c.choices[0]?.delta),
      [
        { role: 'assistant', content: '' },
        { content: 'Let me ' },
        { content: 'check.' },
        {
          tool_calls: [
            { index: 0, id: 'toolu_a', type: 'function', function: { name: 'get', arguments: '' } },
          ],
        },
        { tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] },
        { tool_calls: [{ index: 0, function: { arguments: '"Oslo"}' } }] },
        {
          tool_calls: [
            { index: 1, id: 'toolu_b', type: 'function', function: { name: 'now', arguments: '' } },
          ],
        },
        // No input_json_delta: the call's arguments end as `{}`, as non-streamed, never as ''.
        { tool_calls: [{ index: 1, function: { arguments: '{}' } }] },
        {},
      ],
    );
    const first = out[0];
    assert.equal(first?.id, 'msg_1');
    assert.equal(first?.object, 'chat.completion.chunk');
    assert.equal(first?.model, 'claude-x');
    assert.equal(first?.created, 42);
    assert.equal(out.at(-1)?.choices[0]?.finish_reason, 'tool_calls');
    assert.equal(parts.at(-1)?.type, 'finish');
  });

  it('attaches usage to the finish chunk when include_usage was not requested', () => {
    const parts = run(TOOL_STREAM, false);
    const withUsage = parts.filter((p) => p.type === 'chunk' && p.usage !== undefined);
    assert.equal(withUsage.length, 1);
    const finish = withUsage[0] as Extract<StreamPart, { type: 'chunk' }>;
    assert.equal(JSON.parse(finish.data).choices[0].finish_reason, 'tool_calls');
    assert.equal(JSON.parse(finish.data).usage, undefined, 'the client did not ask for usage');
    assert.deepEqual(finish.usage, {
      promptTokens: 20,
      completionTokens: 30,
      totalTokens: 50,
      cachedTokens: 8,
    });
    assert.equal(finish.usageOnly, undefined);
  });

  it('ends with a usage-only chunk when include_usage was requested', () => {
    const parts = run(TOOL_STREAM, true);
    const last = parts.at(-2) as Extract<StreamPart, { type: 'chunk' }>;
    assert.equal(last.usageOnly, true);
    assert.deepEqual(last.usage, {
      promptTokens: 20,
      completionTokens: 30,
      totalTokens: 50,
      cachedTokens: 8,
    });
    const body = JSON.parse(last.data) as ChatCompletionChunk;
    assert.deepEqual(body.choices, []);
    assert.equal(body.usage?.prompt_tokens, 20);
    assert.equal(body.usage?.completion_tokens, 30);
    assert.deepEqual(body.usage?.prompt_tokens_details, { cached_tokens: 8 });
    assert.equal(parts.filter((p) => p.type === 'chunk' && p.usage !== undefined).length, 1);
  });

  it('maps stop reasons on the finish chunk', () => {
    for (const [reason, expected] of [
      ['end_turn', 'stop'],
      ['max_tokens', 'length'],
      ['stop_sequence', 'stop'],
      ['refusal', 'content_filter'],
    ]) {
      const out = chunks(
        run(
          [
            START,
            ev('message_delta', { delta: { stop_reason: reason }, usage: { output_tokens: 1 } }),
            ev('message_stop'),
          ],
          false,
        ),
      );
      assert.equal(out.at(-1)?.choices[0]?.finish_reason, expected);
    }
  });

  it('takes cumulative usage from message_delta over message_start', () => {
    const parts = run(
      [
        START,
        ev('message_delta', {
          delta: { stop_reason: 'end_turn' },
          usage: { output_tokens: 9, input_tokens: 50, cache_read_input_tokens: null },
        }),
        ev('message_stop'),
      ],
      true,
    );
    const usagePart = parts.find((p) => p.type === 'chunk' && p.usageOnly) as Extract<
      StreamPart,
      { type: 'chunk' }
    >;
    assert.deepEqual(usagePart.usage, {
      promptTokens: 58,
      completionTokens: 9,
      totalTokens: 67,
      cachedTokens: 8,
    });
  });

  it('turns an error event into an error part and ignores what follows', () => {
    const translator = new StreamFromAnthropic({ includeUsage: false, provider: 'anth' });
    translator.push(START);
    const parts = translator.push({
      event: 'error',
      data: '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}',
    });
    assert.equal(parts.length, 1);
    const part = parts[0] as Extract<StreamPart, { type: 'error' }>;
    assert.ok(part.error instanceof KeelError);
    assert.equal(part.error.code, 'upstream_error');
    assert.equal(part.error.status, 503);
    assert.match(part.error.message, /Overloaded/);
    assert.deepEqual(translator.push(ev('message_stop')), []);
    assert.deepEqual(translator.end(), []);
  });

  it('reports a stream that ends without message_stop as broken', () => {
    const parts = run(TOOL_STREAM.slice(0, 5), false);
    const last = parts.at(-1) as Extract<StreamPart, { type: 'error' }>;
    assert.equal(last.type, 'error');
    assert.equal((last.error as KeelError).code, 'upstream_stream_broken');
    assert.ok(!parts.some((p) => p.type === 'finish'));
  });

  it('fails on invalid JSON data', () => {
    const translator = new StreamFromAnthropic({ includeUsage: false, provider: 'anth' });
    const parts = translator.push({ event: 'content_block_delta', data: '{"type":' });
    assert.equal(parts[0]?.type, 'error');
  });

  it('accepts a tool_use block whose input arrives whole and emits a role chunk even without message_start', () => {
    const out = chunks(
      run(
        [
          ev('content_block_start', {
            index: 0,
            content_block: { type: 'tool_use', id: 't', name: 'f', input: { a: 1 } },
          }),
          ev('message_stop'),
        ],
        false,
      ),
    );
    assert.deepEqual(out[0]?.choices[0]?.delta, { role: 'assistant', content: '' });
    assert.equal(out[1]?.choices[0]?.delta.tool_calls?.[0]?.function?.arguments, '{"a":1}');
    assert.equal(out.at(-1)?.choices[0]?.finish_reason, 'stop');
  });

  it('ends a tool call with no arguments as `{}`, like the non-streamed answer, never as an empty string', () => {
    const events = [
      START,
      ev('content_block_start', {
        index: 0,
        content_block: { type: 'tool_use', id: 'toolu_n', name: 'now', input: {} },
      }),
      // What Anthropic sends for a tool without parameters: one empty fragment.
      ev('content_block_delta', { index: 0, delta: { type: 'input_json_delta', partial_json: '' } }),
      ev('content_block_stop', { index: 0 }),
      ev('content_block_start', {
        index: 1,
        content_block: { type: 'tool_use', id: 'toolu_w', name: 'get', input: {} },
      }),
      ev('content_block_delta', { index: 1, delta: { type: 'input_json_delta', partial_json: '{}' } }),
      ev('content_block_stop', { index: 1 }),
      ev('message_delta', { delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 3 } }),
      ev('message_stop'),
    ];
    const args = new Map<number, string>();
    for (const c of chunks(run(events, false))) {
      for (const call of c.choices[0]?.delta.tool_calls ?? []) {
        args.set(call.index, (args.get(call.index) ?? '') + (call.function?.arguments ?? ''));
      }
    }
    assert.deepEqual(
      [...args],
      [
        [0, '{}'],
        [1, '{}'],
      ],
    );
  });
});
