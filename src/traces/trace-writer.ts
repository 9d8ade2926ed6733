import { isKeelError } from '../errors/index.ts';
import type { Logger } from '../log/index.ts';
import type { SqlExecutor } from '../spec/index.ts';
import { itemBytes, type QueueItem } from './model.ts';
import { replaySpool, spoolAtShutdown } from './trace-spool.ts';
import { writeBatch } from './write-batch.ts';
import { describeError, within } from './writer-support.ts';

export interface TraceWriterOptions {
  /** Items (spans, trace declarations, scores) held in memory; offers beyond it are refused. */
  queueSize?: number;
  /** Approximate bytes held in memory (strings dominate); offers beyond it are refused. */
  queueBytes?: number;
  batchSize?: number;
  /** How long an item may wait for batch-mates before it is written. */
  flushIntervalMs?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** close() writes for this long, then spools what is left. */
  closeTimeoutMs?: number;
  /**
   * Batches written at once (default: 1 on SQLite, whose one connection serialises anyway; 2 on
   * Postgres, so the server's work spreads over two backends). Spans of one trace never race:
   * the batch transaction locks its traces.
   */
  concurrency?: number;
  /** Where close() leaves what it could not write (replayed on the next start); null: nowhere. */
  spoolDir?: string | null;
  logger?: Logger | undefined;
  /** Epoch µs; injectable for tests. */
  nowUs?: () => number;
}

export interface TraceWriterStats {
  /** In memory, not yet written (queue plus the batch in flight). */
  queued: number;
  queuedBytes: number;
  written: number;
  batches: number;
  failures: number;
  /** Items the store refused as invalid (isolated by bisection) or that could not be spooled. */
  dropped: number;
  spooled: number;
  replayed: number;
  lastError?: string;
}

/**
 * The trace write path, off the request path: ingest offers items to a bounded in-memory queue
 * (all or nothing, so a refused request can simply be retried), and batches are written
 * (`writeBatch`, one transaction each) when one is full or `flushIntervalMs` passed. A failing
 * store is retried with backoff while the queue absorbs new items; once it is full, offers are
 * refused and ingest answers 429.
 */
export class TraceWriter {
  readonly #sql: SqlExecutor;
  readonly #logger: Logger | undefined;
  readonly #o: Required<Omit<TraceWriterOptions, 'logger' | 'spoolDir' | 'nowUs'>>;
  readonly #spoolDir: string | null;
  readonly #nowUs: () => number;
  #queue: QueueItem[] = [];
  #queueBytes = 0;
  /** Batches being written, and failed batches waiting for their retry (written first). */
  readonly #inflight = new Set<QueueItem[]>();
  #retry: QueueItem[][] = [];
  readonly #loops = new Set<Promise<void>>();
  #timer: NodeJS.Timeout | null = null;
  #attempt = 0;
  #closing: Promise<void> | null = null;
  readonly #counts = { written: 0, batches: 0, failures: 0, dropped: 0, spooled: 0, replayed: 0 };
  #lastError: string | undefined;
  readonly #replaying: Promise<void>;

