import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configSchema } from '../../config/index.ts';
import { countChatTokens, IMAGE_TOKENS, MAX_IMAGE_TOKENS, SIM_PRICE } from '../../cost/index.ts';
import { buildRuntime } from '../../gateway/index.ts';
import type { ChatRequest, RequestContext } from '../../spec/index.ts';
import { maxOutputTokens, modelEnvelope, promptTokens, worstCaseCostUsd } from './worst-case.ts';

const runtime = buildRuntime(
  configSchema.parse({
    providers: { sim: { type: 'sim' } },
    models: {
      cheap: {
        deployments: [
          { provider: 'sim', model: 'a', price: { inputPerMTok: 1, outputPerMTok: 2 } },
          { provider: 'sim', model: 'b', price: { inputPerMTok: 3, outputPerMTok: 1 } },
        ],
        fallbacks: ['dear', 'cheap', 'missing'],
        timeouts: { totalMs: 5000 },
      },
      dear: {
        deployments: [{ provider: 'sim', model: 'c', price: { inputPerMTok: 2, outputPerMTok: 20 } }],
        fallbacks: ['dearest'],
        timeouts: { totalMs: 9000 },
      },
      dearest: {
        deployments: [{ provider: 'sim', model: 'd', price: { inputPerMTok: 100, outputPerMTok: 100 } }],
      },
      plain: { deployments: [{ provider: 'sim', model: 'e' }] },
    },
  }),
).runtime;

const chat = (request: Partial<ChatRequest>): Pick<RequestContext, 'endpoint' | 'request'> => ({
  endpoint: 'chat',
  request: { model: 'cheap', messages: [{ role: 'user', content: 'hello there' }], ...request },
});

describe('worst-case cost', () => {
  it('prices every deployment of the model and of its fallbacks, but not fallbacks of fallbacks', () => {
    const envelope = modelEnvelope(runtime, 'cheap');
    assert.equal(envelope.prices.length, 3);
    assert.equal(envelope.totalTimeoutMs, 9000);
    assert.equal(modelEnvelope(runtime, 'cheap'), envelope, 'cached per runtime');
    assert.deepEqual(modelEnvelope(runtime, 'unknown-model'), { prices: [], totalTimeoutMs: 0 });
  });

  it('is prompt × input price + max output × output price on the dearest deployment', () => {
    const { prices } = modelEnvelope(runtime, 'cheap');
    // 1000 prompt, 100 output: a = 0.001+0.0002, b = 0.003+0.0001, dear c = 0.002+0.002 → c wins.
    assert.equal(worstCaseCostUsd(prices, { promptTokens: 1000, maxOutputTokens: 100 }), 0.004);
    // Prompt-heavy: b's input price dominates (0.03 + 0.00001 vs c 0.02 + 0.0002).
    assert.equal(worstCaseCostUsd(prices, { promptTokens: 10_000, maxOutputTokens: 10 }), 0.03001);
    assert.equal(worstCaseCostUsd([], { promptTokens: 1000, maxOutputTokens: 1000 }), 0);
  });

  it('uses the built-in price when a deployment has no override', () => {
    const { prices } = modelEnvelope(runtime, 'plain');
    assert.deepEqual(prices, [SIM_PRICE]);
    assert.equal(worstCaseCostUsd(prices, { promptTokens: 2_000_000, maxOutputTokens: 0 }), 1);
  });

  it('max output: max_completion_tokens, else max_tokens, else the default — times n', () => {
    assert.equal(maxOutputTokens(chat({}), 4096), 4096);
    assert.equal(maxOutputTokens(chat({ max_tokens: 50 }), 4096), 50);
    assert.equal(maxOutputTokens(chat({ max_tokens: 50, max_completion_tokens: 70 }), 4096), 70);
    assert.equal(maxOutputTokens(chat({ max_tokens: 50, n: 3 }), 4096), 150);
    assert.equal(maxOutputTokens(chat({ max_tokens: null, n: null }), 100), 100);
    // reasoning_effort: an Anthropic upstream may get budget + cap as max_tokens (cap ≤ budget).
    assert.equal(maxOutputTokens(chat({ max_tokens: 50, reasoning_effort: 'high' }), 4096), 50 + 4096);
    assert.equal(maxOutputTokens(chat({ max_tokens: 8000, reasoning_effort: 'low' }), 4096), 8000);
    assert.equal(maxOutputTokens(chat({ max_tokens: 50, reasoning_effort: 'none' }), 4096), 50);
    assert.equal(maxOutputTokens({ endpoint: 'embeddings', request: { model: 'e', input: 'x' } }, 4096), 0);
  });

  it('prompt tokens are counted like the gateway counts them (chat framing, tools; embeddings inputs)', () => {
    const ctx = chat({});
    assert.equal(
      promptTokens(ctx),
      countChatTokens((ctx.request as ChatRequest).messages, { model: 'cheap' }),
    );
    assert.ok(
      promptTokens({ endpoint: 'embeddings', request: { model: 'e', input: ['hello world', 'again'] } }) >= 3,
    );
    assert.equal(
      promptTokens({ endpoint: 'embeddings', request: { model: 'e', input: [[1, 2, 3], [4]] } }),
      4,
    );
  });

  it('holds count an image at its most expensive, so large images cannot spend past a budget', () => {
    const image = { type: 'image_url', image_url: { url: 'https://example.com/a.png', detail: 'high' } };
    const messages = [{ role: 'user', content: [{ type: 'text', text: 'what is this?' }, image] }];
    const ctx = { endpoint: 'chat', request: { model: 'cheap', messages } } as Parameters<
      typeof promptTokens
    >[0];
    const estimate = countChatTokens(messages as ChatRequest['messages'], { model: 'cheap' });
    assert.equal(promptTokens(ctx) - estimate, MAX_IMAGE_TOKENS - IMAGE_TOKENS);
  });
});
