import { KeelError } from '../../errors/index.ts';
import type { Logger } from '../../log/index.ts';
import type { TracesConfig } from '../config.ts';
import type { ContentPolicy } from '../content.ts';
import type { TracesMetrics } from '../metrics.ts';
import type { QueueItem } from '../model.ts';
import type { TraceWriter } from '../trace-writer.ts';
import type { IngestAuth } from './auth.ts';

/** What the ingest routes need; `config()` follows hot reloads. */
export interface IngestDeps {
  writer: TraceWriter;
  auth: IngestAuth;
  config(): TracesConfig;
  /** The content policy for ingested inputs/outputs (traces.ingestContent). */
  content(): ContentPolicy;
  metrics: TracesMetrics;
  logger: Logger;
}

/** Queues a request's items or refuses them all with a 429 carrying Retry-After. */
export function enqueueOrRefuse(deps: IngestDeps, items: readonly QueueItem[]): void {
  if (deps.writer.offer(items)) return;
  const seconds = deps.writer.retryAfterSeconds();
  throw new KeelError('rate_limited', 'Trace ingest queue is full; retry later', {
    retryAfterMs: seconds * 1000,
  });
}
