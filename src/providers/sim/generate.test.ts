import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countTokens } from 'gpt-tokenizer';
import { isKeelError } from '../../errors/index.ts';
import type { ChatRequest, ToolDefinition } from '../../spec/index.ts';
import { type GenerateOptions, generateCompletion, type SimChoice } from './generate.ts';
import { promptText } from './prompt-tokens.ts';
import { VOCAB } from './vocabulary.ts';

const OPTIONS: GenerateOptions = { outputTokens: 24, contextWindow: 128_000 };

function req(overrides: Partial<ChatRequest> = {}): ChatRequest {
  return { model: 'sim-1', messages: [{ role: 'user', content: 'Tell me about keels.' }], ...overrides };
}

function first(request: ChatRequest, options = OPTIONS): SimChoice {
  return generateCompletion(request, options).choices[0] as SimChoice;
}

const weatherTool: ToolDefinition = {
  type: 'function',
  function: {
    name: 'get_weather',
    parameters: {
      type: 'object',
      properties: {
        city: { type: 'string' },
        days: { type: 'integer', minimum: 1, maximum: 7 },
        unit: { type: 'string', enum: ['c', 'f'] },
        detailed: { type: 'boolean' },
      },
      required: ['city', 'days'],
    },
  },
};

describe('generateCompletion: determinism and length', () => {
  it('answers the same request identically and different seeds differently', () => {
    assert.deepEqual(generateCompletion(req(), OPTIONS), generateCompletion(req(), OPTIONS));
    const a = first(req({ seed: 1 })).content;
    const b = first(req({ seed: 2 })).content;
    assert.notEqual(a, b);
    assert.notEqual(
      first(req()).content,
      first(req({ messages: [{ role: 'user', content: 'Other.' }] })).content,
    );
  });

  it('uses the seed alone when one is given', () => {
    const other = req({ seed: 7, messages: [{ role: 'user', content: 'something else entirely' }] });
    assert.equal(first(req({ seed: 7 })).content, first(other).content);
  });

  it('uses only one-token vocabulary words, so gpt-tokenizer agrees with the reported count', () => {
    for (const word of VOCAB) {
      assert.equal(countTokens(word), 1, word);
      assert.equal(countTokens(` ${word}`), 1, word);
    }
    for (let seed = 0; seed < 20; seed++) {
      const choice = first(req({ seed }));
      assert.equal(choice.completionTokens, 24);
      assert.equal(choice.pieces.length, 24);
      assert.equal(countTokens(choice.content ?? ''), 24);
    }
  });

  it('caps at max_tokens with finish_reason length, as a prefix of the uncapped answer', () => {
    const full = first(req());
    const capped = first(req({ max_tokens: 5 }));
    assert.equal(capped.finishReason, 'length');
    assert.equal(capped.completionTokens, 5);
    assert.deepEqual(capped.pieces, full.pieces.slice(0, 5));
    assert.equal(first(req({ max_completion_tokens: 3, max_tokens: 10 })).completionTokens, 3);
    const roomy = first(req({ max_tokens: 24 }));
    assert.equal(roomy.finishReason, 'stop');
    assert.equal(roomy.completionTokens, 24);
  });

  it('returns n choices with their own content and summed usage', () => {
    const gen = generateCompletion(req({ n: 3, max_tokens: 4 }), OPTIONS);
    assert.equal(gen.choices.length, 3);
    assert.equal(new Set(gen.choices.map((c) => c.content)).size, 3);
    assert.equal(gen.completionTokens, 12);
  });

  it('counts prompt tokens with gpt-tokenizer over the messages text', () => {
    const request = req({
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: [{ type: 'text', text: 'Hello there, friend.' }] },
      ],
    });
    const gen = generateCompletion(request, OPTIONS);
    assert.equal(gen.promptTokens, countTokens('You are terse.\nHello there, friend.'));
    assert.equal(gen.promptTokens, countTokens(promptText(request.messages)));
  });

  it('rejects out-of-range n and max_tokens', () => {
    assert.throws(() => generateCompletion(req({ n: 0 }), OPTIONS), { code: 'invalid_request', param: 'n' });
    assert.throws(() => generateCompletion(req({ max_tokens: 1.5 }), OPTIONS), { param: 'max_tokens' });
  });

  it('fails prompts longer than the context window with context_window_exceeded (400)', () => {
    const long = req({ messages: [{ role: 'user', content: 'word '.repeat(50) }] });
    assert.throws(
      () => generateCompletion(long, { ...OPTIONS, contextWindow: 10 }),
      (error) => isKeelError(error) && error.code === 'context_window_exceeded' && error.status === 400,
    );
  });
});

