import type { KeelConfig, ModelConfig, ProviderConfig } from '../config/index.ts';
import { KeelError } from '../errors/index.ts';
import type { Logger } from '../log/index.ts';
import { createProvider } from '../providers/index.ts';
import type { Provider } from '../spec/index.ts';

/**
 * The config-derived state a request runs against: providers by name and models by public name.
 * A hot reload builds a new Runtime and swaps it in; requests already running keep theirs. Provider
 * clients whose config did not change are carried over so their connection pools stay warm.
 */
export interface Runtime {
  readonly config: KeelConfig;
  readonly providers: ReadonlyMap<string, Provider>;
  model(name: string): ModelConfig;
  provider(name: string): Provider;
}

export function buildRuntime(
  config: KeelConfig,
  previous?: Runtime,
): { runtime: Runtime; retired: Provider[] } {
  const providers = new Map<string, Provider>();
  const retired: Provider[] = [];
  for (const [name, providerConfig] of Object.entries(config.providers)) {
    const old = previous?.providers.get(name);
    if (old && previous && sameProviderConfig(previous.config.providers[name], providerConfig)) {
      providers.set(name, old);
    } else {
      providers.set(name, createProvider(name, providerConfig));
    }
  }
  for (const [name, old] of previous?.providers ?? []) {
    if (providers.get(name) !== old) retired.push(old);
  }
  const runtime: Runtime = {
    config,
    providers,
    model(name) {
      const model = config.models[name];
      if (!model) {
        throw new KeelError('model_not_found', `The model '${name.slice(0, 256)}' does not exist`, {
          param: 'model',
        });
      }
      return model;
    },
    provider(name) {
      const provider = providers.get(name);
      if (!provider) throw new KeelError('no_deployment', `Provider '${name}' is not configured`);
      return provider;
    },
  };
  return { runtime, retired };
}

function sameProviderConfig(a: ProviderConfig | undefined, b: ProviderConfig): boolean {
  return a !== undefined && JSON.stringify(a) === JSON.stringify(b);
}

/** Closes retired provider clients; undici waits for their in-flight requests before closing. */
export function retireProviders(retired: Provider[], logger: Logger): void {
  for (const provider of retired) {
    provider
      .close?.()
      .catch((error: unknown) =>
        logger.warn({ provider: provider.name, err: String(error) }, 'closing provider failed'),
      );
  }
}
