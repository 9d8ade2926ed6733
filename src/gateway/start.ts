import type { AddressInfo } from 'node:net';
import { MemoryCacheStore, RedisCacheStore, ResponseCache } from '../cache/index.ts';
import { type KeelConfig, watchConfig } from '../config/index.ts';
import { resolvePrice, warmTokenizer } from '../cost/index.ts';
import type { Logger } from '../log/index.ts';
import { createGatewayMetrics } from '../metrics/index.ts';
import { Router, type RouterEvent } from '../routing/index.ts';
import type { CacheStore, GatewayHook, Store } from '../spec/index.ts';
import { createStore } from '../store/index.ts';
import { RecordWriter } from '../traces/index.ts';
import { createGatewayApp } from './app.ts';
import type { GatewayDeps } from './deps.ts';
import { buildRuntime, retireProviders, type Runtime } from './runtime.ts';

export interface StartOptions {
  config: KeelConfig;
  /** Watched for hot reload (and SIGHUP) when given. */
  configFile?: string;
  logger: Logger;
  /** Pipeline steps from other modules (auth, limits, prompts, guard…), in order. */
  hooks?: GatewayHook[];
}

export interface RunningKeel {
  url: string;
  port: number;
  store: Store;
  /** Applies a new config as a hot reload would (validated already). */
  reload(config: KeelConfig): Promise<void>;
  /** Graceful stop: drain, finish in-flight (bounded), flush records, close everything. */
  close(): Promise<void>;
  deps: GatewayDeps;
}

/** Wires store, record writer, cache, router, providers and the HTTP app, then listens. */
export async function startKeel(options: StartOptions): Promise<RunningKeel> {
  const { config, logger } = options;
  // Loading the BPE ranks takes 100+ ms: pay it at start, not on the first request without usage.
  warmTokenizer();
  const store = await createStore(config.store.url, { logger });
  await store.migrate();
  const writer = new RecordWriter(store, { ...config.records, logger });
  const cacheStore: CacheStore = config.redis ? new RedisCacheStore({ url: config.redis.url, logger }) : new MemoryCacheStore();
  const metrics = createGatewayMetrics();
  const router = new Router({ logger, onEvent: (event) => countRouterEvent(metrics, event), priceOf: routerPrice(() => runtime.config) });
  let runtime: Runtime = buildRuntime(config).runtime;
  router.update(config.models);

  const apply = async (next: KeelConfig): Promise<void> => {
    const built = buildRuntime(next, runtime);
    const previous = runtime;
    // The router reads prices from the runtime's config during update(): swap first, undo on failure.
    runtime = built.runtime;
    try {
      router.update(next.models);
    } catch (error) {
      runtime = previous;
      const fresh = [...built.runtime.providers.values()].filter((p) => ![...previous.providers.values()].includes(p));
      retireProviders(fresh, logger);
      throw error;
    }
    retireProviders(built.retired, logger);
  };
  const deps: GatewayDeps = {
    runtime: () => runtime,
    router,
    cache: new ResponseCache(cacheStore),
    records: writer,
    metrics,
    logger,
    hooks: options.hooks ?? [],
    async ready() {
      try {
        await store.ping();
        return { ok: true, checks: { store: 'ok', config: 'ok' } };
      } catch {
        return { ok: false, checks: { store: 'unreachable', config: 'ok' } };
      }
    },
  };
  const gateway = createGatewayApp(deps, { bodyLimitBytes: config.server.bodyLimitBytes, recordStats: () => {
      const { lastError: _ignored, ...counts } = writer.stats();
      return counts;
    },
  });
  await gateway.app.listen({ host: config.server.host, port: config.server.port });
  const port = (gateway.app.server.address() as AddressInfo).port;
  const watcher = options.configFile
    ? watchConfig({
        file: options.configFile,
        logger,
        apply: async (next) => {
          try {
            await apply(next);
            metrics.configReloads.inc({ result: 'ok' });
          } catch (error) {
            metrics.configReloads.inc({ result: 'rejected' });
            throw error;
          }
        },
      })
    : undefined;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${config.server.host}:${port}`,
    port,
    store,
    deps,
    reload: apply,
    close() {
      closing ??= shutdown({ gateway, graceMs: config.server.shutdownGraceMs, writer, store, cacheStore, runtime: () => runtime, watcher, logger });
      return closing;
    },
  };
}

async function shutdown(parts: {
  gateway: ReturnType<typeof createGatewayApp>;
  graceMs: number;
  writer: RecordWriter;
  store: Store;
  cacheStore: CacheStore;
  runtime: () => Runtime;
  watcher: { close(): void } | undefined;
  logger: Logger;
}): Promise<void> {
  parts.watcher?.close();
  parts.gateway.drain();
  const server = parts.gateway.app.server;
  // Past the grace period, in-flight requests are cut so shutdown is bounded.
  const force = setTimeout(() => server.closeAllConnections(), parts.graceMs);
  force.unref();
  await parts.gateway.app.close();
  clearTimeout(force);
  await parts.writer.close();
  retireProviders([...parts.runtime().providers.values()], parts.logger);
  await parts.cacheStore.close();
  await parts.store.close();
}

function countRouterEvent(metrics: ReturnType<typeof createGatewayMetrics>, event: RouterEvent): void {
  if (event.type === 'retry') metrics.retries.inc({ model: event.model, deployment: event.deploymentId });
  else if (event.type === 'fallback') metrics.fallbacks.inc({ from: event.from, to: event.to });
}

function routerPrice(config: () => KeelConfig) {
  return (deployment: { provider: string; model: string; price?: KeelConfig['models'][string]['deployments'][number]['price'] }) => {
    const provider = config().providers[deployment.provider];
    if (!provider) return undefined;
    return resolvePrice({ override: deployment.price, providerType: provider.type, model: deployment.model }).price;
  };
}