describe('generateCompletion: stop, reply, JSON', () => {
  it('truncates at the earliest stop string and counts the unit it began in', () => {
    const full = first(req());
    const text = full.content ?? '';
    const stop = (full.pieces[5] as string).trim();
    const cut = text.indexOf(stop);
    // The unit in which the stop string begins (it may begin inside an earlier, longer word).
    let offset = 0;
    let unit = 0;
    while (offset + (full.pieces[unit] as string).length <= cut)
      offset += (full.pieces[unit++] as string).length;
    const choice = first(req({ stop: ['never-there', stop] }));
    assert.equal(choice.content, text.slice(0, cut));
    assert.equal(choice.pieces.join(''), choice.content);
    assert.equal(choice.finishReason, 'stop');
    assert.equal(choice.stopSequence, stop);
    assert.equal(choice.completionTokens, unit + 1);
    assert.ok(choice.completionTokens <= 6);
  });

  it('answers with a scripted reply exactly, split into units', () => {
    const reply = '{"score": 0.8, "reason": "Grounded — mostly."}';
    const choice = first(req({ tools: [weatherTool], tool_choice: 'required' }), { ...OPTIONS, reply });
    assert.equal(choice.content, reply);
    assert.equal(choice.pieces.join(''), reply);
    assert.equal(choice.completionTokens, choice.pieces.length);
    assert.equal(choice.toolCall, undefined);
  });

  it('emits parseable JSON for json_object and schema-valid JSON for json_schema', () => {
    const obj = JSON.parse(first(req({ response_format: { type: 'json_object' } })).content ?? '');
    assert.equal(typeof obj.text, 'string');
    const schema = {
      type: 'object',
      properties: {
        title: { type: 'string' },
        tags: { type: 'array', items: { type: 'string' }, minItems: 1 },
        rating: { type: 'integer', minimum: 1, maximum: 5 },
        meta: { $ref: '#/$defs/meta' },
      },
      required: ['title', 'tags', 'rating', 'meta'],
      $defs: { meta: { type: 'object', properties: { draft: { type: 'boolean' } }, required: ['draft'] } },
    };
    const format = { type: 'json_schema', json_schema: { name: 'review', schema } };
    const value = JSON.parse(first(req({ response_format: format })).content ?? '');
    assert.equal(typeof value.title, 'string');
    assert.ok(Array.isArray(value.tags) && value.tags.length >= 1);
    assert.ok(Number.isInteger(value.rating) && value.rating >= 1 && value.rating <= 5);
    assert.equal(typeof value.meta.draft, 'boolean');
  });
});

describe('generateCompletion: tools', () => {
  it('calls a tool when the last user message mentions one, with schema-valid arguments', () => {
    const choice = first(
      req({ tools: [weatherTool], messages: [{ role: 'user', content: 'Use the tool.' }] }),
    );
    assert.equal(choice.finishReason, 'tool_calls');
    assert.equal(choice.content, null);
    assert.equal(choice.toolCall?.name, 'get_weather');
    assert.match(choice.toolCall?.id ?? '', /^call_[0-9a-f]{24}$/);
    const args = JSON.parse(choice.toolCall?.arguments ?? '');
    assert.equal(typeof args.city, 'string');
    assert.ok(args.city.length > 0);
    assert.ok(Number.isInteger(args.days) && args.days >= 1 && args.days <= 7);
    assert.ok(['c', 'f'].includes(args.unit));
    assert.equal(choice.completionTokens, (choice.toolCall?.pieces.length ?? 0) + 1);
  });

  it('honours tool_choice none, forced functions and unknown names', () => {
    const tools = [weatherTool];
    const mention = [{ role: 'user' as const, content: 'use a tool' }];
    assert.equal(first(req({ tools, messages: mention, tool_choice: 'none' })).toolCall, undefined);
    assert.equal(first(req({ tools })).toolCall, undefined);
    const forced = { type: 'function', function: { name: 'get_weather' } };
    assert.equal(first(req({ tools, tool_choice: forced })).toolCall?.name, 'get_weather');
    assert.equal(first(req({ tools, tool_choice: 'required' })).toolCall?.name, 'get_weather');
    const unknown = { type: 'function', function: { name: 'nope' } };
    assert.throws(() => first(req({ tools, tool_choice: unknown })), {
      code: 'invalid_request',
      param: 'tool_choice',
    });
  });

  it('answers in text after a tool result even though the user asked for a tool', () => {
    const messages: ChatRequest['messages'] = [
      { role: 'user', content: 'use the tool' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'c1', type: 'function', function: { name: 'get_weather', arguments: '{}' } }],
      },
      { role: 'tool', tool_call_id: 'c1', content: 'sunny' },
    ];
    const choice = first(req({ tools: [weatherTool], messages }));
    assert.equal(choice.toolCall, undefined);
    assert.equal(choice.finishReason, 'stop');
  });

  it('cuts tool arguments at max_tokens with finish_reason length', () => {
    const choice = first(req({ tools: [weatherTool], tool_choice: 'required', max_tokens: 3 }));
    assert.equal(choice.finishReason, 'length');
    assert.equal(choice.completionTokens, 3);
    assert.equal(choice.toolCall?.pieces.length, 2);
  });
});