  constructor(sql: SqlExecutor, options: TraceWriterOptions = {}) {
    this.#sql = sql;
    this.#logger = options.logger;
    this.#o = {
      queueSize: options.queueSize ?? 100_000,
      queueBytes: options.queueBytes ?? 256 * 1024 * 1024,
      batchSize: options.batchSize ?? 2000,
      flushIntervalMs: options.flushIntervalMs ?? 200,
      retryBaseMs: options.retryBaseMs ?? 250,
      retryMaxMs: options.retryMaxMs ?? 10_000,
      closeTimeoutMs: options.closeTimeoutMs ?? 10_000,
      concurrency: Math.max(1, options.concurrency ?? (sql.dialect === 'postgres' ? 2 : 1)),
    };
    this.#spoolDir = options.spoolDir === undefined ? '.keel/spool' : options.spoolDir;
    this.#nowUs = options.nowUs ?? (() => Date.now() * 1000);
    this.#replaying = this.#replay();
  }

  #held(): number {
    let n = this.#queue.length;
    for (const batch of this.#inflight) n += batch.length;
    for (const batch of this.#retry) n += batch.length;
    return n;
  }

  /** Queues all items, or none when they do not fit (or the writer is closing). Never throws. */
  offer(items: readonly QueueItem[]): boolean {
    if (this.#closing) return false;
    if (items.length === 0) return true;
    let bytes = 0;
    for (const item of items) bytes += itemBytes(item);
    if (this.#held() + items.length > this.#o.queueSize || this.#queueBytes + bytes > this.#o.queueBytes)
      return false;
    for (const item of items) this.#queue.push(item);
    this.#queueBytes += bytes;
    this.#schedule(this.#queue.length >= this.#o.batchSize ? 0 : this.#o.flushIntervalMs);
    return true;
  }

  /** Seconds a refused client should wait: longer while the store is failing. */
  retryAfterSeconds(): number {
    if (this.#attempt === 0) return 1;
    return Math.min(60, Math.ceil(this.#backoffMs(this.#attempt) / 1000) + 1);
  }

  stats(): TraceWriterStats {
    const stats: TraceWriterStats = { queued: this.#held(), queuedBytes: this.#queueBytes, ...this.#counts };
    if (this.#lastError !== undefined) stats.lastError = this.#lastError;
    return stats;
  }

  /** Writes everything queued now (one fresh attempt even while backing off); true when empty. */
  async flush(): Promise<boolean> {
    await this.#replaying;
    for (let round = 0; round < 3; round++) {
      await Promise.all(this.#loops);
      this.#cancelTimer();
      this.#attempt = 0;
      await this.#startPump();
      if (this.#held() === 0) return true;
      if (this.#attempt > 0) return false;
    }
    return this.#held() === 0;
  }

  /** Stops accepting, writes what it can within closeTimeoutMs, spools the rest to disk. */
  close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  #schedule(delayMs: number): void {
    // While backing off, the retry timer owns the schedule: a full queue must not cut it short.
    if (this.#attempt > 0 || this.#closing) return;
    if (this.#loops.size > 0) {
      // Running loops pick up new items; a full batch may use a free slot right away.
      if (this.#loops.size < this.#o.concurrency && this.#queue.length >= this.#o.batchSize)
        void this.#startPump();
      return;
    }
    if (this.#timer && delayMs > 0) return;
    this.#cancelTimer();
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.#startPump();
    }, delayMs);
    this.#timer.unref();
  }

  #cancelTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  /** Starts write loops up to the concurrency (one per waiting batch); resolves when all ended. */
  #startPump(): Promise<void> {
    const waiting = this.#retry.length + Math.ceil(this.#queue.length / this.#o.batchSize);
    while (this.#loops.size < Math.min(this.#o.concurrency, Math.max(1, waiting))) {
      const loop: Promise<void> = this.#pump().finally(() => {
        this.#loops.delete(loop);
        if (this.#loops.size === 0 && this.#attempt === 0 && this.#queue.length > 0) {
          this.#schedule(this.#o.flushIntervalMs);
        }
      });
      this.#loops.add(loop);
    }
    return Promise.all(this.#loops).then(() => undefined);
  }

  #take(): QueueItem[] | null {
    const retry = this.#retry.shift();
    if (retry) return retry;
    if (this.#queue.length === 0) return null;
    const batch =
      this.#queue.length <= this.#o.batchSize ? this.#queue : this.#queue.slice(0, this.#o.batchSize);
    this.#queue = batch === this.#queue ? [] : this.#queue.slice(this.#o.batchSize);
    for (const item of batch) this.#queueBytes -= itemBytes(item);
    return batch;
  }

  async #pump(): Promise<void> {
    while (this.#attempt === 0 && !this.#closing) {
      const batch = this.#take();
      if (batch === null) return;
      this.#inflight.add(batch);
      const error = await this.#write(batch);
      this.#inflight.delete(batch);
      if (error !== undefined) {
        this.#retry.unshift(batch);
        return this.#failed(error);
      }
    }
  }

  /** Writes a batch; an item the store refuses as invalid is isolated by halving and dropped. */
  async #write(batch: readonly QueueItem[]): Promise<unknown> {
    try {
      await writeBatch(this.#sql, batch, this.#nowUs());
      this.#counts.written += batch.length;
      this.#counts.batches++;
      if (this.#attempt > 0 && !this.#closing) this.#recovered();
      return undefined;
    } catch (error) {
      if (!(isKeelError(error) && error.code === 'invalid_request')) return error;
      if (batch.length === 1) {
        this.#counts.dropped++;
        this.#logger?.warn({ error: describeError(error) }, 'trace item refused by the store; dropped');
        return undefined;
      }
      const half = Math.ceil(batch.length / 2);
      return (await this.#write(batch.slice(0, half))) ?? (await this.#write(batch.slice(half)));
    }
  }

  #recovered(): void {
    this.#logger?.info({ failedAttempts: this.#attempt }, 'trace writes recovered');
    this.#attempt = 0;
  }

  #backoffMs(attempt: number): number {
    return Math.min(this.#o.retryMaxMs, this.#o.retryBaseMs * 2 ** Math.min(attempt - 1, 20));
  }

  #failed(error: unknown): void {
    this.#counts.failures++;
    this.#lastError = describeError(error);
    this.#attempt++;
    const ceiling = this.#backoffMs(this.#attempt);
    const delayMs = Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
    if (this.#attempt === 1) {
      this.#logger?.warn({ error: this.#lastError, retryInMs: delayMs }, 'trace writes failing; retrying');
    }
    if (this.#closing) return;
    this.#cancelTimer();
    this.#timer = setTimeout(() => {
      this.#timer = null;
      // One probe batch; success resets the attempt count and the loops resume.
      void this.#probe();
    }, delayMs);
    this.#timer.unref();
  }

  async #probe(): Promise<void> {
    const batch = this.#take();
    if (batch === null) {
      this.#attempt = 0;
      return;
    }
    this.#inflight.add(batch);
    const error = await this.#write(batch);
    this.#inflight.delete(batch);
    if (error !== undefined) {
      this.#retry.unshift(batch);
      this.#failed(error);
      return;
    }
    this.#attempt = 0;
    if (this.#queue.length > 0 || this.#retry.length > 0) void this.#startPump();
  }

  async #replay(): Promise<void> {
    if (this.#spoolDir === null) return;
    try {
      const outcome = await replaySpool({
        dir: this.#spoolDir,
        write: (items) => writeBatch(this.#sql, items, this.#nowUs()),
        batchSize: this.#o.batchSize,
      });
      this.#counts.replayed += outcome.written;
      this.#counts.dropped += outcome.invalid;
      if (outcome.written > 0) this.#logger?.info({ items: outcome.written }, 'replayed spooled trace items');
    } catch (error) {
      this.#logger?.warn({ error: describeError(error) }, 'trace spool replay failed; will retry next start');
    }
  }

  async #shutdown(): Promise<void> {
    this.#cancelTimer();
    const deadline = Date.now() + this.#o.closeTimeoutMs;
    await within(this.#replaying, this.#o.closeTimeoutMs);
    await within(Promise.all(this.#loops), deadline - Date.now());
    // Batches still in flight after the wait are spooled too: a duplicate write is harmless.
    let rest = [...this.#retry.flat(), ...[...this.#inflight].flat(), ...this.#queue];
    this.#retry = [];
    this.#queue = [];
    this.#queueBytes = 0;
    while (rest.length > 0 && Date.now() < deadline) {
      const batch = rest.slice(0, this.#o.batchSize);
      const result = await within(
        this.#write(batch).then((error) => ({ error })),
        deadline - Date.now(),
      );
      if (!result || result.error !== undefined) break;
      rest = rest.slice(batch.length);
    }
    if (rest.length > 0) await this.#spool(rest);
    this.#logger?.info({ ...this.stats() }, 'trace writer closed');
  }

  async #spool(items: readonly QueueItem[]): Promise<void> {
    const spooled = await spoolAtShutdown({ dir: this.#spoolDir, items, logger: this.#logger });
    this.#counts.spooled += spooled;
    this.#counts.dropped += items.length - spooled;
  }
}
