import type { ResponseCache } from '../cache/index.ts';
import type { Logger } from '../log/index.ts';
import type { GatewayMetrics } from '../metrics/index.ts';
import type { Router } from '../routing/index.ts';
import type { GatewayHook, RequestRecord } from '../spec/index.ts';
import type { ModelsCaller } from './module.ts';
import type { Runtime } from './runtime.ts';

/** What the gateway needs from the rest of Keel; wired by `keel serve` (or a test). */
export interface GatewayDeps {
  /** The current runtime; read once per request so a reload mid-request changes nothing for it. */
  runtime(): Runtime;
  router: Router;
  cache: ResponseCache;
  records: { enqueue(record: RequestRecord): void };
  metrics: GatewayMetrics;
  logger: Logger;
  /** Pipeline steps contributed by other modules (auth, limits, prompts, guard…), in order. */
  hooks: readonly GatewayHook[];
  /** Narrows `GET /v1/models` to what the caller may use (undefined: all); may throw 401. Absent: all. */
  listModelsFor?(caller: ModelsCaller): Promise<readonly string[] | undefined>;
  /** Readiness beyond liveness: store reachable, config loaded. */
  ready(): Promise<{ ok: boolean; checks: Record<string, string> }>;
}
