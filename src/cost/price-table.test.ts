import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  loadPriceTable,
  lookupPrice,
  modelNameCandidates,
  priceFromOverride,
  priceTableInfo,
  resolvePrice,
  SIM_PRICE,
} from './price-table.ts';

describe('price table', () => {
  it('loads the generated table with its attribution', () => {
    const info = priceTableInfo();
    assert.equal(info.licence, 'MIT');
    assert.match(info.attribution, /Portkey/);
    assert.match(info.source, /Portkey-AI\/models/);
    const table = loadPriceTable();
    assert.ok(Object.keys(table.prices.openai ?? {}).length > 50);
    assert.ok(Object.keys(table.prices.anthropic ?? {}).length > 10);
  });

  it('holds only priced models, in USD per token', () => {
    for (const [provider, models] of Object.entries(loadPriceTable().prices)) {
      for (const [model, price] of Object.entries(models)) {
        assert.ok(price.input > 0 || price.output > 0, `${provider}/${model} has no price`);
        // No real model costs $1 or more per token: this catches a missed cents → dollars step.
        assert.ok(price.input < 0.01 && price.output < 0.01, `${provider}/${model} looks like cents`);
      }
    }
  });
});

describe('lookupPrice', () => {
  const gpt4o = { input: 2.5e-6, output: 1e-5, cacheRead: 1.25e-6, cacheWrite: 0 };

  it('finds exact names', () => {
    assert.deepEqual(lookupPrice({ providerType: 'openai', model: 'gpt-4o' }), gpt4o);
    assert.deepEqual(lookupPrice({ providerType: 'openai', model: 'gpt-4o-2024-08-06' }), gpt4o);
  });

  it('normalises case, vendor prefixes and unknown date suffixes', () => {
    assert.deepEqual(lookupPrice({ providerType: 'openai', model: 'GPT-4o' }), gpt4o);
    assert.deepEqual(lookupPrice({ providerType: 'openai', model: 'openai/gpt-4o' }), gpt4o);
    assert.deepEqual(lookupPrice({ providerType: 'openai', model: 'gpt-4o-2099-01-31' }), gpt4o);
    const sonnet = lookupPrice({ providerType: 'anthropic', model: 'claude-sonnet-4-5' });
    assert.ok(sonnet);
    assert.deepEqual(lookupPrice({ providerType: 'anthropic', model: 'claude-sonnet-4-5-20991231' }), sonnet);
  });

  it('resolves aliases', () => {
    // Anthropic's undated alias is priced as "-latest".
    const latest = lookupPrice({ providerType: 'anthropic', model: 'claude-3-5-sonnet-latest' });
    assert.ok(latest);
    assert.deepEqual(lookupPrice({ providerType: 'anthropic', model: 'claude-3-5-sonnet' }), latest);
    // Azure's dot-less spelling.
    assert.deepEqual(
      lookupPrice({ providerType: 'openai', model: 'gpt-35-turbo' }),
      lookupPrice({ providerType: 'openai', model: 'gpt-3.5-turbo' }),
    );
  });

  it('maps Keel provider types to the right vendor tables', () => {
    // Azure has its own (different) price for gpt-3.5-turbo; OpenAI's is not used for it.
    const azure = lookupPrice({ providerType: 'azure', model: 'gpt-35-turbo' });
    const openai = lookupPrice({ providerType: 'openai', model: 'gpt-3.5-turbo' });
    assert.ok(azure && openai);
    assert.notDeepEqual(azure, openai);
    // An OpenAI-compatible endpoint serving another vendor's model finds that vendor's price …
    assert.equal(lookupPrice({ providerType: 'openai', model: 'deepseek-chat' })?.input, 1.4e-7);
    // … but an Anthropic provider does not go looking elsewhere.
    assert.equal(lookupPrice({ providerType: 'anthropic', model: 'deepseek-chat' }), undefined);
    assert.equal(lookupPrice({ providerType: 'openai', model: 'definitely-not-a-model' }), undefined);
  });

  it('prices the simulated provider at a fixed small price whatever the model', () => {
    assert.equal(lookupPrice({ providerType: 'sim', model: 'gpt-4o' }), SIM_PRICE);
    assert.equal(SIM_PRICE.input, 0.5e-6);
    assert.equal(SIM_PRICE.output, 1.5e-6);
  });

  it('hands out prices nobody can change', () => {
    const price = lookupPrice({ providerType: 'openai', model: 'gpt-4o' });
    assert.ok(price && Object.isFrozen(price));
  });

  it('tries the most specific names first', () => {
    assert.deepEqual(modelNameCandidates('OpenAI/GPT-4o-2024-08-06').slice(0, 4), [
      'OpenAI/GPT-4o-2024-08-06',
      'openai/gpt-4o-2024-08-06',
      'gpt-4o-2024-08-06',
      'gpt-4o',
    ]);
  });
});

describe('resolvePrice', () => {
  it('prefers a config override, converting per-MTok to per-token without float noise', () => {
    const resolved = resolvePrice({
      providerType: 'openai',
      model: 'gpt-4o',
      override: { inputPerMTok: 0.15, outputPerMTok: 0.6, cacheReadPerMTok: 0.075 },
    });
    assert.deepEqual(resolved, {
      price: { input: 1.5e-7, output: 6e-7, cacheRead: 7.5e-8 },
      source: 'config',
    });
  });

  it('reports table and unknown sources', () => {
    assert.equal(resolvePrice({ providerType: 'openai', model: 'gpt-4o' }).source, 'table');
    assert.deepEqual(resolvePrice({ providerType: 'openai', model: 'nope' }), { source: 'unknown' });
  });

  it('converts an override with every rate', () => {
    assert.deepEqual(
      priceFromOverride({
        inputPerMTok: 3,
        outputPerMTok: 15,
        cacheReadPerMTok: 0.3,
        cacheWritePerMTok: 3.75,
      }),
      { input: 3e-6, output: 1.5e-5, cacheRead: 3e-7, cacheWrite: 3.75e-6 },
    );
  });
});
