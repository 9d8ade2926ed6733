import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KeelError } from '../../errors/index.ts';
import type { ChatMessage, ChatRequest } from '../../spec/index.ts';
import { toAnthropicRequest } from './request-to-anthropic.ts';

const opts = { model: 'claude-up', defaultMaxTokens: 1000 };

function req(messages: ChatMessage[], extra: Partial<ChatRequest> = {}): ChatRequest {
  return { model: 'public', messages, ...extra };
}

function invalidParam(fn: () => unknown, param: string): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof KeelError);
    assert.equal(err.code, 'invalid_request');
    assert.equal(err.param, param);
    return true;
  });
}

describe('toAnthropicRequest: messages', () => {
  it('hoists system and developer messages into system and uses the upstream model', () => {
    const { body, warnings } = toAnthropicRequest(
      req([
        { role: 'system', content: 'Be brief.' },
        { role: 'developer', content: 'Use French.' },
        { role: 'user', content: 'hi' },
      ]),
      opts,
    );
    assert.equal(body.model, 'claude-up');
    assert.deepEqual(body.system, [
      { type: 'text', text: 'Be brief.' },
      { type: 'text', text: 'Use French.' },
    ]);
    assert.deepEqual(body.messages, [{ role: 'user', content: 'hi' }]);
    assert.deepEqual(warnings, []);
  });

  it('keeps a single system string as a string and warns about a late system message', () => {
    const { body, warnings } = toAnthropicRequest(
      req([
        { role: 'user', content: 'a' },
        { role: 'system', content: 'late' },
      ]),
      opts,
    );
    assert.equal(body.system, 'late');
    assert.equal(warnings[0]?.param, 'messages[1]');
  });

  it('keeps cache_control on system and user text parts', () => {
    const { body } = toAnthropicRequest(
      req([
        {
          role: 'system',
          content: [{ type: 'text', text: 'long doc', cache_control: { type: 'ephemeral' } }],
        },
        { role: 'user', content: [{ type: 'text', text: 'q', cache_control: { type: 'ephemeral' } }] },
      ]),
      opts,
    );
    assert.deepEqual(body.system, [{ type: 'text', text: 'long doc', cache_control: { type: 'ephemeral' } }]);
    assert.deepEqual(body.messages[0]?.content, [
      { type: 'text', text: 'q', cache_control: { type: 'ephemeral' } },
    ]);
  });

  it('merges consecutive same-role messages', () => {
    const { body } = toAnthropicRequest(
      req([
        { role: 'user', content: 'one' },
        { role: 'user', content: [{ type: 'text', text: 'two' }] },
        { role: 'assistant', content: 'ok' },
      ]),
      opts,
    );
    assert.deepEqual(body.messages, [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'one' },
          { type: 'text', text: 'two' },
        ],
      },
      { role: 'assistant', content: 'ok' },
    ]);
  });

  it('turns tool calls into tool_use and tool messages into one user turn of tool_results', () => {
    const { body } = toAnthropicRequest(
      req([
        { role: 'user', content: 'weather?' },
        {
          role: 'assistant',
          content: 'Checking.',
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'get', arguments: '{"city":"Oslo"}' } },
            { id: 'call_2', type: 'function', function: { name: 'get', arguments: '' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
        { role: 'tool', tool_call_id: 'call_2', content: [{ type: 'text', text: 'rain' }] },
        { role: 'user', content: 'thanks' },
      ]),
      opts,
    );
    assert.deepEqual(body.messages[1], {
      role: 'assistant',
      content: [
        { type: 'text', text: 'Checking.' },
        { type: 'tool_use', id: 'call_1', name: 'get', input: { city: 'Oslo' } },
        { type: 'tool_use', id: 'call_2', name: 'get', input: {} },
      ],
    });
    assert.deepEqual(body.messages[2], {
      role: 'user',
      content: [
        { type: 'tool_result', tool_use_id: 'call_1', content: 'sunny' },
        { type: 'tool_result', tool_use_id: 'call_2', content: [{ type: 'text', text: 'rain' }] },
        { type: 'text', text: 'thanks' },
      ],
    });
    assert.equal(body.messages.length, 3);
  });

  it('puts tool_result blocks first when merged after user text', () => {
    const { body } = toAnthropicRequest(
      req([
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 't', type: 'function', function: { name: 'f', arguments: '{}' } }],
        },
        { role: 'user', content: 'note' },
        { role: 'tool', tool_call_id: 't', content: 'done' },
      ]),
      opts,
    );
    const content = body.messages[1]?.content as Array<{ type: string }>;
    assert.deepEqual(
      content.map((b) => b.type),
      ['tool_result', 'text'],
    );
  });

  it('rejects invalid tool call arguments naming the field', () => {
    const bad = req([
      { role: 'user', content: 'x' },
      {
        role: 'assistant',
        tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{oops' } }],
      },
    ]);
    invalidParam(() => toAnthropicRequest(bad, opts), 'messages[1].tool_calls[0].function.arguments');
    const array = req([
      {
        role: 'assistant',
        tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '[1]' } }],
      },
    ]);
    invalidParam(() => toAnthropicRequest(array, opts), 'messages[0].tool_calls[0].function.arguments');
  });

  it('maps data: image URLs to base64 sources and http URLs to url sources', () => {
    const { body } = toAnthropicRequest(
      req([
        {
          role: 'user',
          content: [
            { type: 'text', text: 'what is this' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
            { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg', detail: 'high' } },
          ],
        },
      ]),
      opts,
    );
    assert.deepEqual(body.messages[0]?.content, [
      { type: 'text', text: 'what is this' },
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
      { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
    ]);
  });

  it('rejects unsupported images and content parts with the part as param', () => {
    const bmp = req([
      { role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/bmp;base64,AA==' } }] },
    ]);
    invalidParam(() => toAnthropicRequest(bmp, opts), 'messages[0].content[0]');
    const audio = req([
      { role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'x', format: 'wav' } }] },
    ]);
    invalidParam(() => toAnthropicRequest(audio, opts), 'messages[0].content[0]');
  });

  it('maps PDF file parts to document blocks', () => {
    const { body } = toAnthropicRequest(
      req([
        {
          role: 'user',
          content: [
            { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBE', filename: 'a.pdf' } },
          ],
        },
      ]),
      opts,
    );
    assert.deepEqual(body.messages[0]?.content, [
      {
        type: 'document',
        source: { type: 'base64', media_type: 'application/pdf', data: 'JVBE' },
        title: 'a.pdf',
      },
    ]);
  });

  it('trims trailing whitespace of a final assistant prefill and drops empty turns', () => {
    const { body } = toAnthropicRequest(
      req([
        { role: 'user', content: 'go' },
        { role: 'assistant', content: '' },
        { role: 'user', content: 'again' },
        { role: 'assistant', content: 'Sure: ' },
      ]),
      opts,
    );
    assert.deepEqual(body.messages, [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'go' },
          { type: 'text', text: 'again' },
        ],
      },
      { role: 'assistant', content: 'Sure:' },
    ]);
  });

  it('requires at least one non-system message', () => {
    invalidParam(() => toAnthropicRequest(req([{ role: 'system', content: 's' }]), opts), 'messages');
  });

  it('warns once that message names are ignored', () => {
    const { warnings } = toAnthropicRequest(
      req([
        { role: 'user', content: 'a', name: 'ann' },
        { role: 'user', content: 'b', name: 'bob' },
      ]),
      opts,
    );
    assert.equal(warnings.filter((w) => w.param.endsWith('.name')).length, 1);
  });
});

