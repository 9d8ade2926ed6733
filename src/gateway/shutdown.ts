import type { Logger } from '../log/index.ts';
import type { CacheStore, Store } from '../spec/index.ts';
import type { RecordWriter } from '../traces/index.ts';
import type { GatewayApp } from './app.ts';
import type { ModuleInstance } from './module.ts';
import { type Runtime, retireProviders } from './runtime.ts';

/**
 * Graceful stop, in the order that loses nothing: stop accepting (readiness goes 503), let
 * in-flight requests finish (bounded by the grace period, then cut), stop modules (they flush their
 * own queues), flush request records, then close clients and stores.
 */
export async function shutdown(parts: {
  gateway: GatewayApp;
  graceMs: number;
  writer: RecordWriter;
  store: Store;
  cacheStore: CacheStore;
  runtime: () => Runtime;
  modules: ModuleInstance[];
  watcher: { close(): void } | undefined;
  logger: Logger;
}): Promise<void> {
  parts.watcher?.close();
  parts.gateway.drain();
  const server = parts.gateway.app.server;
  const force = setTimeout(() => server.closeAllConnections(), parts.graceMs);
  force.unref();
  // A keep-alive connection whose response was still streaming when close() began becomes idle
  // later; close such connections as they go idle instead of waiting out the grace period.
  const sweep = setInterval(() => server.closeIdleConnections(), 50);
  sweep.unref();
  await parts.gateway.app.close();
  clearTimeout(force);
  clearInterval(sweep);
  for (const module of [...parts.modules].reverse()) {
    await module
      .close?.()
      .catch((error: unknown) => parts.logger.error({ err: String(error) }, 'module close failed'));
  }
  await parts.writer.close();
  retireProviders([...parts.runtime().providers.values()], parts.logger);
  await parts.cacheStore.close();
  await parts.store.close();
}
