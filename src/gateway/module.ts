import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import type { KeelConfig } from '../config/index.ts';
import type { Logger } from '../log/index.ts';
import type { ChangeNotifier, GatewayHook, Store } from '../spec/index.ts';
import type { Runtime } from './runtime.ts';

/** What a module gets when Keel starts. */
export interface ModuleContext {
  store: Store;
  /** The config at start; use `onConfig` to follow hot reloads. */
  config: KeelConfig;
  logger: Logger;
  /** Cross-replica change notices (Redis pub/sub in cluster mode, in-process otherwise). */
  notifier: ChangeNotifier;
  /** Redis URL in cluster mode (shared counters, reservations); undefined in embedded mode. */
  redisUrl: string | undefined;
  /** Register module metrics here so /metrics exposes them. */
  metrics: Registry;
  /** The current runtime (providers, models) for modules that call models (evals, quarantine). */
  runtime(): Runtime;
  /** Called after every accepted config reload. */
  onConfig(listener: (config: KeelConfig) => void): void;
  /**
   * Empties the embedded response cache (erasure). In cluster mode the Redis cache is shared and
   * modules flush it themselves; this then does nothing.
   */
  flushResponseCache(): Promise<void>;
  /** Base URL of this Keel (for modules that call the gateway itself, e.g. experiments). */
  selfUrl(): string;
}

/** Who asks `GET /v1/models`. */
export interface ModelsCaller {
  headers: IncomingHttpHeaders;
  ip: string;
}

/** What a started module contributes: pipeline hooks, HTTP routes, and cleanup. */
export interface ModuleInstance {
  hooks?: GatewayHook[];
  /** Registers routes (admin API under /api, ingest endpoints…). Errors thrown are KeelErrors. */
  routes?(app: FastifyInstance): void;
  /**
   * `GET /v1/models` for this caller: the public model names it may use (undefined: all), or a
   * thrown KeelError to refuse it (e.g. 401 without a required key). The access module provides it.
   */
  listModelsFor?(caller: ModelsCaller): Promise<readonly string[] | undefined>;
  /** Called on graceful shutdown, after HTTP stopped accepting and in-flight requests ended. */
  close?(): Promise<void>;
}

/**
 * A Keel module (access, guard, traces, prompts, evals). `keel serve` starts them in order and
 * wires their hooks into the gateway pipeline in the same order.
 */
export interface KeelModule {
  readonly name: string;
  /**
   * Runs before providers are built (e.g. loading encrypted provider credentials that provider
   * configs reference). Throwing stops start-up with that error.
   */
  prepare?(ctx: { store: Store; config: KeelConfig; logger: Logger }): Promise<void>;
  start(ctx: ModuleContext): Promise<ModuleInstance>;
}
