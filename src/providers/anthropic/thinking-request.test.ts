import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KeelError } from '../../errors/index.ts';
import type { ChatMessage, ChatRequest } from '../../spec/index.ts';
import { fromAnthropicRequest } from './request-from-anthropic.ts';
import { toAnthropicRequest } from './request-to-anthropic.ts';

const opts = { model: 'claude-up', defaultMaxTokens: 1000 };
const hi: ChatMessage[] = [{ role: 'user', content: 'hi' }];

function req(extra: Partial<ChatRequest>, messages: ChatMessage[] = hi): ChatRequest {
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

describe('toAnthropicRequest: reasoning_effort and thinking', () => {
  it('maps each reasoning_effort to a thinking budget without a warning', () => {
    const budgets = { minimal: 1024, low: 1024, medium: 2048, high: 4096 };
    for (const [effort, budget] of Object.entries(budgets)) {
      const { body, warnings } = toAnthropicRequest(
        req({ reasoning_effort: effort, max_tokens: 8000 }),
        opts,
      );
      assert.deepEqual(body.thinking, { type: 'enabled', budget_tokens: budget });
      assert.equal(body.max_tokens, 8000);
      assert.deepEqual(warnings, []);
    }
  });

  it('sends no thinking for reasoning_effort none, and rejects unknown efforts', () => {
    const { body } = toAnthropicRequest(req({ reasoning_effort: 'none' }), opts);
    assert.equal(body.thinking, undefined);
    invalidParam(() => toAnthropicRequest(req({ reasoning_effort: 'extreme' }), opts), 'reasoning_effort');
    invalidParam(() => toAnthropicRequest(req({ reasoning_effort: 3 }), opts), 'reasoning_effort');
  });

  it('puts the thinking budget on top of the default max_tokens when the caller set none', () => {
    const { body } = toAnthropicRequest(req({ reasoning_effort: 'medium' }), opts);
    assert.equal(body.max_tokens, 2048 + 1000);
  });

  it('raises a max_tokens at or below the effort budget to budget + max_tokens, with a warning', () => {
    const { body, warnings } = toAnthropicRequest(req({ reasoning_effort: 'low', max_tokens: 300 }), opts);
    assert.equal(body.max_tokens, 1024 + 300);
    assert.deepEqual(
      warnings.map((w) => w.param),
      ['max_tokens'],
    );
    const completion = toAnthropicRequest(
      req({ reasoning_effort: 'low', max_completion_tokens: 1024 }),
      opts,
    );
    assert.equal(completion.body.max_tokens, 2048);
  });

  it('lets an explicit thinking object win over reasoning_effort and sends it unchanged', () => {
    const thinking = { type: 'enabled', budget_tokens: 3000 };
    const { body, warnings } = toAnthropicRequest(
      req({ thinking, reasoning_effort: 'low', max_tokens: 5000 }),
      opts,
    );
    assert.deepEqual(body.thinking, thinking);
    assert.equal(body.max_tokens, 5000);
    assert.deepEqual(
      warnings.map((w) => w.param),
      ['reasoning_effort'],
    );
  });

  it('leaves the caller’s own too-small max_tokens with an explicit budget for the upstream to reject', () => {
    const thinking = { type: 'enabled', budget_tokens: 3000 };
    assert.equal(toAnthropicRequest(req({ thinking, max_tokens: 2000 }), opts).body.max_tokens, 2000);
    assert.equal(toAnthropicRequest(req({ thinking }), opts).body.max_tokens, 4000);
  });

  it('passes disabled thinking on and keeps sampling parameters then', () => {
    const { body } = toAnthropicRequest(req({ thinking: { type: 'disabled' }, temperature: 0.2 }), opts);
    assert.deepEqual(body.thinking, { type: 'disabled' });
    assert.equal(body.temperature, 0.2);
  });

  it('rejects a malformed thinking object', () => {
    invalidParam(() => toAnthropicRequest(req({ thinking: 'on' }), opts), 'thinking');
    invalidParam(() => toAnthropicRequest(req({ thinking: { budget_tokens: 2000 } }), opts), 'thinking.type');
    invalidParam(
      () => toAnthropicRequest(req({ thinking: { type: 'enabled', budget_tokens: 1.5 } }), opts),
      'thinking.budget_tokens',
    );
  });

  it('drops temperature ≠ 1, top_k and top_p < 0.95 with thinking on, each with a warning', () => {
    const { body, warnings } = toAnthropicRequest(
      req({ reasoning_effort: 'high', temperature: 0.7, top_k: 40, top_p: 0.5 }),
      opts,
    );
    assert.equal(body.temperature, undefined);
    assert.equal(body.top_k, undefined);
    assert.equal(body.top_p, undefined);
    assert.deepEqual(warnings.map((w) => w.param).sort(), ['temperature', 'top_k', 'top_p']);
    const kept = toAnthropicRequest(req({ reasoning_effort: 'high', temperature: 1, top_p: 0.97 }), opts);
    assert.equal(kept.body.temperature, 1);
    assert.equal(kept.body.top_p, 0.97);
    assert.deepEqual(kept.warnings, []);
  });
});

describe('toAnthropicRequest: thinking blocks in the history', () => {
  const toolTurn: ChatMessage = {
    role: 'assistant',
    content: 'Checking.',
    tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'get', arguments: '{"q":1}' } }],
    reasoning_content: 'ignored: the blocks are what Anthropic verifies',
    thinking_blocks: [
      { type: 'thinking', thinking: 'Let me think.', signature: 'sig+/==' },
      { type: 'redacted_thinking', data: 'opaque' },
    ],
  };

  it('puts thinking blocks first in the assistant turn, signatures untouched', () => {
    const { body, warnings } = toAnthropicRequest(
      req({ reasoning_effort: 'low' }, [
        { role: 'user', content: 'go' },
        toolTurn,
        { role: 'tool', tool_call_id: 'toolu_1', content: 'done' },
      ]),
      opts,
    );
    assert.deepEqual(body.messages[1], {
      role: 'assistant',
      content: [
        { type: 'thinking', thinking: 'Let me think.', signature: 'sig+/==' },
        { type: 'redacted_thinking', data: 'opaque' },
        { type: 'text', text: 'Checking.' },
        { type: 'tool_use', id: 'toolu_1', name: 'get', input: { q: 1 } },
      ],
    });
    assert.deepEqual(warnings, []);
  });

  it('drops unsigned thinking (another vendor’s reasoning) with a warning', () => {
    const { body, warnings } = toAnthropicRequest(
      req({}, [
        { role: 'user', content: 'go' },
        { role: 'assistant', content: 'ok', thinking_blocks: [{ type: 'thinking', thinking: 'hmm' }] },
        { role: 'user', content: 'next' },
      ]),
      opts,
    );
    assert.deepEqual(body.messages[1], { role: 'assistant', content: 'ok' });
    assert.deepEqual(
      warnings.map((w) => w.param),
      ['messages[1].thinking_blocks[0]'],
    );
  });

  it('rejects malformed thinking_blocks naming the field', () => {
    const bad = (thinking_blocks: unknown) =>
      req({}, [
        { role: 'user', content: 'go' },
        { role: 'assistant', content: 'ok', thinking_blocks } as ChatMessage,
      ]);
    invalidParam(() => toAnthropicRequest(bad('x'), opts), 'messages[1].thinking_blocks');
    invalidParam(
      () => toAnthropicRequest(bad([{ type: 'other' }]), opts),
      'messages[1].thinking_blocks[0].type',
    );
    invalidParam(
      () => toAnthropicRequest(bad([{ type: 'thinking' }]), opts),
      'messages[1].thinking_blocks[0]',
    );
    invalidParam(
      () => toAnthropicRequest(bad([{ type: 'redacted_thinking' }]), opts),
      'messages[1].thinking_blocks[0]',
    );
    invalidParam(
      () => toAnthropicRequest(bad([{ type: 'thinking', thinking: 'x', signature: 5 }]), opts),
      'messages[1].thinking_blocks[0].signature',
    );
  });
});

