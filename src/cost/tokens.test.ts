import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChatMessage, ToolDefinition } from '../spec/chat.ts';
import {
  countChatTokens,
  countTextTokens,
  encodingForModel,
  IMAGE_TOKENS,
  REPLY_PRIMING_TOKENS,
  TOKENS_PER_MESSAGE,
  usageFromText,
} from './tokens.ts';

// The worked example from OpenAI's cookbook "How to count tokens with tiktoken": it reports 129
// prompt tokens for gpt-3.5-turbo / gpt-4 (cl100k_base) and 124 for gpt-4o / gpt-4o-mini (o200k_base).
const COOKBOOK: ChatMessage[] = [
  {
    role: 'system',
    content:
      'You are a helpful, pattern-following assistant that translates corporate jargon into plain English.',
  },
  { role: 'system', name: 'example_user', content: 'New synergies will help drive top-line growth.' },
  {
    role: 'system',
    name: 'example_assistant',
    content: 'Things working well together will increase revenue.',
  },
  {
    role: 'system',
    name: 'example_user',
    content:
      "Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage.",
  },
  {
    role: 'system',
    name: 'example_assistant',
    content: "Let's talk later when we're less busy about how to do better.",
  },
  {
    role: 'user',
    content: "This late pivot means we don't have time to boil the ocean for the client deliverable.",
  },
];

describe('countTextTokens', () => {
  it('counts known strings', () => {
    assert.equal(countTextTokens('hello world'), 2);
    assert.equal(countTextTokens('hello world', { model: 'gpt-4' }), 2);
    assert.equal(countTextTokens(''), 0);
  });

  it('treats special-token text as plain text instead of throwing', () => {
    const n = countTextTokens('before <|endoftext|> after');
    assert.ok(n > 3, `expected the marker to be split into ordinary tokens, got ${n}`);
  });
});

describe('encodingForModel', () => {
  it('uses o200k_base for the GPT-4o family and newer, cl100k_base for GPT-4 / 3.5', () => {
    for (const model of [
      'gpt-4o',
      'gpt-4o-mini',
      'o1',
      'o3-mini',
      'gpt-4.1',
      'gpt-5',
      'claude-sonnet-4-5',
      undefined,
    ]) {
      assert.equal(encodingForModel(model), 'o200k_base', String(model));
    }
    for (const model of [
      'gpt-4',
      'gpt-4-turbo',
      'gpt-4-0613',
      'gpt-3.5-turbo',
      'gpt-35-turbo',
      'text-embedding-3-small',
    ]) {
      assert.equal(encodingForModel(model), 'cl100k_base', model);
    }
  });
});

describe('countChatTokens', () => {
  it("matches OpenAI's cookbook counts for both encodings", () => {
    assert.equal(countChatTokens(COOKBOOK, { model: 'gpt-4o' }), 124);
    assert.equal(countChatTokens(COOKBOOK, { model: 'gpt-4o-mini' }), 124);
    assert.equal(countChatTokens(COOKBOOK, { model: 'gpt-4-0613' }), 129);
    assert.equal(countChatTokens(COOKBOOK, { model: 'gpt-3.5-turbo' }), 129);
  });

  it('adds the per-message and reply-priming overheads', () => {
    const one: ChatMessage[] = [{ role: 'user', content: 'hello world' }];
    assert.equal(countChatTokens(one), REPLY_PRIMING_TOKENS + TOKENS_PER_MESSAGE + 1 + 2);
    assert.equal(countChatTokens([]), REPLY_PRIMING_TOKENS);
  });

  it('counts text parts and a fixed estimate per image', () => {
    const parts: ChatMessage[] = [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'hello world' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
          { type: 'image_url', image_url: { url: 'https://example.invalid/cat.png', detail: 'low' } },
        ],
      },
    ];
    const plain: ChatMessage[] = [{ role: 'user', content: 'hello world' }];
    assert.equal(countChatTokens(parts), countChatTokens(plain) + 2 * IMAGE_TOKENS);
  });

  it('counts tool calls in assistant messages and tool definitions', () => {
    const base: ChatMessage[] = [{ role: 'user', content: 'weather in Paris?' }];
    const withCall: ChatMessage[] = [
      ...base,
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'c1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
        ],
      },
    ];
    const callTokens = countTextTokens('get_weather') + countTextTokens('{"city":"Paris"}');
    assert.equal(
      countChatTokens(withCall),
      countChatTokens(base) + TOKENS_PER_MESSAGE + countTextTokens('assistant') + callTokens,
    );
    const tools: ToolDefinition[] = [
      { type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: {} } } },
    ];
    assert.equal(
      countChatTokens(base, { tools }),
      countChatTokens(base) + countTextTokens(JSON.stringify(tools)),
    );
  });
});

describe('usageFromText', () => {
  it('estimates prompt and completion tokens and marks the usage as estimated', () => {
    const usage = usageFromText({ messages: COOKBOOK, completionText: 'hello world', model: 'gpt-4o' });
    assert.deepEqual(usage, { promptTokens: 124, completionTokens: 2, totalTokens: 126, estimated: true });
  });
});
