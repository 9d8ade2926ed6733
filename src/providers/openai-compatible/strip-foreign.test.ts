import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stripForeignFields } from './strip-foreign.ts';

describe('stripForeignFields', () => {
  it('removes cache_control from content parts and tools, leaving everything else', () => {
    const body = {
      model: 'm',
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'sys', cache_control: { type: 'ephemeral' } }] },
        { role: 'user', content: 'plain' },
      ],
      tools: [{ type: 'function', function: { name: 'f' }, cache_control: { type: 'ephemeral' } }],
    };
    assert.deepEqual(stripForeignFields(body), {
      model: 'm',
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'sys' }] },
        { role: 'user', content: 'plain' },
      ],
      tools: [{ type: 'function', function: { name: 'f' } }],
    });
  });

  it('returns the same object when there is nothing to strip', () => {
    const body = { model: 'm', messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }] };
    assert.equal(stripForeignFields(body), body);
  });

  it('turns Anthropic thinking into reasoning_effort buckets and keeps an explicit effort', () => {
    const ask = (thinking: unknown, extra: Record<string, unknown> = {}) =>
      stripForeignFields({ model: 'm', messages: [], thinking, ...extra });
    assert.deepEqual(ask({ type: 'enabled', budget_tokens: 1024 }), {
      model: 'm',
      messages: [],
      reasoning_effort: 'low',
    });
    // The inverse of the effort → budget table: the smallest effort whose budget covers it.
    assert.equal(ask({ type: 'enabled', budget_tokens: 2048 }).reasoning_effort, 'medium');
    assert.equal(ask({ type: 'enabled', budget_tokens: 4096 }).reasoning_effort, 'high');
    assert.equal(ask({ type: 'enabled', budget_tokens: 32_000 }).reasoning_effort, 'high');
    assert.deepEqual(ask({ type: 'disabled' }), { model: 'm', messages: [] });
    assert.equal(
      ask({ type: 'enabled', budget_tokens: 32_000 }, { reasoning_effort: 'low' }).reasoning_effort,
      'low',
    );
  });

  it('drops thinking_blocks and reasoning_content from history messages', () => {
    const body = {
      model: 'm',
      messages: [
        { role: 'user', content: 'q' },
        {
          role: 'assistant',
          content: 'a',
          reasoning_content: 'because',
          thinking_blocks: [{ type: 'thinking', thinking: 'because', signature: 'sig' }],
        },
      ],
    };
    assert.deepEqual(stripForeignFields(body).messages, [
      { role: 'user', content: 'q' },
      { role: 'assistant', content: 'a' },
    ]);
    assert.equal(body.messages[1]?.reasoning_content, 'because', 'the caller’s object is not changed');
  });
});
