import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Price } from '../spec/usage.ts';
import { computeCost, costOf, formatUsd, maxCostOf, roundUsd } from './cost.ts';
import { lookupPrice } from './price-table.ts';

const gpt4o = lookupPrice({ providerType: 'openai', model: 'gpt-4o' });
const sonnet = lookupPrice({ providerType: 'anthropic', model: 'claude-sonnet-4-5' });

describe('costOf', () => {
  it('bills uncached input, cached input at the cache-read rate, and output (gpt-4o)', () => {
    // $2.50 / $1.25 cached / $10 per MTok
    assert.deepEqual(gpt4o, { input: 2.5e-6, output: 1e-5, cacheRead: 1.25e-6, cacheWrite: 0 });
    const usd = costOf(
      { promptTokens: 1000, cachedTokens: 400, completionTokens: 500, totalTokens: 1500 },
      gpt4o,
    );
    // 600 × 2.5e-6 + 400 × 1.25e-6 + 500 × 1e-5 = 0.0015 + 0.0005 + 0.005
    assert.equal(usd, 0.007);
  });

  it('bills Anthropic cache writes and reads out of a prompt count that includes them', () => {
    // Anthropic reported input_tokens 100, cache_read 2000, cache_creation 1000, output 300;
    // the adapter's Usage.promptTokens is their sum (3100).
    assert.deepEqual(sonnet, { input: 3e-6, output: 1.5e-5, cacheRead: 3e-7, cacheWrite: 3.75e-6 });
    const usage = {
      promptTokens: 3100,
      cachedTokens: 2000,
      cacheWriteTokens: 1000,
      completionTokens: 300,
      totalTokens: 3400,
    };
    // 100 × 3e-6 + 2000 × 3e-7 + 1000 × 3.75e-6 + 300 × 1.5e-5 = 0.0003 + 0.0006 + 0.00375 + 0.0045
    assert.equal(costOf(usage, sonnet), 0.00915);
  });

  it('falls back to the input price when a cache price is absent', () => {
    const price: Price = { input: 1e-6, output: 2e-6 };
    const usage = {
      promptTokens: 1000,
      cachedTokens: 300,
      cacheWriteTokens: 200,
      completionTokens: 0,
      totalTokens: 1000,
    };
    assert.equal(costOf(usage, price), 0.001);
  });

  it('bills reasoning tokens at the reasoning price only when one is given', () => {
    const usage = { promptTokens: 0, completionTokens: 100, reasoningTokens: 60, totalTokens: 100 };
    // 40 × 4e-6 + 60 × 2e-6
    assert.equal(costOf(usage, { input: 1e-6, output: 4e-6, reasoning: 2e-6 }), 0.00028);
    // Already inside completionTokens: no double count without a reasoning price.
    assert.equal(costOf(usage, { input: 1e-6, output: 4e-6 }), 0.0004);
  });

  it('is 0 for an unknown price and ignores nonsense counts', () => {
    assert.equal(costOf({ promptTokens: 10, completionTokens: 10, totalTokens: 20 }, undefined), 0);
    const price: Price = { input: 1e-6, output: 1e-6, cacheRead: 0 };
    assert.equal(costOf({ promptTokens: -5, completionTokens: Number.NaN, totalTokens: 0 }, price), 0);
    // More cached than prompt tokens (bad upstream data): never a negative uncached count.
    assert.equal(
      costOf({ promptTokens: 10, cachedTokens: 50, completionTokens: 0, totalTokens: 10 }, price),
      0,
    );
  });

  it('rounds to 1e-10 USD without float noise', () => {
    const usd = costOf({ promptTokens: 3, completionTokens: 0, totalTokens: 3 }, { input: 0.1, output: 0 });
    assert.equal(usd, 0.3); // 3 × 0.1 is 0.30000000000000004 in floating point
    assert.equal(roundUsd(1.23456789012345e-5), 0.0000123457);
  });
});

describe('computeCost', () => {
  const usage = { promptTokens: 1000, completionTokens: 1000, totalTokens: 2000 };

  it('uses the config override before the table', () => {
    const cost = computeCost({
      usage,
      providerType: 'openai',
      model: 'gpt-4o',
      override: { inputPerMTok: 1, outputPerMTok: 2 },
    });
    assert.deepEqual(cost, { usd: 0.003, source: 'config' });
  });

  it('uses the table when there is no override', () => {
    assert.deepEqual(computeCost({ usage, providerType: 'openai', model: 'gpt-4o' }), {
      usd: 0.0125,
      source: 'table',
    });
  });

  it('costs an unknown model at 0 with source unknown', () => {
    assert.deepEqual(computeCost({ usage, providerType: 'openai', model: 'no-such-model-xyz' }), {
      usd: 0,
      source: 'unknown',
    });
  });

  it('gives the simulated provider a small non-zero price', () => {
    // $0.50 / $1.50 per MTok
    assert.deepEqual(computeCost({ usage, providerType: 'sim', model: 'anything' }), {
      usd: 0.002,
      source: 'table',
    });
  });
});

describe('maxCostOf', () => {
  it('prices every prompt token at the dearest input rate and every allowed output token', () => {
    // 1000 × 3.75e-6 (a cache write is dearer than plain input) + 500 × 1.5e-5
    assert.equal(maxCostOf({ promptTokens: 1000, maxOutputTokens: 500 }, sonnet), 0.01125);
    assert.equal(maxCostOf({ promptTokens: 1000, maxOutputTokens: 500 }, undefined), 0);
  });

  it('is never below the real cost of a call within those limits', () => {
    const usage = {
      promptTokens: 3100,
      cachedTokens: 2000,
      cacheWriteTokens: 1000,
      completionTokens: 300,
      totalTokens: 3400,
    };
    assert.ok(maxCostOf({ promptTokens: 3100, maxOutputTokens: 300 }, sonnet) >= costOf(usage, sonnet));
  });
});

describe('formatUsd', () => {
  it('prints plain decimals with at most 10 places and no exponent', () => {
    assert.equal(formatUsd(0.000123), '0.000123');
    assert.equal(formatUsd(1e-7), '0.0000001');
    assert.equal(formatUsd(1e-10), '0.0000000001');
    assert.equal(formatUsd(4e-11), '0');
    assert.equal(formatUsd(1.5), '1.5');
    assert.equal(formatUsd(100), '100');
    assert.equal(formatUsd(0), '0');
    assert.equal(formatUsd(-0), '0');
    assert.equal(formatUsd(0.1 + 0.2), '0.3');
    assert.equal(formatUsd(123456.789), '123456.789');
    assert.equal(formatUsd(Number.NaN), '0');
    assert.equal(formatUsd(Number.POSITIVE_INFINITY), '0');
  });
});
