import { randomUUID } from 'node:crypto';
import type { Logger } from '../../log/index.ts';
import type { SqlExecutor } from '../../spec/index.ts';
import { acquireJobLock, releaseJobLock } from '../alerts/lock.ts';
import { deleteHistoryBefore } from '../alerts/store.ts';
import type { RetentionConfig } from './config.ts';
import { enforceRetention, type RetentionRunResult } from './retention.ts';

export interface RetentionJobOptions {
  sql: SqlExecutor;
  config(): RetentionConfig;
  /** Alert history kept this many days (0 = forever). */
  alertHistoryDays(): number;
  logger?: Logger | undefined;
  now?: () => number;
  /** Delay before the first run (default 60 s: start-up is left alone). */
  firstRunMs?: number;
  holder?: string;
}

const LOCK = 'traces.retention';

/**
 * Runs retention every `intervalMs` (config, hot-reloadable) on one replica at a time (job lock).
 * A run is bounded by `maxRunMs`; an incomplete run is continued on the next one.
 */
export class RetentionJob {
  readonly #o: RetentionJobOptions;
  readonly #holder: string;
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<RetentionRunResult | null> | null = null;
  #closed = false;

  constructor(options: RetentionJobOptions) {
    this.#o = options;
    this.#holder = options.holder ?? randomUUID();
  }

  start(): void {
    this.#schedule(this.#o.firstRunMs ?? 60_000);
  }

  #schedule(delayMs: number): void {
    if (this.#closed) return;
    this.#timer = setTimeout(async () => {
      await this.run().catch((error: unknown) =>
        this.#o.logger?.warn(
          { err: error instanceof Error ? error.message : 'error' },
          'trace retention failed',
        ),
      );
      this.#schedule(this.#o.config().intervalMs);
    }, delayMs);
    this.#timer.unref();
  }

  /** One run now; null when another replica holds the job. */
  run(): Promise<RetentionRunResult | null> {
    this.#running ??= this.#run().finally(() => {
      this.#running = null;
    });
    return this.#running;
  }

  async #run(): Promise<RetentionRunResult | null> {
    const nowMs = (this.#o.now ?? Date.now)();
    const config = this.#o.config();
    const ttlMs = Math.max(config.maxRunMs * 2, 120_000);
    if (!(await acquireJobLock(this.#o.sql, { name: LOCK, holder: this.#holder, ttlMs, nowMs }))) return null;
    const result = await enforceRetention(this.#o.sql, { config, nowMs });
    const historyDays = this.#o.alertHistoryDays();
    if (historyDays > 0) {
      result.deleted.alertEvents = await deleteHistoryBefore(this.#o.sql, nowMs - historyDays * 86_400_000);
    }
    const total = Object.values(result.deleted).reduce((a, b) => a + b, 0);
    if (total > 0)
      this.#o.logger?.info({ deleted: result.deleted, incomplete: result.incomplete }, 'trace retention');
    return result;
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#running?.catch(() => undefined);
    await releaseJobLock(this.#o.sql, { name: LOCK, holder: this.#holder }).catch(() => undefined);
  }
}
