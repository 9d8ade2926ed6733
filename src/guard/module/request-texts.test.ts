import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ChatMessage } from '../../spec/chat.ts';
import { createMaskSession } from '../mask/index.ts';
import {
  collectTexts,
  embeddingTexts,
  lastUserText,
  replaceEmbeddingTexts,
  replaceTexts,
  responseSchemaOf,
  systemPromptOf,
} from './request-texts.ts';
import { restoreArguments } from './restore.ts';

const messages: ChatMessage[] = [
  { role: 'system', content: 'Be brief.' },
  {
    role: 'user',
    content: [
      { type: 'text', text: 'Look at' },
      { type: 'image_url', image_url: { url: 'x' } },
      { type: 'text', text: 'this' },
    ],
  },
  { role: 'assistant', content: 'Earlier answer', tool_calls: [] },
  { role: 'tool', content: 'tool output', tool_call_id: 't' },
  { role: 'user', content: '' },
];

describe('guard: request texts', () => {
  test('collects system, user and tool texts (not assistant turns, not empty ones)', () => {
    assert.deepEqual(
      collectTexts(messages).map((r) => [r.message, r.part, r.text]),
      [
        [0, null, 'Be brief.'],
        [1, 0, 'Look at'],
        [1, 2, 'this'],
        [3, null, 'tool output'],
      ],
    );
  });

  test('legacy function results (role "function") are screened like tool results', () => {
    const legacy: ChatMessage[] = [
      { role: 'assistant', content: null, function_call: { name: 'lookup', arguments: '{}' } },
      { role: 'function', name: 'lookup', content: 'result text' },
      { role: 'function', name: 'lookup', content: [{ type: 'text', text: 'as parts' }] },
    ];
    assert.deepEqual(
      collectTexts(legacy).map((r) => [r.message, r.part, r.text]),
      [
        [1, null, 'result text'],
        [2, 0, 'as parts'],
      ],
    );
  });

  test('replaces texts copy-on-write, keeping other parts', () => {
    const refs = collectTexts(messages);
    const out = replaceTexts(messages, [
      { ref: refs[2] as (typeof refs)[number], text: 'THIS' },
      { ref: refs[0] as (typeof refs)[number], text: 'BE BRIEF' },
    ]);
    assert.equal(out[0]?.content, 'BE BRIEF');
    assert.deepEqual(
      ((out[1]?.content ?? []) as Array<{ text?: string }>).map((p) => p.text),
      ['Look at', undefined, 'THIS'],
    );
    assert.equal(out[2], messages[2], 'untouched messages are shared');
    assert.equal(messages[0]?.content, 'Be brief.', 'the input is not mutated');
  });

  test('document parts (Anthropic): text and content sources, title and context are texts', () => {
    const docs: ChatMessage[] = [
      {
        role: 'user',
        content: [
          { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'plain' }, title: 'T' },
          {
            type: 'document',
            source: { type: 'content', content: [{ type: 'image' }, { type: 'text', text: 'block' }] },
            context: 'ctx',
          },
          { type: 'document', source: { type: 'content', content: 'string' } },
          { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBER' } },
        ],
      },
    ];
    const refs = collectTexts(docs);
    assert.deepEqual(
      refs.map((r) => r.text),
      ['plain', 'T', 'block', 'ctx', 'string'],
    );
    const out = replaceTexts(
      docs,
      refs.map((ref) => ({ ref, text: ref.text.toUpperCase() })),
    );
    assert.deepEqual(out[0]?.content, [
      { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'PLAIN' }, title: 'T' },
      {
        type: 'document',
        source: { type: 'content', content: [{ type: 'image' }, { type: 'text', text: 'BLOCK' }] },
        context: 'CTX',
      },
      { type: 'document', source: { type: 'content', content: 'STRING' } },
      { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBER' } },
    ]);
  });

  test('system prompt, last user text, response schema', () => {
    assert.equal(systemPromptOf(messages), 'Be brief.');
    assert.equal(lastUserText(messages), '');
    assert.equal(lastUserText(messages.slice(0, 2)), 'Look at\nthis');
    const schema = { type: 'object' };
    assert.deepEqual(
      responseSchemaOf({
        model: 'm',
        messages,
        response_format: { type: 'json_schema', json_schema: { name: 'x', schema } },
      }),
      schema,
    );
    assert.equal(
      responseSchemaOf({ model: 'm', messages, response_format: { type: 'json_object' } }),
      undefined,
    );
  });

  test('embedding inputs: strings only, replaced in order', () => {
    const request = { model: 'e', input: ['a', 'b'] };
    assert.deepEqual(embeddingTexts(request), ['a', 'b']);
    assert.deepEqual(replaceEmbeddingTexts(request, ['A', 'B']).input, ['A', 'B']);
    assert.deepEqual(embeddingTexts({ model: 'e', input: [1, 2, 3] }), []);
    assert.equal(replaceEmbeddingTexts({ model: 'e', input: 'x' }, ['X']).input, 'X');
  });

  test('tool-call arguments are restored inside the JSON, so quotes stay escaped', () => {
    const mask = createMaskSession();
    const placeholder = mask.placeholderFor('O"Brien\\x', 'PERSON');
    const args = JSON.stringify({ to: placeholder, note: `hi ${placeholder}` });
    const restored = JSON.parse(restoreArguments(args, mask)) as Record<string, string>;
    assert.deepEqual(restored, { to: 'O"Brien\\x', note: 'hi O"Brien\\x' });
    assert.equal(restoreArguments('{"a":1}', mask), '{"a":1}');
    assert.equal(restoreArguments(`not json ${placeholder}`, mask), 'not json O"Brien\\x');
  });
});
