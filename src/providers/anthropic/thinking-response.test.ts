import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import type { ChatCompletion, ChatCompletionChunk, ChunkChoice } from '../../spec/index.ts';
import { fromAnthropicMessage } from './response-from-anthropic.ts';
import { toAnthropicMessage } from './response-to-anthropic.ts';
import { StreamFromAnthropic } from './stream-from-anthropic.ts';
import { StreamToAnthropic } from './stream-to-anthropic.ts';
import type { AnthropicMessage, SseEvent } from './types.ts';

const SIGNATURE = 'EqoBCkgIARABGAIiQL2UoU0b1OHYi+abc/==';

function ev(type: string, data: Record<string, unknown> = {}): SseEvent {
  return { event: type, data: JSON.stringify({ type, ...data }) };
}

/** What Anthropic streams for: thinking (2 deltas + signature), redacted thinking, text, tool_use. */
const THINKING_STREAM: SseEvent[] = [
  ev('message_start', {
    message: { id: 'msg_t', model: 'claude-x', content: [], usage: { input_tokens: 9, output_tokens: 1 } },
  }),
  ev('content_block_start', { index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } }),
  ev('content_block_delta', { index: 0, delta: { type: 'thinking_delta', thinking: 'Let me ' } }),
  ev('content_block_delta', { index: 0, delta: { type: 'thinking_delta', thinking: 'think.' } }),
  ev('content_block_delta', { index: 0, delta: { type: 'signature_delta', signature: SIGNATURE } }),
  ev('content_block_stop', { index: 0 }),
  ev('content_block_start', { index: 1, content_block: { type: 'redacted_thinking', data: 'ENCRYPTED' } }),
  ev('content_block_stop', { index: 1 }),
  ev('content_block_start', { index: 2, content_block: { type: 'text', text: '' } }),
  ev('content_block_delta', { index: 2, delta: { type: 'text_delta', text: 'Checking.' } }),
  ev('content_block_stop', { index: 2 }),
  ev('content_block_start', {
    index: 3,
    content_block: { type: 'tool_use', id: 'toolu_1', name: 'get', input: {} },
  }),
  ev('content_block_delta', { index: 3, delta: { type: 'input_json_delta', partial_json: '{"q":1}' } }),
  ev('content_block_stop', { index: 3 }),
  ev('message_delta', { delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 40 } }),
  ev('message_stop'),
];

const EXPECTED_BLOCKS = [
  { type: 'thinking', thinking: 'Let me think.', signature: SIGNATURE },
  { type: 'redacted_thinking', data: 'ENCRYPTED' },
  { type: 'text', text: 'Checking.' },
  { type: 'tool_use', id: 'toolu_1', name: 'get', input: { q: 1 } },
];

function openAiChunks(events: SseEvent[]): ChatCompletionChunk[] {
  const translator = new StreamFromAnthropic({ includeUsage: true, provider: 'anth', created: 1 });
  return events
    .flatMap((event) => translator.push(event))
    .flatMap((part) => (part.type === 'chunk' ? [JSON.parse(part.data) as ChatCompletionChunk] : []));
}

function deltas(chunks: ChatCompletionChunk[]): ChunkChoice['delta'][] {
  return chunks.flatMap((c) => c.choices.map((choice) => choice.delta));
}

/** Feeds Anthropic SSE text to the official SDK's stream accumulator. */
async function sdkFinalMessage(sse: string): Promise<Anthropic.Message> {
  const client = new Anthropic({
    apiKey: 'test',
    maxRetries: 0,
    fetch: async () => new Response(sse, { headers: { 'content-type': 'text/event-stream' } }),
  });
  return client.messages
    .stream({ model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] })
    .finalMessage();
}

function toAnthropicSse(chunks: ChatCompletionChunk[]): string {
  const translator = new StreamToAnthropic({ model: 'm' });
  return [...chunks.flatMap((c) => translator.push(c)), ...translator.finish()].join('');
}

describe('thinking: Anthropic responses → OpenAI dialect', () => {
  it('gives the message reasoning_content and thinking_blocks in order, usage unchanged', () => {
    const message: AnthropicMessage = {
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      model: 'claude-x',
      content: EXPECTED_BLOCKS,
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: { input_tokens: 10, output_tokens: 50 },
    };
    const { body, usage } = fromAnthropicMessage(message, { created: 1 });
    const out = body.choices[0]?.message;
    assert.equal(out?.content, 'Checking.');
    assert.equal(out?.reasoning_content, 'Let me think.');
    assert.deepEqual(out?.thinking_blocks, EXPECTED_BLOCKS.slice(0, 2));
    assert.equal(out?.tool_calls?.[0]?.id, 'toolu_1');
    // Thinking is billed as output at Anthropic and already inside output_tokens.
    assert.equal(usage?.completionTokens, 50);
    assert.equal(body.usage?.completion_tokens, 50);
  });

  it('streams thinking as reasoning_content deltas and each finished block once, with its signature', () => {
    const all = deltas(openAiChunks(THINKING_STREAM));
    assert.deepEqual(
      all.flatMap((d) => (d.reasoning_content === undefined ? [] : [d.reasoning_content])),
      ['Let me ', 'think.'],
    );
    assert.deepEqual(
      all.flatMap((d) => d.thinking_blocks ?? []),
      EXPECTED_BLOCKS.slice(0, 2),
    );
    const order = all.map((d) =>
      d.reasoning_content
        ? 'reasoning'
        : d.thinking_blocks
          ? 'block'
          : d.content
            ? 'text'
            : d.tool_calls
              ? 'tool'
              : '',
    );
    assert.deepEqual(
      order.filter((k) => k !== ''),
      ['reasoning', 'reasoning', 'block', 'block', 'text', 'tool', 'tool'],
    );
  });

  it('sends a thinking block that never got a signature without one', () => {
    const events = [
      THINKING_STREAM[0],
      THINKING_STREAM[1],
      THINKING_STREAM[2],
      THINKING_STREAM[5],
    ] as SseEvent[];
    assert.deepEqual(
      deltas(openAiChunks(events)).flatMap((d) => d.thinking_blocks ?? []),
      [{ type: 'thinking', thinking: 'Let me ' }],
    );
  });
});

