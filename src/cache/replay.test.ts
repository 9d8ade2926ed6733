import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KeelError } from '../errors/index.ts';
import type { ChatCompletion, ChatCompletionChunk } from '../spec/chat.ts';
import { assembleFromChunks } from './assemble.ts';
import { replayAsChunks, splitContent } from './replay.ts';

const base = {
  id: 'chatcmpl-1',
  object: 'chat.completion' as const,
  created: 1_700_000_000,
  model: 'gpt-4o',
};
const usage = { prompt_tokens: 12, completion_tokens: 40, total_tokens: 52 };

const parse = (texts: string[]) => texts.map((t) => JSON.parse(t) as ChatCompletionChunk);

type Message = ChatCompletion['choices'][number]['message'];
type Finish = ChatCompletion['choices'][number]['finish_reason'];

/** A completion of one choice, with usage. */
const oneChoice = (
  message: Message,
  finish_reason: Finish,
  more: Partial<ChatCompletion> = {},
): ChatCompletion => ({
  ...base,
  ...more,
  choices: [{ index: 0, message, finish_reason }],
  usage,
});

const textBody = oneChoice(
  {
    role: 'assistant',
    content:
      'Keel caches exact responses per tenant. A streamed request and a plain one share the entry, ' +
      'and the stream is replayed from the stored completion in a few deltas — naïve 日本語 😀 included.',
  },
  'stop',
  { system_fingerprint: 'fp_1' },
);

const toolBody = oneChoice(
  {
    role: 'assistant',
    content: null,
    tool_calls: [
      { id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
      { id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '{"tz":"Europe/Paris"}' } },
    ],
  },
  'tool_calls',
);

describe('replayAsChunks ⇄ assembleFromChunks', () => {
  it('round-trips a text answer, with usage only when asked for', () => {
    const withUsage = parse(replayAsChunks(textBody, { includeUsage: true }));
    assert.deepEqual(assembleFromChunks(withUsage), textBody);
    const last = withUsage.at(-1);
    assert.deepEqual(last?.choices, []);
    assert.deepEqual(last?.usage, usage);

    const withoutUsage = parse(replayAsChunks(textBody));
    assert.ok(withoutUsage.every((c) => c.usage === undefined));
    const { usage: _dropped, ...expected } = textBody;
    assert.deepEqual(assembleFromChunks(withoutUsage), expected);
  });

  it('round-trips tool calls (content stays null)', () => {
    assert.deepEqual(assembleFromChunks(parse(replayAsChunks(toolBody, { includeUsage: true }))), toolBody);
  });

  it('round-trips extended thinking: reasoning text and signed blocks before a tool call', () => {
    const message = toolBody.choices[0]?.message;
    assert.ok(message);
    const body: ChatCompletion = {
      ...toolBody,
      choices: [
        {
          index: 0,
          message: {
            ...message,
            reasoning_content: 'The user wants weather and time.',
            thinking_blocks: [
              { type: 'thinking', thinking: 'The user wants weather and time.', signature: 'c2lnbmF0dXJl' },
              { type: 'redacted_thinking', data: 'ZW5jcnlwdGVk' },
            ],
          },
          finish_reason: 'tool_calls',
        },
      ],
    };
    const chunks = parse(replayAsChunks(body, { includeUsage: true }));
    assert.deepEqual(assembleFromChunks(chunks), body);
    // Thinking entries come before the tool call, as in a live stream.
    const firstBlock = chunks.findIndex((c) => c.choices[0]?.delta.thinking_blocks);
    const firstCall = chunks.findIndex((c) => c.choices[0]?.delta.tool_calls);
    assert.ok(firstBlock > 0 && firstBlock < firstCall);
  });

  it('round-trips several choices and a refusal', () => {
    const body: ChatCompletion = {
      ...base,
      choices: [
        { index: 0, message: { role: 'assistant', content: 'first' }, finish_reason: 'stop' },
        { index: 1, message: { role: 'assistant', content: 'second answer' }, finish_reason: 'length' },
        {
          index: 2,
          message: { role: 'assistant', content: '', refusal: 'I cannot help with that.' },
          finish_reason: 'stop',
        },
      ],
    };
    assert.deepEqual(assembleFromChunks(parse(replayAsChunks(body))), body);
  });

  it('round-trips a legacy function_call (clients that send `functions`)', () => {
    const body = oneChoice(
      {
        role: 'assistant',
        content: null,
        function_call: { name: 'get_weather', arguments: '{"city":"Paris"}' },
      },
      'function_call',
    );
    const chunks = parse(replayAsChunks(body, { includeUsage: true }));
    assert.deepEqual(
      chunks.flatMap((c) => {
        const delta = c.choices[0]?.delta as { function_call?: unknown } | undefined;
        return delta?.function_call ? [delta.function_call] : [];
      }),
      [{ name: 'get_weather', arguments: '' }, { arguments: '{"city":"Paris"}' }],
    );
    assert.deepEqual(assembleFromChunks(chunks), body);
  });

  it('emits OpenAI-shaped chunks: role first, content deltas, finish last', () => {
    const chunks = parse(replayAsChunks(textBody));
    for (const chunk of chunks) {
      assert.equal(chunk.object, 'chat.completion.chunk');
      assert.equal(chunk.id, textBody.id);
      assert.equal(chunk.system_fingerprint, 'fp_1');
    }
    assert.equal(chunks[0]?.choices[0]?.delta.role, 'assistant');
    const contentDeltas = chunks.filter((c) => c.choices[0]?.delta.content);
    assert.ok(contentDeltas.length > 1 && contentDeltas.length <= 8, `got ${contentDeltas.length} deltas`);
    assert.equal(chunks.at(-1)?.choices[0]?.finish_reason, 'stop');
    assert.ok(chunks.slice(0, -1).every((c) => c.choices[0]?.finish_reason === null));
  });

  it('sends each tool call as a head (id, name) followed by its arguments without a name', () => {
    const chunks = parse(replayAsChunks(toolBody));
    const calls = chunks.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
    assert.deepEqual(calls, [
      { index: 0, id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '' } },
      { index: 0, function: { arguments: '{"city":"Paris"}' } },
      { index: 1, id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '' } },
      { index: 1, function: { arguments: '{"tz":"Europe/Paris"}' } },
    ]);
  });
});

