import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChatMessage } from '../spec/index.ts';
import { affinityKeyFor } from './affinity-key.ts';

const SYSTEM = `You are a support agent for ACME. ${'Policy text. '.repeat(200)}`; // ~2.6k chars

function chat(system: string, user: string): ChatMessage[] {
  return [
    { role: 'system', content: system },
    { role: 'user', content: user },
  ];
}

describe('affinityKeyFor', () => {
  it('gives requests sharing a long prefix the same key', () => {
    const a = affinityKeyFor(chat(SYSTEM, 'Where is my order?'));
    const b = affinityKeyFor(chat(SYSTEM, 'Cancel my subscription'));
    assert.ok(a);
    assert.equal(a, b);
  });

  it('gives different prefixes different keys', () => {
    const a = affinityKeyFor(chat(SYSTEM, 'x'));
    const b = affinityKeyFor(chat(`Different bot. ${SYSTEM}`, 'x'));
    assert.notEqual(a, b);
  });

  it('includes the following messages when the system prompt is shorter than the prefix', () => {
    const system = 'S'.repeat(300);
    const a = affinityKeyFor(chat(system, 'question one'));
    const b = affinityKeyFor(chat(system, 'question two'));
    assert.ok(a && b);
    assert.notEqual(a, b);
    // With a shorter prefix the differing tail is cut off.
    assert.equal(
      affinityKeyFor(chat(system, 'question one'), { prefixChars: 300 }),
      affinityKeyFor(chat(system, 'question two'), { prefixChars: 300 }),
    );
  });

  it('returns undefined for short prompts', () => {
    assert.equal(affinityKeyFor(chat('Be brief.', 'hi')), undefined);
    assert.ok(affinityKeyFor(chat('Be brief.', 'hi'), { minChars: 10 }));
  });

  it('distinguishes roles and reads content parts and tool calls', () => {
    const text = 'T'.repeat(400);
    assert.notEqual(
      affinityKeyFor([{ role: 'system', content: text }]),
      affinityKeyFor([{ role: 'user', content: text }]),
    );
    assert.equal(
      affinityKeyFor([{ role: 'user', content: [{ type: 'text', text }] }]),
      affinityKeyFor([{ role: 'user', content: text }]),
    );
    const withTool: ChatMessage[] = [
      { role: 'user', content: text },
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: '1', type: 'function', function: { name: 'lookup', arguments: '{"id":1}' } }],
      },
    ];
    assert.notEqual(affinityKeyFor(withTool), affinityKeyFor([{ role: 'user', content: text }]));
  });

  it('does not read beyond the prefix of a huge prompt', () => {
    const huge = 'z'.repeat(5_000_000);
    const a = affinityKeyFor(chat(huge, 'a'));
    const b = affinityKeyFor(chat(`${huge}different tail`, 'b'));
    assert.equal(a, b);
  });
});