describe('toAnthropicRequest: parameters', () => {
  const user: ChatMessage[] = [{ role: 'user', content: 'hi' }];

  it('takes max_tokens, then max_completion_tokens, then the default', () => {
    assert.equal(
      toAnthropicRequest(req(user, { max_tokens: 5, max_completion_tokens: 9 }), opts).body.max_tokens,
      5,
    );
    assert.equal(toAnthropicRequest(req(user, { max_completion_tokens: 9 }), opts).body.max_tokens, 9);
    assert.equal(toAnthropicRequest(req(user, { max_tokens: null }), opts).body.max_tokens, 1000);
    invalidParam(() => toAnthropicRequest(req(user, { max_tokens: 0 }), opts), 'max_tokens');
  });

  it('maps stop, sampling, user and stream', () => {
    const { body, warnings } = toAnthropicRequest(
      req(user, { stop: 'END', temperature: 0.5, top_p: 0.9, top_k: 40, user: 'u-1' }),
      { ...opts, stream: true },
    );
    assert.deepEqual(body.stop_sequences, ['END']);
    assert.equal(body.temperature, 0.5);
    assert.equal(body.top_p, 0.9);
    assert.equal(body.top_k, 40);
    assert.deepEqual(body.metadata, { user_id: 'u-1' });
    assert.equal(body.stream, true);
    assert.deepEqual(warnings, []);
    assert.deepEqual(toAnthropicRequest(req(user, { stop: ['a', 'b'] }), opts).body.stop_sequences, [
      'a',
      'b',
    ]);
    assert.equal(toAnthropicRequest(req(user), opts).body.stream, undefined);
  });

  it('caps temperature at 1 with a warning', () => {
    const { body, warnings } = toAnthropicRequest(req(user, { temperature: 1.7 }), opts);
    assert.equal(body.temperature, 1);
    assert.deepEqual(
      warnings.map((w) => w.param),
      ['temperature'],
    );
  });

  it('rejects n > 1 and warns about seed, logprobs and penalties', () => {
    invalidParam(() => toAnthropicRequest(req(user, { n: 2 }), opts), 'n');
    const { body, warnings } = toAnthropicRequest(
      req(user, { n: 1, seed: 7, logprobs: true, top_logprobs: 2, presence_penalty: 0.5, logprobs_extra: 1 }),
      opts,
    );
    assert.deepEqual(
      warnings.map((w) => w.param),
      ['seed', 'logprobs', 'top_logprobs', 'presence_penalty'],
    );
    assert.equal('seed' in body, false);
  });

  it('maps tools and every tool_choice form', () => {
    const tools: ChatRequest['tools'] = [
      {
        type: 'function',
        function: {
          name: 'get',
          description: 'Get it',
          parameters: { type: 'object', properties: { a: { type: 'string' } } },
        },
      },
      { type: 'function', function: { name: 'bare' } },
    ];
    const choice = (tool_choice: unknown, extra: Partial<ChatRequest> = {}) =>
      toAnthropicRequest(req(user, { tools, tool_choice, ...extra }), opts).body.tool_choice;
    const { body } = toAnthropicRequest(req(user, { tools }), opts);
    assert.deepEqual(body.tools, [
      {
        name: 'get',
        description: 'Get it',
        input_schema: { type: 'object', properties: { a: { type: 'string' } } },
      },
      { name: 'bare', input_schema: { type: 'object', properties: {} } },
    ]);
    assert.equal(body.tool_choice, undefined);
    assert.deepEqual(choice('auto'), { type: 'auto' });
    assert.deepEqual(choice('required'), { type: 'any' });
    assert.deepEqual(choice('none'), { type: 'none' });
    assert.deepEqual(choice({ type: 'function', function: { name: 'get' } }), { type: 'tool', name: 'get' });
    assert.deepEqual(choice(undefined, { parallel_tool_calls: false }), {
      type: 'auto',
      disable_parallel_tool_use: true,
    });
    assert.deepEqual(choice('required', { parallel_tool_calls: false }), {
      type: 'any',
      disable_parallel_tool_use: true,
    });
    invalidParam(() => choice('sometimes'), 'tool_choice');
    invalidParam(
      () =>
        toAnthropicRequest(req(user, { tools: [{ type: 'web', function: { name: 'x' } } as never] }), opts),
      'tools[0]',
    );
  });

  it('emulates response_format with a system instruction and a warning', () => {
    const json = toAnthropicRequest(
      req([{ role: 'system', content: 'Be kind.' }, ...user], { response_format: { type: 'json_object' } }),
      opts,
    );
    assert.match(json.body.system as string, /^Be kind\.\n\nRespond only with a single valid JSON object/);
    assert.equal(json.warnings[0]?.param, 'response_format');
    const schema = toAnthropicRequest(
      req(user, {
        response_format: {
          type: 'json_schema',
          json_schema: { name: 'x', schema: { type: 'object', required: ['a'] } },
        },
      }),
      opts,
    );
    assert.match(schema.body.system as string, /\{"type":"object","required":\["a"\]\}$/);
    const text = toAnthropicRequest(req(user, { response_format: { type: 'text' } }), opts);
    assert.equal(text.body.system, undefined);
    assert.deepEqual(text.warnings, []);
  });
});
