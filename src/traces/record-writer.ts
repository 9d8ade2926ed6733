import type { Logger } from '../log/index.ts';
import type { RequestRecord } from '../spec/index.ts';
import { insertRecords } from './insert-records.ts';
import type { Spool } from './spool.ts';
import {
  createSpool,
  describeError,
  type RecordSink,
  type RecordWriterOptions,
  type RecordWriterStats,
  resolveSettings,
  type WriterSettings,
  within,
} from './writer-support.ts';

export type { RecordWriterOptions, RecordWriterStats } from './writer-support.ts';

const DROP_LOG_INTERVAL_MS = 10_000;

/**
 * Writes request records off the request path. `enqueue` is O(1), synchronous and never throws;
 * a timer writes batches to the store. When the store fails, the batch is kept and retried with
 * exponential backoff; when the queue fills meanwhile, it is moved to the disk spool, which is
 * replayed once the store takes writes again. Record contents are never logged.
 */
export class RecordWriter {
  readonly #sink: RecordSink;
  readonly #spool: Spool | null;
  readonly #logger: Logger | undefined;
  readonly #settings: WriterSettings;
  #queue: RequestRecord[] = [];
  #inflight: readonly RequestRecord[] | null = null;
  #spoolPending = 0;
  readonly #spoolWrites = new Set<Promise<void>>();
  #timer: NodeJS.Timeout | null = null;
  #backingOff = false;
  #timerImmediate = false;
  #pumping: Promise<void> | null = null;
  #attempt = 0;
  #needsReplay: boolean;
  #closing: Promise<void> | null = null;
  #lastDropLog = 0;
  readonly #counts = { written: 0, spooled: 0, replayed: 0, dropped: 0, failures: 0 };
  #lastError: string | undefined;

  constructor(sink: RecordSink, options: RecordWriterOptions = {}) {
    this.#sink = sink;
    this.#logger = options.logger;
    this.#settings = resolveSettings(options);
    this.#spool = createSpool(options);
    // Files left by an earlier run (or a crashed one) are replayed once the store is reachable.
    this.#needsReplay = this.#spool !== null;
    if (this.#needsReplay) this.#schedule(this.#settings.intervalMs);
  }

  enqueue(record: RequestRecord): void {
    try {
      if (this.#closing) {
        this.#drop(1);
      } else if (this.#queue.length >= this.#settings.queueSize) {
        this.#overflow(record);
      } else {
        this.#queue.push(record);
        this.#schedule(this.#queue.length >= this.#settings.batchSize ? 0 : this.#settings.intervalMs);
      }
    } catch {
      this.#counts.dropped++;
    }
  }

  stats(): RecordWriterStats {
    const stats: RecordWriterStats = {
      queued: this.#queue.length + (this.#inflight?.length ?? 0) + this.#spoolPending,
      ...this.#counts,
      spoolBytes: this.#spool?.bytes ?? 0,
    };
    if (this.#lastError !== undefined) stats.lastError = this.#lastError;
    return stats;
  }

  /**
   * Writes everything queued and spooled now, retrying a failing store once without waiting for
   * its backoff. Resolves true when nothing is left in memory or in the spool, false otherwise.
   */
  async flush(): Promise<boolean> {
    for (let round = 0; round < 5; round++) {
      await Promise.all(this.#spoolWrites);
      // An attempt already in flight may have started before the store came back: let it finish,
      // then make a fresh one rather than report its stale failure.
      if (this.#pumping) await this.#pumping;
      this.#cancelTimer();
      await this.#startPump();
      if (this.#attempt > 0 || this.#closing) return false;
      const idle = this.#queue.length === 0 && this.#spoolWrites.size === 0;
      if (idle && !this.#needsReplay) return true;
    }
    return this.#queue.length === 0 && this.#inflight === null && !this.#needsReplay;
  }

  /** Stops accepting records, writes what it can within closeTimeoutMs, spools the rest. */
  close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  /** Arms the flush timer; cheap when already armed, since enqueue calls it every time. */
  #schedule(delayMs: number): void {
    if (this.#closing || this.#pumping || this.#backingOff) return;
    if (this.#timer && (delayMs > 0 || this.#timerImmediate)) return;
    this.#cancelTimer();
    this.#timerImmediate = delayMs === 0;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.#startPump();
    }, delayMs);
    this.#timer.unref();
  }

  #cancelTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#backingOff = false;
  }

  #startPump(): Promise<void> {
    this.#pumping ??= this.#pump().finally(() => {
      this.#pumping = null;
      // Records (or spool files) may have arrived after the loop last looked.
      if (this.#queue.length > 0 || this.#needsReplay) this.#schedule(this.#settings.intervalMs);
    });
    return this.#pumping;
  }

  #take(): RequestRecord[] | null {
    if (this.#queue.length === 0) return null;
    if (this.#queue.length <= this.#settings.batchSize) {
      const all = this.#queue;
      this.#queue = [];
      return all;
    }
    return this.#queue.splice(0, this.#settings.batchSize);
  }

  async #pump(): Promise<void> {
    while (!this.#closing) {
      const batch = this.#inflight ?? this.#take();
      if (batch === null) {
        if (!this.#needsReplay || !(await this.#replayOne())) return;
        continue;
      }
      this.#inflight = batch;
      const outcome = await insertRecords(this.#sink.requests, batch);
      this.#counts.written += outcome.written;
      this.#drop(outcome.rejected);
      if (!outcome.ok) {
        this.#inflight = outcome.remaining;
        return this.#failed(outcome.error);
      }
      this.#inflight = null;
      this.#recovered();
    }
  }

  /** Replays the oldest spool file; false when there was none or the store failed. */
  async #replayOne(): Promise<boolean> {
    const spool = this.#spool;
    const file = spool ? await spool.next().catch(() => null) : null;
    if (!spool || file === null) {
      this.#needsReplay = false;
      return false;
    }
    // A file another process replayed and deleted meanwhile reads as empty.
    const { records, invalid } = await spool.read(file).catch(() => ({ records: [], invalid: 0 }));
    this.#drop(invalid);
    for (let i = 0; i < records.length && !this.#closing; i += this.#settings.batchSize) {
      const outcome = await insertRecords(
        this.#sink.requests,
        records.slice(i, i + this.#settings.batchSize),
      );
      this.#counts.written += outcome.written;
      this.#counts.replayed += outcome.written;
      this.#drop(outcome.rejected);
      if (!outcome.ok) {
        this.#failed(outcome.error);
        return false;
      }
    }
    if (this.#closing) return false;
    try {
      await spool.remove(file);
    } catch (error) {
      // Replaying a file that cannot be deleted would loop forever; leave it for the operator.
      this.#logger?.warn(
        { file, code: (error as { code?: unknown }).code },
        'spool file replayed but not deleted',
      );
      this.#needsReplay = false;
      return false;
    }
    this.#recovered();
    return true;
  }

  #failed(error: unknown): void {
    this.#counts.failures++;
    this.#lastError = describeError(error);
    this.#attempt++;
    const ceiling = Math.min(
      this.#settings.retryMaxMs,
      this.#settings.retryBaseMs * 2 ** Math.min(this.#attempt - 1, 20),
    );
    const delayMs = Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
    if (this.#attempt === 1) {
      this.#logger?.warn(
        { error: this.#lastError, retryInMs: delayMs },
        'request record writes failing; retrying',
      );
    }
    if (this.#closing) return;
    this.#cancelTimer();
    this.#backingOff = true;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#backingOff = false;
      void this.#startPump();
    }, delayMs);
    this.#timer.unref();
  }

  #recovered(): void {
    if (this.#attempt === 0) return;
    this.#logger?.info({ failedAttempts: this.#attempt }, 'request record writes recovered');
    this.#attempt = 0;
  }

  #drop(count: number): void {
    if (count <= 0) return;
    this.#counts.dropped += count;
    const now = Date.now();
    if (now - this.#lastDropLog >= DROP_LOG_INTERVAL_MS) {
      this.#lastDropLog = now;
      this.#logger?.warn({ dropped: this.#counts.dropped }, 'request records dropped');
    }
  }

