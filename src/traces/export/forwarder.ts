import { setTimeout as sleep } from 'node:timers/promises';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { Logger } from '../../log/index.ts';
import { mergeBatch } from '../merge.ts';
import type { QueueItem } from '../model.ts';
import type { OtlpExportConfig } from './config.ts';
import { toOtlpJson } from './otlp-json.ts';

export interface OtlpForwarderOptions {
  config: OtlpExportConfig;
  logger?: Logger | undefined;
  metrics?: Registry | undefined;
  fetch?: typeof fetch;
  /** First wait between retries (doubles up to maxBackoffMs). */
  retryBaseMs?: number;
}

export interface ForwarderStats {
  buffered: number;
  sent: number;
  /** Spans dropped because the buffer was full (or left at shutdown). */
  dropped: number;
  /** Spans the endpoint refused for good (4xx other than 408/429). */
  rejected: number;
  /** Failed attempts (each retried). */
  failures: number;
  batches: number;
}

type Result = 'sent' | 'retry' | 'rejected';

/**
 * Forwards accepted spans to another OTLP/HTTP endpoint as OTLP/JSON: a tap on the trace writer's
 * accepted items feeds a bounded buffer; batches go out one at a time (up to `batchSize` spans,
 * every `flushIntervalMs` or as soon as a batch is full); a failing endpoint is retried with
 * exponential backoff while the buffer fills, and spans beyond `maxBufferSpans` are dropped and
 * counted (`keel_trace_export_spans_total{result="dropped"}`) — export never slows ingest down.
 * Span updates that fall in one batch are merged; an update in a later batch is sent as its own
 * (partial) span with the same ids.
 */
export class OtlpForwarder {
  readonly #o: OtlpForwarderOptions;
  readonly #buffer: QueueItem[] = [];
  #spans = 0;
  #timer: NodeJS.Timeout | null = null;
  #pumping: Promise<void> | null = null;
  #closing = false;
  readonly #stats = { sent: 0, dropped: 0, rejected: 0, failures: 0, batches: 0 };
  readonly #counter: Counter<'result'> | undefined;

  constructor(options: OtlpForwarderOptions) {
    this.#o = options;
    if (options.metrics) {
      this.#counter = new Counter({
        name: 'keel_trace_export_spans_total',
        help: 'Spans forwarded to traces.export.otlp, by result (sent, dropped, rejected)',
        labelNames: ['result'],
        registers: [options.metrics],
      });
      const self = this;
      new Gauge({
        name: 'keel_trace_export_buffered',
        help: 'Spans waiting to be forwarded to traces.export.otlp',
        registers: [options.metrics],
        collect() {
          this.set(self.#spans);
        },
      });
    }
  }

  stats(): ForwarderStats {
    return { buffered: this.#spans, ...this.#stats };
  }

  /** Takes the span and trace items of an accepted ingest; never blocks, never throws. */
  offer(items: readonly QueueItem[]): void {
    if (this.#closing) return;
    for (const item of items) {
      if (item.type === 'score') continue;
      if (item.type === 'span') {
        if (this.#spans >= this.#o.config.maxBufferSpans) {
          this.#count('dropped', 1);
          continue;
        }
        this.#spans++;
      }
      this.#buffer.push(item);
    }
    this.#schedule(this.#spans >= this.#o.config.batchSize ? 0 : this.#o.config.flushIntervalMs);
  }

  #count(result: 'sent' | 'dropped' | 'rejected', n: number): void {
    this.#stats[result] += n;
    this.#counter?.inc({ result }, n);
  }

  #schedule(delayMs: number): void {
    if (this.#pumping || this.#buffer.length === 0) return;
    if (this.#timer && delayMs > 0) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#pumping = this.#pump().finally(() => {
        this.#pumping = null;
        this.#schedule(this.#spans >= this.#o.config.batchSize ? 0 : this.#o.config.flushIntervalMs);
      });
    }, delayMs);
    this.#timer.unref();
  }

  /** The next batch: items up to `batchSize` spans (trace declarations ride along). */
  #take(): QueueItem[] {
    let spans = 0;
    let end = 0;
    while (end < this.#buffer.length && spans < this.#o.config.batchSize) {
      if (this.#buffer[end]?.type === 'span') spans++;
      end++;
    }
    // Trace declarations offered right after the batch's last spans describe them: take them along.
    while (end < this.#buffer.length && this.#buffer[end]?.type === 'trace') end++;
    return this.#buffer.splice(0, end);
  }

  async #pump(deadline = Number.POSITIVE_INFINITY): Promise<void> {
    while (this.#buffer.length > 0 && Date.now() < deadline) {
      const items = this.#take();
      const merged = mergeBatch(items);
      const spans = items.filter((i) => i.type === 'span').length;
      const body = JSON.stringify(toOtlpJson(merged.spans, merged.traces));
      for (let attempt = 0; ; attempt++) {
        const result = merged.spans.length === 0 ? 'sent' : await this.#post(body);
        if (result === 'retry' && Date.now() < deadline && !(this.#closing && attempt >= 2)) {
          this.#stats.failures++;
          const wait = Math.min(this.#o.config.maxBackoffMs, (this.#o.retryBaseMs ?? 1000) * 2 ** attempt);
          await sleep(Math.min(wait, Math.max(0, deadline - Date.now())));
          continue;
        }
        this.#spans -= spans;
        this.#stats.batches++;
        this.#count(result === 'sent' ? 'sent' : result === 'rejected' ? 'rejected' : 'dropped', spans);
        break;
      }
    }
  }

  async #post(body: string): Promise<Result> {
    const { url, headers, timeoutMs } = this.#o.config;
    try {
      const response = await (this.#o.fetch ?? fetch)(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) return 'sent';
      const retry = response.status >= 500 || response.status === 429 || response.status === 408;
      this.#o.logger?.warn({ status: response.status }, 'OTLP export refused a batch');
      return retry ? 'retry' : 'rejected';
    } catch (error) {
      this.#o.logger?.warn({ err: error instanceof Error ? error.name : 'error' }, 'OTLP export failed');
      return 'retry';
    }
  }

  /** Sends everything buffered now (tests); true when the buffer is empty afterwards. */
  async flush(): Promise<boolean> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#pumping;
    this.#pumping = this.#pump();
    await this.#pumping;
    this.#pumping = null;
    return this.#buffer.length === 0;
  }

  /** Stops taking spans; tries to send what is buffered for up to `timeoutMs`, drops the rest. */
  async close(timeoutMs = 2000): Promise<void> {
    this.#closing = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const deadline = Date.now() + timeoutMs;
    let busy = this.#pumping !== null;
    if (this.#pumping) {
      const done = this.#pumping.then(() => {
        busy = false;
      });
      await Promise.race([done, sleep(timeoutMs)]);
    }
    if (!busy && Date.now() < deadline) await this.#pump(deadline);
    const left = this.#buffer.filter((i) => i.type === 'span').length;
    if (left > 0) {
      this.#count('dropped', left);
      this.#o.logger?.warn({ spans: left }, 'OTLP export: spans left unsent at shutdown');
    }
    this.#buffer.length = 0;
    this.#spans = 0;
  }
}
