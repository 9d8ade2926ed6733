import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KeelError } from '../../errors/index.ts';
import { anthropicRequestSchema } from './anthropic-request-schema.ts';
import { fromAnthropicRequest } from './request-from-anthropic.ts';

function invalid(body: unknown, param: string | undefined, message?: RegExp): void {
  assert.throws(
    () => fromAnthropicRequest(body),
    (err: unknown) => {
      assert.ok(err instanceof KeelError);
      assert.equal(err.code, 'invalid_request');
      assert.equal(err.status, 400);
      assert.equal(err.param, param);
      if (message) assert.match(err.message, message);
      return true;
    },
  );
}

const base = { model: 'claude-x', max_tokens: 100 };

describe('fromAnthropicRequest: validation', () => {
  it('exports the zod schema', () => {
    assert.equal(
      anthropicRequestSchema.safeParse({ ...base, messages: [{ role: 'user', content: 'hi' }] }).success,
      true,
    );
  });

  it('requires max_tokens like Anthropic does', () => {
    invalid({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }, 'max_tokens', /^max_tokens: /);
    invalid({ ...base, max_tokens: 1.5, messages: [{ role: 'user', content: 'hi' }] }, 'max_tokens');
  });

  it('names the field at fault', () => {
    invalid(
      { ...base, messages: [{ role: 'user', content: 5 }] },
      'messages.0.content',
      /expected string or array/,
    );
    invalid({ ...base, messages: [{ role: 'system', content: 'x' }] }, 'messages.0.role');
    invalid(
      { ...base, messages: [{ role: 'user', content: [{ type: 'video' }] }] },
      'messages.0.content.0.type',
      /discriminator/,
    );
    invalid(
      { ...base, messages: [{ role: 'user', content: [{ type: 'text', text: 1 }] }] },
      'messages.0.content.0.text',
    );
    invalid({ ...base, messages: [{ role: 'user', content: 'x' }], temperature: 'hot' }, 'temperature');
    invalid(
      { ...base, messages: [{ role: 'user', content: 'x' }], tool_choice: { type: 'maybe' } },
      'tool_choice.type',
    );
    invalid(
      {
        ...base,
        messages: [{ role: 'user', content: 'x' }],
        tools: [{ type: 'web_search_20250305', name: 'web_search' }],
      },
      'tools.0.type',
      /only custom/,
    );
    invalid({ ...base, messages: [] }, 'messages');
  });

  it('rejects a body that is not an object', () => {
    invalid([1, 2], undefined, /JSON object/);
    invalid(null, undefined);
  });

  it('accepts and ignores unknown top-level keys with a warning', () => {
    const { request, warnings } = fromAnthropicRequest({
      ...base,
      messages: [{ role: 'user', content: 'hi' }],
      thinking: { type: 'enabled', budget_tokens: 1024 },
      some_future_flag: true,
    });
    assert.deepEqual(request.thinking, { type: 'enabled', budget_tokens: 1024 });
    assert.equal('some_future_flag' in request, false);
    assert.deepEqual(
      warnings.map((w) => w.param),
      ['some_future_flag'],
    );
  });
});

