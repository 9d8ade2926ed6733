import type { AddressInfo } from 'node:net';
import { MemoryCacheStore, RedisCacheStore, ResponseCache } from '../cache/index.ts';
import { type KeelConfig, watchConfig } from '../config/index.ts';
import { resolvePrice, warmTokenizer } from '../cost/index.ts';
import type { Logger } from '../log/index.ts';
import { createGatewayMetrics, type GatewayMetrics } from '../metrics/index.ts';
import { Router, type RouterEvent } from '../routing/index.ts';
import type { CacheStore, Store } from '../spec/index.ts';
import { createStore, MemoryNotifier, RedisNotifier } from '../store/index.ts';
import { RecordWriter } from '../traces/index.ts';
import { createGatewayApp } from './app.ts';
import type { GatewayDeps } from './deps.ts';
import type { KeelModule, ModuleInstance } from './module.ts';
import { buildRuntime, type Runtime, retireProviders } from './runtime.ts';
import { shutdown } from './shutdown.ts';

export interface StartOptions {
  config: KeelConfig;
  /** Watched for hot reload (and SIGHUP) when given. */
  configFile?: string;
  logger: Logger;
  /** Modules (access, prompts, guard, traces, evals) started in order; their hooks run in that order. */
  modules?: KeelModule[];
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

/**
 * Wires store, record writer, cache, router, providers, modules and the HTTP app, then listens.
 * When a step fails (a secret not set, the port taken), what was already open is closed again before
 * the error is thrown, so the process can exit instead of hanging on a database pool or Redis client.
 */
export async function startKeel(options: StartOptions): Promise<RunningKeel> {
  const opened: Array<() => unknown> = [];
  try {
    return await startParts(options, opened);
  } catch (error) {
    for (const close of opened.reverse()) {
      try {
        await close();
      } catch (closeError) {
        options.logger.warn({ err: String(closeError) }, 'cleanup after a failed start failed');
      }
    }
    throw error;
  }
}

async function startParts(options: StartOptions, opened: Array<() => unknown>): Promise<RunningKeel> {
  const { config, logger } = options;
  // Loading the BPE ranks takes 100+ ms: pay it at start, not on the first request without usage.
  warmTokenizer();
  const store = await createStore(config.store.url, { logger });
  opened.push(() => store.close());
  const writer = new RecordWriter(store, { ...config.records, logger });
  opened.push(() => writer.close());
  const cacheStore: CacheStore = config.redis
    ? new RedisCacheStore({ url: config.redis.url, logger })
    : new MemoryCacheStore();
  opened.push(() => cacheStore.close());
  const metrics = createGatewayMetrics();
  const notifier = config.redis ? new RedisNotifier({ url: config.redis.url, logger }) : new MemoryNotifier();
  opened.push(() => notifier.close());
  for (const module of options.modules ?? []) {
    await module.prepare?.({ store, config, logger: logger.child({ module: module.name }) });
  }
  let runtime: Runtime = buildRuntime(config).runtime;
  opened.push(() => retireProviders([...runtime.providers.values()], logger));
  const router = new Router({
    logger,
    onEvent: (event) => countRouterEvent(metrics, event),
    priceOf: routerPrice(() => runtime.config),
  });
  router.update(config.models);
  const listeners: Array<(config: KeelConfig) => void> = [];
  let selfUrl = '';

  const apply = async (next: KeelConfig): Promise<void> => {
    const built = buildRuntime(next, runtime);
    const previous = runtime;
    // The router reads prices from the runtime's config during update(): swap first, undo on failure.
    runtime = built.runtime;
    try {
      router.update(next.models);
    } catch (error) {
      runtime = previous;
      retireProviders(
        [...built.runtime.providers.values()].filter((p) => ![...previous.providers.values()].includes(p)),
        logger,
      );
      throw error;
    }
    retireProviders(built.retired, logger);
    for (const listener of listeners) listener(next);
  };

  const modules: ModuleInstance[] = [];
  for (const module of options.modules ?? []) {
    const instance = await module.start({
      store,
      config,
      logger: logger.child({ module: module.name }),
      notifier,
      redisUrl: config.redis?.url,
      metrics: metrics.registry,
      runtime: () => runtime,
      onConfig: (listener) => listeners.push(listener),
      selfUrl: () => selfUrl,
      flushResponseCache: async () => {
        if (cacheStore instanceof MemoryCacheStore) await cacheStore.clear();
      },
    });
    modules.push(instance);
    opened.push(() => instance.close?.());
  }
  const deps = gatewayDeps({
    runtime: () => runtime,
    router,
    cacheStore,
    writer,
    metrics,
    logger,
    store,
    modules,
  });
  const gateway = createGatewayApp(deps, {
    bodyLimitBytes: config.server.bodyLimitBytes,
    recordStats: () => {
      const { lastError: _ignored, ...counts } = writer.stats();
      return counts;
    },
    routes: modules.flatMap((m) => (m.routes ? [m.routes.bind(m)] : [])),
  });
  opened.push(() => gateway.app.close());
  await gateway.app.listen({ host: config.server.host, port: config.server.port });
  const port = (gateway.app.server.address() as AddressInfo).port;
  selfUrl = `http://${config.server.host.includes(':') ? `[${config.server.host}]` : config.server.host}:${port}`;
  const watcher = options.configFile
    ? watchConfig({
        file: options.configFile,
        logger,
        apply,
        onResult: (ok) => metrics.configReloads.inc({ result: ok ? 'ok' : 'rejected' }),
      })
    : undefined;
  let closing: Promise<void> | undefined;
  return {
    url: selfUrl,
    port,
    store,
    deps,
    reload: apply,
    close() {
      closing ??= shutdown({
        gateway,
        graceMs: config.server.shutdownGraceMs,
        writer,
        store,
        cacheStore,
        runtime: () => runtime,
        modules,
        watcher,
        logger,
      }).finally(() => notifier.close());
      return closing;
    },
  };
}

function gatewayDeps(parts: {
  runtime: () => Runtime;
  router: Router;
  cacheStore: CacheStore;
  writer: RecordWriter;
  metrics: GatewayMetrics;
  logger: Logger;
  store: Store;
  modules: ModuleInstance[];
}): GatewayDeps {
  return {
    runtime: parts.runtime,
    router: parts.router,
    cache: new ResponseCache(parts.cacheStore),
    records: parts.writer,
    metrics: parts.metrics,
    logger: parts.logger,
    hooks: parts.modules.flatMap((m) => m.hooks ?? []),
    ...modelLists(parts.modules),
    async ready() {
      try {
        await parts.store.ping();
        return { ok: true, checks: { store: 'ok', config: 'ok' } };
      } catch {
        return { ok: false, checks: { store: 'unreachable', config: 'ok' } };
      }
    },
  };
}

/** Every module that narrows `GET /v1/models` gets its say: the caller sees the intersection. */
function modelLists(modules: ModuleInstance[]): Pick<GatewayDeps, 'listModelsFor'> {
  const lists = modules.flatMap((m) => (m.listModelsFor ? [m.listModelsFor.bind(m)] : []));
  if (lists.length === 0) return {};
  return {
    async listModelsFor(caller) {
      let allowed: readonly string[] | undefined;
      for (const list of lists) {
        const next = await list(caller);
        if (next !== undefined)
          allowed = allowed === undefined ? next : allowed.filter((m) => next.includes(m));
      }
      return allowed;
    },
  };
}

function countRouterEvent(metrics: GatewayMetrics, event: RouterEvent): void {
  if (event.type === 'retry') metrics.retries.inc({ model: event.model, deployment: event.deploymentId });
  else if (event.type === 'fallback') metrics.fallbacks.inc({ from: event.from, to: event.to });
}

function routerPrice(config: () => KeelConfig) {
  return (deployment: {
    provider: string;
    model: string;
    price?: KeelConfig['models'][string]['deployments'][number]['price'];
  }) => {
    const provider = config().providers[deployment.provider];
    if (!provider) return undefined;
    return resolvePrice({ override: deployment.price, providerType: provider.type, model: deployment.model })
      .price;
  };
}
