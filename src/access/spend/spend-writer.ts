import type { Logger } from '../../log/index.ts';
import type { SqlExecutor } from '../../spec/index.ts';
import type { SpendRow } from './spend-row.ts';
import { insertSpendRows } from './spend-sql.ts';

export interface SpendWriterOptions {
  batchSize?: number;
  flushIntervalMs?: number;
  queueSize?: number;
  /** How long close() keeps trying to write what is queued, ms. */
  closeTimeoutMs?: number;
  logger?: Logger;
}

export interface SpendWriterStats {
  queued: number;
  written: number;
  dropped: number;
  failures: number;
}

const RETRY_BASE_MS = 200;
const RETRY_MAX_MS = 10_000;

/**
 * Writes spend rows off the request path, like the request-record writer but smaller: `enqueue`
 * is O(1) and never throws; a timer inserts batches; a failing database keeps the batch and
 * retries with backoff while new rows queue up to `queueSize` (beyond it rows are dropped and
 * counted — the request records, which have a disk spool, still hold every request's cost).
 * Inserts are idempotent (request id is the key), so a retried batch never double-counts.
 */
export class SpendWriter {
  readonly #sql: SqlExecutor;
  readonly #batchSize: number;
  readonly #intervalMs: number;
  readonly #queueSize: number;
  readonly #closeTimeoutMs: number;
  readonly #logger: Logger | undefined;
  #queue: SpendRow[] = [];
  #timer: NodeJS.Timeout | null = null;
  #flushing: Promise<void> | null = null;
  #attempt = 0;
  #closed = false;
  readonly #stats = { written: 0, dropped: 0, failures: 0 };

  constructor(sql: SqlExecutor, options: SpendWriterOptions = {}) {
    this.#sql = sql;
    this.#batchSize = options.batchSize ?? 500;
    this.#intervalMs = options.flushIntervalMs ?? 1000;
    this.#queueSize = options.queueSize ?? 100_000;
    this.#closeTimeoutMs = options.closeTimeoutMs ?? 5000;
    this.#logger = options.logger;
  }

  enqueue(row: SpendRow): void {
    if (this.#closed || this.#queue.length >= this.#queueSize) {
      this.#stats.dropped++;
      return;
    }
    this.#queue.push(row);
    this.#schedule(this.#queue.length >= this.#batchSize ? 0 : this.#intervalMs);
  }

  stats(): SpendWriterStats {
    return { queued: this.#queue.length, ...this.#stats };
  }

  /** Writes everything queued now; resolves true when the queue is empty afterwards. */
  async flush(): Promise<boolean> {
    if (this.#flushing) await this.#flushing;
    this.#cancel();
    await this.#run();
    return this.#queue.length === 0;
  }

  /** Stops accepting rows and writes what is queued (bounded by closeTimeoutMs). */
  async close(): Promise<void> {
    this.#closed = true;
    this.#cancel();
    const deadline = Date.now() + this.#closeTimeoutMs;
    while (this.#queue.length > 0 && Date.now() < deadline) {
      if (this.#flushing) await this.#flushing;
      await this.#run();
      if (this.#attempt > 0)
        await new Promise((resolve) =>
          setTimeout(resolve, Math.min(200, Math.max(0, deadline - Date.now()))),
        );
    }
    if (this.#queue.length > 0) {
      this.#stats.dropped += this.#queue.length;
      this.#logger?.warn({ dropped: this.#queue.length }, 'spend rows not written at shutdown');
      this.#queue = [];
    }
  }

  #schedule(delayMs: number): void {
    if (this.#flushing || (this.#timer && delayMs > 0)) return;
    this.#cancel();
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.#run();
    }, delayMs);
    this.#timer.unref();
  }

  #cancel(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #run(): Promise<void> {
    this.#flushing ??= this.#drain().finally(() => {
      this.#flushing = null;
      if (this.#closed || this.#queue.length === 0) return;
      const backoff = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.min(this.#attempt, 10));
      this.#schedule(this.#attempt > 0 ? backoff : this.#intervalMs);
    });
    return this.#flushing;
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue.slice(0, this.#batchSize);
      try {
        await insertSpendRows(this.#sql, batch);
      } catch (error) {
        this.#stats.failures++;
        if (this.#attempt++ === 0) {
          this.#logger?.warn(
            { err: error instanceof Error ? error.message : String(error) },
            'spend row writes failing; retrying',
          );
        }
        return;
      }
      // Rows enqueued meanwhile were appended behind the batch, so it is still the queue's head.
      this.#queue.splice(0, batch.length);
      this.#stats.written += batch.length;
      if (this.#attempt > 0)
        this.#logger?.info({ failedAttempts: this.#attempt }, 'spend row writes recovered');
      this.#attempt = 0;
    }
  }
}
