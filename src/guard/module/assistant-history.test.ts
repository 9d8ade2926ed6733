import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ChatMessage, ChatRequest } from '../../spec/chat.ts';
import type { GuardSectionInput } from '../config.ts';
import { collectReasoning, replaceReasoning } from './assistant-history.ts';
import { screenResponse } from './response-hook.ts';
import { completionOf, preparedContext } from './test-support.ts';

const EMAIL = 'jane.doe@example.com';
const SIGNED = { type: 'thinking' as const, thinking: `Write to ${EMAIL}.`, signature: 'EqoBCkgIARAB' };
const REDACTED = { type: 'redacted_thinking' as const, data: 'EmwKAhgBEgy3va' };

const MASK: GuardSectionInput = {
  defaultPolicy: 'p',
  policies: { p: { input: [{ scanner: 'pii', action: 'mask' }] } },
};

/** A history whose assistant turn carries the user's e-mail in every kind of reasoning field. */
function history(): ChatMessage[] {
  return [
    { role: 'user', content: `Write to ${EMAIL}` },
    {
      role: 'assistant',
      content: `I wrote to ${EMAIL}.`,
      reasoning_content: `The user wants mail sent to ${EMAIL}.`,
      reasoning: `Mail goes to ${EMAIL}.`,
      thinking_blocks: [
        SIGNED,
        { type: 'thinking', thinking: `Unsigned: ${EMAIL}` },
        { type: 'thinking', thinking: `Empty signature: ${EMAIL}`, signature: '' },
        REDACTED,
      ],
    },
    { role: 'user', content: 'Which address was it?' },
  ];
}

describe('assistant history: reasoning', () => {
  test('collects reasoning_content, a string reasoning and unsigned thinking, never signed or redacted blocks', () => {
    const refs = collectReasoning([
      ...history(),
      // Not an assistant turn, or not a string: not reasoning to mask.
      { role: 'user', content: 'x', reasoning_content: `user ${EMAIL}` },
      { role: 'assistant', content: 'x', reasoning: { effort: 'high' }, reasoning_content: '' },
    ]);
    assert.deepEqual(
      refs.map((r) => [r.message, r.field]),
      [
        [1, 'reasoning_content'],
        [1, 'reasoning'],
        [1, 1],
        [1, 2],
      ],
    );
  });

  test('OpenRouter reasoning_details: unsigned text and summaries are masked, signed and encrypted entries are not', () => {
    const signedText = { type: 'reasoning.text', text: `Signed ${EMAIL}`, signature: 'sig' };
    const encrypted = { type: 'reasoning.encrypted', data: 'opaque' };
    const messages: ChatMessage[] = [
      { role: 'user', content: `Write to ${EMAIL}` },
      {
        role: 'assistant',
        content: 'Done.',
        reasoning_details: [
          { type: 'reasoning.text', text: `Plain ${EMAIL}`, format: 'unknown', index: 0 },
          { type: 'reasoning.summary', summary: `Summary ${EMAIL}` },
          signedText,
          encrypted,
        ],
      },
    ];
    const refs = collectReasoning(messages);
    assert.deepEqual(
      refs.map((r) => r.field),
      [
        { details: 0, key: 'text' },
        { details: 1, key: 'summary' },
      ],
    );
    const out = replaceReasoning(
      messages,
      refs.map((ref) => ({ ref, text: ref.text.replace(EMAIL, '<EMAIL_1>') })),
    );
    assert.deepEqual((out[1] as ChatMessage).reasoning_details, [
      { type: 'reasoning.text', text: 'Plain <EMAIL_1>', format: 'unknown', index: 0 },
      { type: 'reasoning.summary', summary: 'Summary <EMAIL_1>' },
      signedText,
      encrypted,
    ]);
    assert.match(JSON.stringify(messages), /Plain jane/, 'the input is unchanged');
  });

  test('the input hook masks reasoning_details with the same placeholders', async () => {
    const ctx = await preparedContext(MASK, {
      messages: [
        { role: 'user', content: `Write to ${EMAIL}` },
        {
          role: 'assistant',
          content: 'Done.',
          reasoning_details: [{ type: 'reasoning.text', text: `To ${EMAIL}` }],
        },
      ],
    });
    const sent = (ctx.request as ChatRequest).messages;
    assert.equal(sent[0]?.content, 'Write to <EMAIL_1>');
    assert.deepEqual((sent[1] as ChatMessage).reasoning_details, [
      { type: 'reasoning.text', text: 'To <EMAIL_1>' },
    ]);
  });

  test('replaces copy-on-write, several fields of one message together', () => {
    const messages = history();
    const refs = collectReasoning(messages);
    const out = replaceReasoning(
      messages,
      refs.map((ref) => ({ ref, text: ref.text.replace(EMAIL, '<EMAIL_1>') })),
    );
    assert.notEqual(out, messages);
    assert.equal(out[0], messages[0], 'untouched messages are shared');
    const turn = out[1] as ChatMessage;
    assert.equal(turn.reasoning_content, 'The user wants mail sent to <EMAIL_1>.');
    assert.equal(turn.reasoning, 'Mail goes to <EMAIL_1>.');
    assert.deepEqual(turn.thinking_blocks, [
      SIGNED,
      { type: 'thinking', thinking: 'Unsigned: <EMAIL_1>' },
      { type: 'thinking', thinking: 'Empty signature: <EMAIL_1>', signature: '' },
      REDACTED,
    ]);
    assert.equal(turn.thinking_blocks?.[0], SIGNED, 'the signed block is the same object');
    assert.match(JSON.stringify(messages), new RegExp(EMAIL.replace('.', '\\.')), 'the input is unchanged');
  });

  test('the input hook masks reasoning with the placeholders of the texts, and the answer is restored', async () => {
    const ctx = await preparedContext(MASK, { messages: history() });
    const sent = (ctx.request as ChatRequest).messages;
    const turn = sent[1] as ChatMessage;
    assert.equal(turn.content, 'I wrote to <EMAIL_1>.');
    assert.equal(turn.reasoning_content, 'The user wants mail sent to <EMAIL_1>.');
    assert.equal(turn.reasoning, 'Mail goes to <EMAIL_1>.');
    assert.deepEqual(turn.thinking_blocks?.[1], { type: 'thinking', thinking: 'Unsigned: <EMAIL_1>' });
    assert.equal(turn.thinking_blocks?.[0], SIGNED, 'a signed block would fail upstream if edited');
    assert.equal(turn.thinking_blocks?.[3], REDACTED);
    const leaked = JSON.stringify(sent).split(EMAIL).length - 1;
    assert.equal(leaked, 1, 'only the signed block still holds the value');

    const answer = completionOf({ content: 'It was <EMAIL_1>.', reasoning_content: 'They mean <EMAIL_1>.' });
    const restored = await screenResponse(ctx, answer);
    assert.equal(restored?.choices[0]?.message.content, `It was ${EMAIL}.`);
    assert.equal(restored?.choices[0]?.message.reasoning_content, `They mean ${EMAIL}.`);
  });

  test('without a mask step the reasoning is left alone', async () => {
    const ctx = await preparedContext(
      { defaultPolicy: 'p', policies: { p: { input: [{ scanner: 'pii', action: 'flag' }] } } },
      { messages: history() },
    );
    const turn = (ctx.request as ChatRequest).messages[1] as ChatMessage;
    assert.equal(turn.reasoning_content, `The user wants mail sent to ${EMAIL}.`);
  });
});
