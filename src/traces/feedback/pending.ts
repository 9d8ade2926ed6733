import type { Logger } from '../../log/index.ts';
import type { SqlExecutor } from '../../spec/index.ts';
import type { QueueItem, ScoreRow } from '../model.ts';
import { findRequestTrace } from './resolve.ts';

interface Entry {
  tenant: string;
  requestId: string;
  score: ScoreRow;
  attempt: number;
  dueMs: number;
}

export interface PendingFeedbackOptions {
  sql: SqlExecutor;
  /** The trace writer's offer (false = queue full: try again on the next tick). */
  offer(items: readonly QueueItem[]): boolean;
  /** Waits before each lookup; after the last the score is written under the request's own id. */
  delaysMs?: readonly number[];
  /** Most entries held; beyond it feedback is written at once under the request's own trace id. */
  max?: number;
  tickMs?: number;
  logger?: Logger | undefined;
  now?: () => number;
}

/**
 * Feedback that names a gateway request whose trace is not stored yet. Feedback can arrive before
 * the trace writer has written the request's spans (it batches every ~200 ms), and a request that
 * joined the client's trace (traceparent) is only findable once its span is stored. Each entry is
 * looked up again after 1 s, 5 s and 30 s; once found, the score is queued on that trace; after the
 * last attempt (or on close) it is queued under the request's own trace id, where a trace without
 * a traceparent will land anyway. Bounded, in memory: a crash loses entries still waiting here.
 */
export class PendingFeedback {
  readonly #o: Required<Omit<PendingFeedbackOptions, 'logger'>> & { logger?: Logger | undefined };
  readonly #entries: Entry[] = [];
  #timer: NodeJS.Timeout | null = null;
  #ticking = false;

  constructor(options: PendingFeedbackOptions) {
    this.#o = {
      delaysMs: [1000, 5000, 30_000],
      max: 10_000,
      tickMs: 250,
      now: Date.now,
      ...options,
    };
  }

  get size(): number {
    return this.#entries.length;
  }

  /** False when full (the caller then writes the score under the request's own id at once). */
  add(entry: { tenant: string; requestId: string; score: ScoreRow }): boolean {
    if (this.#entries.length >= this.#o.max) return false;
    this.#entries.push({ ...entry, attempt: 0, dueMs: this.#o.now() + (this.#o.delaysMs[0] ?? 0) });
    if (!this.#timer) {
      this.#timer = setInterval(() => void this.tick(), this.#o.tickMs);
      this.#timer.unref();
    }
    return true;
  }

  /** One pass over the entries that are due (exported for tests). */
  async tick(): Promise<void> {
    if (this.#ticking) return;
    this.#ticking = true;
    try {
      const now = this.#o.now();
      for (const entry of [...this.#entries]) {
        if (entry.dueMs > now) continue;
        await this.#attempt(entry);
      }
      if (this.#entries.length === 0 && this.#timer) {
        clearInterval(this.#timer);
        this.#timer = null;
      }
    } finally {
      this.#ticking = false;
    }
  }

  async #attempt(entry: Entry): Promise<void> {
    let traceId: string | null = null;
    try {
      traceId = await findRequestTrace(this.#o.sql, entry.tenant, entry.requestId);
    } catch (error) {
      this.#o.logger?.warn(
        { err: error instanceof Error ? error.message : 'error' },
        'feedback lookup failed',
      );
    }
    const last = entry.attempt + 1 >= this.#o.delaysMs.length;
    if (traceId === null && !last) {
      entry.attempt += 1;
      entry.dueMs = this.#o.now() + (this.#o.delaysMs[entry.attempt] ?? 0);
      return;
    }
    const score = traceId === null ? entry.score : { ...entry.score, traceId };
    if (!this.#o.offer([{ type: 'score', row: score }])) return; // queue full: next tick
    this.#entries.splice(this.#entries.indexOf(entry), 1);
  }

  /** Queues everything still waiting under the request's own trace id. */
  close(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    const items: QueueItem[] = this.#entries.map((e) => ({ type: 'score', row: e.score }));
    if (items.length > 0 && !this.#o.offer(items)) {
      this.#o.logger?.warn({ count: items.length }, 'pending feedback could not be queued at shutdown');
    }
    this.#entries.length = 0;
  }
}