describe('thinking: OpenAI dialect → Anthropic responses', () => {
  function completion(message: ChatCompletion['choices'][number]['message']): ChatCompletion {
    return {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1,
      model: 'm',
      choices: [{ index: 0, message, finish_reason: 'stop' }],
    };
  }

  it('puts thinking_blocks first in the content, signatures unchanged', () => {
    const message = toAnthropicMessage(
      completion({
        role: 'assistant',
        content: 'Answer.',
        reasoning_content: 'Let me think.',
        thinking_blocks: [
          { type: 'thinking', thinking: 'Let me think.', signature: SIGNATURE },
          { type: 'redacted_thinking', data: 'ENCRYPTED' },
        ],
      }),
    );
    assert.deepEqual(message.content, [...EXPECTED_BLOCKS.slice(0, 2), { type: 'text', text: 'Answer.' }]);
  });

  it('turns DeepSeek-style reasoning_content into a thinking block with an empty signature', () => {
    const message = toAnthropicMessage(
      completion({ role: 'assistant', content: 'Answer.', reasoning_content: 'Hmm.' }),
    );
    assert.deepEqual(message.content, [
      { type: 'thinking', thinking: 'Hmm.', signature: '' },
      { type: 'text', text: 'Answer.' },
    ]);
  });

  it('round-trips an Anthropic thinking stream through the OpenAI dialect to the Anthropic SDK', async () => {
    const sse = toAnthropicSse(openAiChunks(THINKING_STREAM));
    assert.match(sse, /"content_block":\{"type":"thinking","thinking":"","signature":""\}/);
    assert.match(sse, /"delta":\{"type":"signature_delta","signature":"EqoBC/);
    const final = await sdkFinalMessage(sse);
    assert.deepEqual(final.content, EXPECTED_BLOCKS);
    assert.equal(final.stop_reason, 'tool_use');
    assert.equal(final.usage.output_tokens, 40);
  });

  it('streams DeepSeek-style reasoning deltas as a thinking block with no signature', async () => {
    const chunk = (delta: ChunkChoice['delta'], finish: ChunkChoice['finish_reason'] = null) => ({
      id: 'chatcmpl-2',
      object: 'chat.completion.chunk' as const,
      created: 1,
      model: 'deepseek',
      choices: [{ index: 0, delta, finish_reason: finish }],
    });
    const sse = toAnthropicSse([
      chunk({ role: 'assistant', content: '', reasoning_content: '' }),
      chunk({ reasoning_content: 'Step ' }),
      chunk({ reasoning_content: 'one.' }),
      chunk({ content: 'Done.' }),
      chunk({}, 'stop'),
    ]);
    assert.doesNotMatch(sse, /signature_delta/);
    const final = await sdkFinalMessage(sse);
    assert.deepEqual(final.content, [
      { type: 'thinking', thinking: 'Step one.', signature: '' },
      { type: 'text', text: 'Done.' },
    ]);
  });

  it('reads a LiteLLM-style upstream that echoes each reasoning piece as an unsigned entry', async () => {
    const chunk = (delta: ChunkChoice['delta']) => ({
      id: 'chatcmpl-4',
      object: 'chat.completion.chunk' as const,
      created: 1,
      model: 'm',
      choices: [{ index: 0, delta, finish_reason: null }],
    });
    const final = await sdkFinalMessage(
      toAnthropicSse([
        chunk({ reasoning_content: 'A ', thinking_blocks: [{ type: 'thinking', thinking: 'A ' }] }),
        chunk({ reasoning_content: 'B.', thinking_blocks: [{ type: 'thinking', thinking: 'B.' }] }),
        chunk({
          reasoning_content: '',
          thinking_blocks: [{ type: 'thinking', thinking: '', signature: 'sig' }],
        }),
        chunk({ content: 'Hi.' }),
      ]),
    );
    assert.deepEqual(final.content, [
      { type: 'thinking', thinking: 'A B.', signature: 'sig' },
      { type: 'text', text: 'Hi.' },
    ]);
  });

  it('opens a block for a complete thinking_blocks entry whose text did not stream', async () => {
    const chunk = (delta: ChunkChoice['delta']) => ({
      id: 'chatcmpl-3',
      object: 'chat.completion.chunk' as const,
      created: 1,
      model: 'm',
      choices: [{ index: 0, delta, finish_reason: null }],
    });
    const final = await sdkFinalMessage(
      toAnthropicSse([
        chunk({ thinking_blocks: [{ type: 'thinking', thinking: 'Whole.', signature: 'sig' }] }),
        chunk({ content: 'Hi.' }),
      ]),
    );
    assert.deepEqual(final.content, [
      { type: 'thinking', thinking: 'Whole.', signature: 'sig' },
      { type: 'text', text: 'Hi.' },
    ]);
  });
});