describe('fromAnthropicRequest: thinking', () => {
  const base = { model: 'claude', max_tokens: 4000 };

  it('carries the thinking parameter and thinking history through to an Anthropic upstream unchanged', () => {
    const thinking = { type: 'enabled', budget_tokens: 2000 };
    const history = [
      { type: 'thinking', thinking: 'Plan.', signature: 'c2ln' },
      { type: 'tool_use', id: 'toolu_9', name: 'get', input: { a: 1 } },
    ];
    const { request } = fromAnthropicRequest({
      ...base,
      thinking,
      messages: [
        { role: 'user', content: 'go' },
        { role: 'assistant', content: history },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_9', content: 'ok' }] },
      ],
    });
    const { body } = toAnthropicRequest(request, { model: 'claude-up', defaultMaxTokens: 1000 });
    assert.deepEqual(body.thinking, thinking);
    assert.equal(body.max_tokens, 4000);
    assert.deepEqual(body.messages[1], { role: 'assistant', content: history });
  });

  it('rejects thinking blocks without a signature and a thinking parameter without a type', () => {
    for (const body of [
      {
        ...base,
        messages: [
          { role: 'user', content: 'go' },
          { role: 'assistant', content: [{ type: 'thinking', thinking: 'x' }] },
        ],
      },
      { ...base, thinking: { budget_tokens: 2000 }, messages: [{ role: 'user', content: 'go' }] },
    ]) {
      assert.throws(() => fromAnthropicRequest(body), KeelError);
    }
  });
});