describe('assembleFromChunks', () => {
  it('assembles a real-looking upstream stream (arguments split, name sent once)', () => {
    // Wire-shaped chunks: argument deltas carry no name, which the spec type does not allow for.
    const chunk = (choices: unknown[], extra: Partial<ChatCompletionChunk> = {}) =>
      ({
        id: 'chatcmpl-9',
        object: 'chat.completion.chunk',
        created: 1,
        model: 'gpt-4o-2024-08-06',
        ...extra,
        choices,
      }) as ChatCompletionChunk;
    const stream: ChatCompletionChunk[] = [
      chunk([{ index: 0, delta: { role: 'assistant', content: null }, finish_reason: null }]),
      chunk([
        {
          index: 0,
          delta: {
            tool_calls: [
              { index: 0, id: 'call_1', type: 'function', function: { name: 'search', arguments: '' } },
            ],
          },
          finish_reason: null,
        },
      ]),
      chunk([
        {
          index: 0,
          delta: { tool_calls: [{ index: 0, function: { arguments: '{"q":' } }] },
          finish_reason: null,
        },
      ]),
      chunk([
        {
          index: 0,
          delta: { tool_calls: [{ index: 0, function: { arguments: '"keel"}' } }] },
          finish_reason: null,
        },
      ]),
      chunk([{ index: 0, delta: {}, finish_reason: 'tool_calls' }]),
      chunk([], { usage: { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 } }),
    ];
    assert.deepEqual(assembleFromChunks(stream), {
      id: 'chatcmpl-9',
      object: 'chat.completion',
      created: 1,
      model: 'gpt-4o-2024-08-06',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: null,
            tool_calls: [
              { id: 'call_1', type: 'function', function: { name: 'search', arguments: '{"q":"keel"}' } },
            ],
          },
          finish_reason: 'tool_calls',
        },
      ],
      usage: { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 },
    });
  });

  it('keeps the logprobs a stream carried, concatenated in order', () => {
    const token = (t: string) => ({ token: t, logprob: -0.1, bytes: null, top_logprobs: [] });
    const chunk = (delta: Record<string, unknown>, logprobs: unknown, finish: string | null = null) =>
      ({
        ...base,
        object: 'chat.completion.chunk',
        choices: [{ index: 0, delta, logprobs, finish_reason: finish }],
      }) as ChatCompletionChunk;
    const body = assembleFromChunks([
      chunk({ role: 'assistant', content: '' }, { content: [], refusal: null }),
      chunk({ content: 'Hel' }, { content: [token('Hel')], refusal: null }),
      chunk({ content: 'lo' }, { content: [token('lo')], refusal: null }),
      chunk({}, null, 'stop'),
    ]);
    assert.equal(body.choices[0]?.message.content, 'Hello');
    assert.deepEqual(body.choices[0]?.logprobs, { content: [token('Hel'), token('lo')] });
    // A stream without logprobs assembles without the field.
    assert.equal('logprobs' in (assembleFromChunks(parse(replayAsChunks(textBody))).choices[0] ?? {}), false);
  });

  it('refuses an empty stream', () => {
    assert.throws(
      () => assembleFromChunks([]),
      (err: unknown) => err instanceof KeelError,
    );
  });
});

describe('splitContent', () => {
  it('keeps short text whole and splits long text into a few pieces that join back', () => {
    assert.deepEqual(splitContent('short'), ['short']);
    const long = 'word '.repeat(400);
    const pieces = splitContent(long);
    assert.equal(pieces.join(''), long);
    assert.ok(pieces.length <= 9, `got ${pieces.length}`);
  });

  it('never splits a surrogate pair', () => {
    const emoji = '😀'.repeat(100); // no spaces: forced cuts
    const pieces = splitContent(emoji);
    assert.equal(pieces.join(''), emoji);
    for (const piece of pieces)
      assert.ok(!/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/.test(piece), 'split inside a pair');
  });
});
