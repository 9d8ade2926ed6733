import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KeelError } from '../../errors/index.ts';
import type { ChatMessage, ChatRequest } from '../../spec/index.ts';
import { toAnthropicRequest } from './request-to-anthropic.ts';

const opts = { model: 'claude-up', defaultMaxTokens: 1000 };
const weather = {
  name: 'get_weather',
  description: 'Weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};
const asked: ChatMessage = {
  role: 'assistant',
  content: null,
  function_call: { name: 'get_weather', arguments: '{"city":"Oslo"}' },
};

function req(messages: ChatMessage[], extra: Partial<ChatRequest> = {}): ChatRequest {
  return { model: 'public', messages, ...extra };
}

function invalidParam(fn: () => unknown, param: string): void {
  assert.throws(
    fn,
    (err: unknown) => err instanceof KeelError && err.code === 'invalid_request' && err.param === param,
  );
}

describe('toAnthropicRequest: legacy function calling', () => {
  it('a function_call turn becomes tool_use and the function message its tool_result, paired by id', () => {
    const { body } = toAnthropicRequest(
      req(
        [
          { role: 'user', content: 'weather in Oslo?' },
          asked,
          { role: 'function', name: 'get_weather', content: 'sunny' },
          { role: 'user', content: 'and tomorrow?' },
          { role: 'assistant', content: 'Checking.', function_call: { name: 'get_weather', arguments: '' } },
          { role: 'function', name: 'get_weather', content: [{ type: 'text', text: 'rain' }] },
        ],
        { functions: [weather], function_call: 'auto' },
      ),
      opts,
    );
    const first = body.messages[1]?.content as Array<{ type: string; id?: string }>;
    const id = first[0]?.id ?? '';
    assert.match(id, /^[A-Za-z0-9_-]+$/, 'an id Anthropic accepts');
    assert.deepEqual(body.messages[1], {
      role: 'assistant',
      content: [{ type: 'tool_use', id, name: 'get_weather', input: { city: 'Oslo' } }],
    });
    assert.deepEqual(body.messages[2], {
      role: 'user',
      content: [
        { type: 'tool_result', tool_use_id: id, content: 'sunny' },
        { type: 'text', text: 'and tomorrow?' },
      ],
    });
    const second = body.messages[3]?.content as Array<{ type: string; id?: string }>;
    assert.deepEqual(
      second.map((b) => b.type),
      ['text', 'tool_use'],
    );
    assert.notEqual(second[1]?.id, id, 'each call its own id');
    assert.deepEqual(body.messages[4], {
      role: 'user',
      content: [
        { type: 'tool_result', tool_use_id: second[1]?.id, content: [{ type: 'text', text: 'rain' }] },
      ],
    });
  });

  it('functions become tools and function_call the tool choice', () => {
    const { body } = toAnthropicRequest(
      req([{ role: 'user', content: 'hi' }], { functions: [weather] }),
      opts,
    );
    assert.deepEqual(body.tools, [
      { name: 'get_weather', description: 'Weather for a city', input_schema: weather.parameters },
    ]);
    assert.equal(body.tool_choice, undefined);
    const named = toAnthropicRequest(
      req([{ role: 'user', content: 'hi' }], {
        functions: [weather],
        function_call: { name: 'get_weather' },
      }),
      opts,
    );
    assert.deepEqual(named.body.tool_choice, { type: 'tool', name: 'get_weather' });
    const none = toAnthropicRequest(
      req([{ role: 'user', content: 'hi' }], { functions: [weather], function_call: 'none' }),
      opts,
    );
    assert.deepEqual(none.body.tool_choice, { type: 'none' });
  });

  it('refuses what cannot be paired or mapped, naming the field', () => {
    invalidParam(
      () => toAnthropicRequest(req([{ role: 'function', name: 'get_weather', content: 'sunny' }]), opts),
      'messages[0]',
    );
    invalidParam(
      () =>
        toAnthropicRequest(
          req([
            { role: 'user', content: 'x' },
            { ...asked, function_call: { name: 'get_weather', arguments: '{oops' } },
          ]),
          opts,
        ),
      'messages[1].function_call.arguments',
    );
    invalidParam(
      () =>
        toAnthropicRequest(
          req([{ role: 'user', content: 'x' }], { functions: [{ description: 'no name' }] }),
          opts,
        ),
      'functions[0]',
    );
  });
});