  /** The queue is full: move it (O(1) swap) to the spool, keeping memory bounded, or drop. */
  #overflow(record: RequestRecord): void {
    if (!this.#spool || this.#spoolPending + this.#queue.length > this.#settings.queueSize) {
      this.#drop(1);
      return;
    }
    const chunk = this.#queue;
    this.#queue = [record];
    this.#spoolPending += chunk.length;
    const write: Promise<void> = this.#toSpool(chunk).finally(() => {
      this.#spoolPending -= chunk.length;
      this.#spoolWrites.delete(write);
      if (this.#needsReplay) this.#schedule(this.#settings.intervalMs);
    });
    this.#spoolWrites.add(write);
  }

  async #toSpool(records: readonly RequestRecord[]): Promise<void> {
    if (!this.#spool || records.length === 0) {
      this.#drop(records.length);
      return;
    }
    try {
      const accepted = await this.#spool.append(records);
      this.#counts.spooled += accepted;
      this.#drop(records.length - accepted);
      if (accepted > 0) this.#needsReplay = true;
    } catch (error) {
      this.#logger?.warn({ code: (error as { code?: unknown }).code }, 'request record spool write failed');
      this.#drop(records.length);
    }
  }

  async #shutdown(): Promise<void> {
    this.#cancelTimer();
    const deadline = Date.now() + this.#settings.closeTimeoutMs;
    if (this.#pumping) await within(this.#pumping, this.#settings.closeTimeoutMs);
    let rest: readonly RequestRecord[] = [...(this.#inflight ?? []), ...this.#queue];
    this.#inflight = null;
    this.#queue = [];
    while (rest.length > 0 && Date.now() < deadline) {
      const batch = rest.slice(0, this.#settings.batchSize);
      const outcome = await within(insertRecords(this.#sink.requests, batch), deadline - Date.now());
      if (!outcome) break;
      this.#counts.written += outcome.written;
      this.#drop(outcome.rejected);
      if (!outcome.ok) {
        rest = [...outcome.remaining, ...rest.slice(batch.length)];
        this.#counts.failures++;
        this.#lastError = describeError(outcome.error);
        break;
      }
      rest = rest.slice(batch.length);
    }
    await this.#toSpool(rest);
    await Promise.all(this.#spoolWrites);
    await this.#spool?.close().catch(() => undefined);
    this.#logger?.info({ ...this.stats() }, 'request record writer closed');
  }
}
