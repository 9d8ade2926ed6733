import { isKeelError } from '../errors/index.ts';
import type { Logger } from '../log/index.ts';
import type { RequestRepository } from '../spec/index.ts';
import { Spool } from './spool.ts';

export interface RecordWriterOptions {
  /** Records held in memory; beyond it the queue is spooled to disk (or records are dropped). */
  queueSize?: number;
  batchSize?: number;
  /** How long a record may wait for batch-mates before it is written. */
  flushIntervalMs?: number;
  /** Overflow directory; null disables spooling (overflow is dropped and counted). */
  spoolDir?: string | null;
  maxSpoolBytes?: number;
  spoolFileBytes?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** close() waits this long for the store before spooling what is left. */
  closeTimeoutMs?: number;
  logger?: Logger | undefined;
}

export interface RecordWriterStats {
  /** In memory, not yet durable (queue, batch in flight, chunks being spooled). */
  queued: number;
  /** Successful inserts, replays included (a replay retried after a partial failure may count twice). */
  written: number;
  /** Records appended to the spool. */
  spooled: number;
  /** Spooled records later written to the store. */
  replayed: number;
  /** Records lost: queue and spool full, rejected as invalid, torn spool lines, enqueued after close. */
  dropped: number;
  /** Failed insert attempts. */
  failures: number;
  spoolBytes: number;
  lastError?: string;
}

export type RecordSink = { requests: Pick<RequestRepository, 'insertBatch'> };

export interface WriterSettings {
  queueSize: number;
  batchSize: number;
  intervalMs: number;
  retryBaseMs: number;
  retryMaxMs: number;
  closeTimeoutMs: number;
}

export function resolveSettings(options: RecordWriterOptions): WriterSettings {
  return {
    queueSize: options.queueSize ?? 10_000,
    batchSize: options.batchSize ?? 500,
    intervalMs: options.flushIntervalMs ?? 200,
    retryBaseMs: options.retryBaseMs ?? 250,
    retryMaxMs: options.retryMaxMs ?? 30_000,
    closeTimeoutMs: options.closeTimeoutMs ?? 5_000,
  };
}

/** The spool named by the options (default `.keel/spool`, 100 MB), or null when disabled. */
export function createSpool(options: RecordWriterOptions): Spool | null {
  const dir = options.spoolDir === undefined ? '.keel/spool' : options.spoolDir;
  if (dir === null) return null;
  return new Spool({
    dir,
    maxBytes: options.maxSpoolBytes ?? 100 * 1024 * 1024,
    fileBytes: options.spoolFileBytes,
    logger: options.logger,
  });
}

/** Resolves to the promise's value, or undefined once `ms` passes (the promise keeps running). */
export async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), Math.max(0, ms));
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** What an error may say in logs and stats: KeelErrors are written to be safe; others only by name. */
export function describeError(error: unknown): string {
  if (isKeelError(error)) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.name : 'unknown error';
}
