import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ProviderConfig, providerSchema } from '../config/schema.ts';
import { KeelError } from '../errors/index.ts';
import type { Provider } from '../spec/provider.ts';
import { closeProviders, createProvider } from './index.ts';

const parse = (input: Record<string, unknown>): ProviderConfig => providerSchema.parse(input);

describe('createProvider', () => {
  it('builds each provider type from its config', async () => {
    const env = { KEY: 'k-123' };
    const made = {
      openai: createProvider('o', parse({ type: 'openai', apiKey: { env: 'KEY' } }), { env }),
      azure: createProvider(
        'a',
        parse({ type: 'azure', baseUrl: 'https://res.openai.azure.com', apiKey: 'k' }),
      ),
      anthropic: createProvider('c', parse({ type: 'anthropic', apiKey: 'k' })),
      sim: createProvider('s', parse({ type: 'sim' })),
    };
    try {
      for (const [type, provider] of Object.entries(made)) {
        assert.equal(provider.type, type);
        assert.equal(provider.specVersion, 'v1');
      }
      assert.equal(made.openai.name, 'o');
      assert.equal(made.anthropic.dialect, 'anthropic');
    } finally {
      await closeProviders(made);
    }
  });

  it('fails with config_invalid when a secret variable is missing', () => {
    assert.throws(
      () =>
        createProvider('openai', parse({ type: 'openai', apiKey: { env: 'NOT_SET_ANYWHERE' } }), { env: {} }),
      (err: unknown) =>
        err instanceof KeelError && err.code === 'config_invalid' && /NOT_SET_ANYWHERE/.test(err.message),
    );
  });
});

describe('closeProviders', () => {
  it('closes every provider, even when one close fails, from a map or a list', async () => {
    const closed: string[] = [];
    const fake = (name: string, fail = false): Provider =>
      ({
        name,
        // Throws synchronously: a misbehaving close must not stop the others either.
        close: () => {
          closed.push(name);
          if (fail) throw new Error('boom');
          return Promise.resolve();
        },
      }) as unknown as Provider;
    await closeProviders([fake('a', true), fake('b')]);
    await closeProviders(new Map([['c', fake('c')]]));
    await closeProviders({ d: fake('d'), e: { name: 'e' } as unknown as Provider });
    assert.deepEqual(closed, ['a', 'b', 'c', 'd']);
  });
});