describe('fromAnthropicRequest: translation', () => {
  it('maps system, parameters, metadata and streaming', () => {
    const { request, warnings } = fromAnthropicRequest({
      ...base,
      system: 'Be brief.',
      messages: [{ role: 'user', content: 'hi' }],
      stop_sequences: ['END'],
      temperature: 0.2,
      top_p: 0.8,
      top_k: 10,
      metadata: { user_id: 'user-7' },
      stream: true,
    });
    assert.deepEqual(request, {
      model: 'claude-x',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'hi' },
      ],
      max_tokens: 100,
      stop: ['END'],
      temperature: 0.2,
      top_p: 0.8,
      top_k: 10,
      user: 'user-7',
      stream: true,
      stream_options: { include_usage: true },
    });
    assert.deepEqual(warnings, []);
  });

  it('keeps system blocks with cache_control as text parts', () => {
    const { request } = fromAnthropicRequest({
      ...base,
      system: [
        { type: 'text', text: 'a' },
        { type: 'text', text: 'b', cache_control: { type: 'ephemeral' } },
      ],
      messages: [{ role: 'user', content: 'hi' }],
    });
    assert.deepEqual(request.messages[0], {
      role: 'system',
      content: [
        { type: 'text', text: 'a' },
        { type: 'text', text: 'b', cache_control: { type: 'ephemeral' } },
      ],
    });
  });

  it('maps tool_use and tool_result blocks to tool_calls and tool messages', () => {
    const { request, warnings } = fromAnthropicRequest({
      ...base,
      messages: [
        { role: 'user', content: 'weather in Oslo?' },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Checking.' },
            { type: 'tool_use', id: 'toolu_1', name: 'get', input: { city: 'Oslo' } },
          ],
        },
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              tool_use_id: 'toolu_1',
              content: [{ type: 'text', text: 'sunny' }],
              is_error: true,
            },
            { type: 'text', text: 'and tomorrow?' },
          ],
        },
      ],
    });
    assert.deepEqual(request.messages, [
      { role: 'user', content: 'weather in Oslo?' },
      {
        role: 'assistant',
        content: 'Checking.',
        tool_calls: [
          { id: 'toolu_1', type: 'function', function: { name: 'get', arguments: '{"city":"Oslo"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'toolu_1', content: 'sunny' },
      { role: 'user', content: 'and tomorrow?' },
    ]);
    assert.equal(warnings[0]?.param, 'messages.2.content.0.is_error');
  });

  it('gives tool-only assistant turns null content and carries thinking blocks with their signature', () => {
    const { request, warnings } = fromAnthropicRequest({
      ...base,
      messages: [
        { role: 'user', content: 'go' },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'hmm', signature: 'sig' },
            { type: 'redacted_thinking', data: 'opaque' },
            { type: 'tool_use', id: 't', name: 'f', input: {} },
          ],
        },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't' }] },
      ],
    });
    assert.deepEqual(request.messages.slice(1), [
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 't', type: 'function', function: { name: 'f', arguments: '{}' } }],
        thinking_blocks: [
          { type: 'thinking', thinking: 'hmm', signature: 'sig' },
          { type: 'redacted_thinking', data: 'opaque' },
        ],
      },
      { role: 'tool', tool_call_id: 't', content: '' },
    ]);
    assert.deepEqual(warnings, []);
  });

  it('maps images and PDF documents to OpenAI parts', () => {
    const { request } = fromAnthropicRequest({
      ...base,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAA=' } },
            { type: 'image', source: { type: 'url', url: 'https://x.test/a.jpg' } },
            {
              type: 'document',
              source: { type: 'base64', media_type: 'application/pdf', data: 'JVBE' },
              title: 'r.pdf',
            },
            { type: 'text', text: 'describe' },
          ],
        },
      ],
    });
    assert.deepEqual(request.messages[0]?.content, [
      { type: 'image_url', image_url: { url: 'data:image/png;base64,AAA=' } },
      { type: 'image_url', image_url: { url: 'https://x.test/a.jpg' } },
      { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBE', filename: 'r.pdf' } },
      { type: 'text', text: 'describe' },
    ]);
  });

  it('maps tools and every tool_choice', () => {
    const tools = [
      {
        name: 'get',
        description: 'Get',
        input_schema: { type: 'object', properties: { a: { type: 'string' } } },
      },
    ];
    const choice = (tool_choice: unknown) =>
      fromAnthropicRequest({ ...base, messages: [{ role: 'user', content: 'x' }], tools, tool_choice })
        .request;
    assert.deepEqual(choice(undefined).tools, [
      {
        type: 'function',
        function: {
          name: 'get',
          description: 'Get',
          parameters: { type: 'object', properties: { a: { type: 'string' } } },
        },
      },
    ]);
    assert.equal(choice({ type: 'auto' }).tool_choice, 'auto');
    assert.equal(choice({ type: 'any' }).tool_choice, 'required');
    assert.equal(choice({ type: 'none' }).tool_choice, 'none');
    assert.deepEqual(choice({ type: 'tool', name: 'get' }).tool_choice, {
      type: 'function',
      function: { name: 'get' },
    });
    const serial = choice({ type: 'auto', disable_parallel_tool_use: true });
    assert.equal(serial.parallel_tool_calls, false);
    assert.equal(choice({ type: 'auto' }).parallel_tool_calls, undefined);
  });
});
