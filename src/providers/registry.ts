import type { ProviderConfig } from '../config/schema.ts';
import type { Provider } from '../spec/provider.ts';
import { createAnthropicProvider } from './anthropic/index.ts';
import { createAzureProvider } from './azure/index.ts';
import { createOpenAiProvider } from './openai/index.ts';
import type { ProviderFactoryOptions } from './openai-compatible/index.ts';
import { createSimProvider } from './sim/index.ts';

/**
 * Builds the provider for one `providers:` entry. The switch is exhaustive over the config union,
 * so adding a provider type without a factory is a type error rather than a runtime surprise.
 */
export function createProvider(
  name: string,
  config: ProviderConfig,
  options: ProviderFactoryOptions = {},
): Provider {
  switch (config.type) {
    case 'openai':
      return createOpenAiProvider(name, config, options);
    case 'azure':
      return createAzureProvider(name, config, options);
    case 'anthropic':
      return createAnthropicProvider(name, config, options);
    case 'sim':
      return createSimProvider(name, config.sim);
    default: {
      const unknownType: never = config;
      throw new Error(`Unhandled provider type ${(unknownType as { type: string }).type}`);
    }
  }
}

/** Closes every provider's connection pool; one failing close does not keep the others open. */
export async function closeProviders(
  providers: ReadonlyMap<string, Provider> | Iterable<Provider> | Record<string, Provider>,
): Promise<void> {
  let list: Provider[];
  if (providers instanceof Map) list = [...providers.values()];
  else if (Symbol.iterator in providers) list = [...(providers as Iterable<Provider>)];
  else list = Object.values(providers);
  await Promise.allSettled(list.map(async (provider) => provider.close?.()));
}
