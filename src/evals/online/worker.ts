import type { Logger } from '../../log/index.ts';
import type { SqlExecutor } from '../../spec/index.ts';
import type { JudgeModel } from '../../spec/scorer.ts';
import type { OnlineRule } from '../config.ts';
import type { DatasetItem } from '../datasets/index.ts';
import { ItemScoring } from '../runner/index.ts';
import type { Sample, SampleQueue } from './queue.ts';
import { type OnlineScore, writeOnlineScores, writeSample } from './repo.ts';

export interface OnlineWorkerOptions {
  sql: SqlExecutor;
  queue: SampleQueue;
  rules: () => readonly OnlineRule[];
  concurrency: () => number;
  keepSamples: () => boolean;
  /** Judge by name (calls through the gateway marked internal, so they are not sampled). */
  judge: (model: string | undefined) => JudgeModel | undefined;
  logger: Logger;
  onScored?: (s: OnlineScore) => void;
  onError?: () => void;
}

/** A sample as a dataset item, so the experiment scorers apply unchanged. */
function itemOf(sample: Sample): DatasetItem {
  return {
    id: sample.requestId,
    seq: 0,
    input: { messages: sample.messages },
    expected: null,
    context: [],
    metadata: {},
    tags: [],
    provenance: 'production_trace',
    source: `request:${sample.requestId}`,
    assertions: null,
    createdAt: sample.at,
  };
}

/**
 * The online-evaluation job: takes samples off the queue, scores each with the scorers of the
 * rules that sampled it (a few at a time, off the request path), and writes one row per scorer.
 * Scorer sets are rebuilt when the rules change (hot reload).
 */
export class OnlineWorker {
  readonly #o: OnlineWorkerOptions;
  #running = false;
  #active = 0;
  #loop: Promise<void> | null = null;
  #scorings = new Map<string, { rule: OnlineRule; scoring: ItemScoring }>();
  readonly #idle: (() => void)[] = [];

  constructor(o: OnlineWorkerOptions) {
    this.#o = o;
  }

  /** A sample is being scored right now. */
  get busy(): boolean {
    return this.#active > 0;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.#run();
  }

  #scoringFor(name: string): ItemScoring | undefined {
    const rule = this.#o.rules().find((r) => r.name === name);
    if (!rule) return undefined;
    const cached = this.#scorings.get(name);
    if (cached && cached.rule === rule) return cached.scoring;
    const judge = rule.judge;
    const scoring = new ItemScoring({ scorers: rule.scorers, judge: (m) => this.#o.judge(m ?? judge) });
    this.#scorings.set(name, { rule, scoring });
    return scoring;
  }

  async #score(sample: Sample): Promise<void> {
    const item = itemOf(sample);
    const rows: OnlineScore[] = [];
    for (const ruleName of sample.rules) {
      const scoring = this.#scoringFor(ruleName);
      if (!scoring) continue; // the rule was removed by a reload
      const scored = await scoring.score(item, {
        output: sample.output,
        latencyMs: sample.latencyMs,
        costUsd: sample.costUsd,
      });
      const at = Date.now();
      for (const [scorer, s] of Object.entries(scored.scores)) {
        rows.push({
          requestId: sample.requestId,
          rule: ruleName,
          scorer,
          score: s.score,
          pass: s.pass,
          reason: s.reason,
          at,
        });
      }
    }
    await writeOnlineScores(this.#o.sql, rows);
    if (this.#o.keepSamples()) {
      await writeSample(this.#o.sql, {
        requestId: sample.requestId,
        rules: sample.rules,
        model: sample.model,
        feature: sample.feature,
        messages: sample.messages,
        output: sample.output,
        at: sample.at,
      });
    }
    for (const r of rows) this.#o.onScored?.(r);
  }

  async #run(): Promise<void> {
    while (this.#running) {
      if (this.#o.queue.size === 0 || this.#active >= this.#o.concurrency()) {
        await (this.#o.queue.size === 0
          ? this.#o.queue.wait()
          : new Promise<void>((r) => this.#idle.push(r)));
        continue;
      }
      const sample = this.#o.queue.shift()!;
      this.#active++;
      this.#score(sample)
        .catch((error: unknown) => {
          this.#o.onError?.();
          this.#o.logger.warn({ err: String(error), request: sample.requestId }, 'online evaluation failed');
        })
        .finally(() => {
          this.#active--;
          this.#idle.shift()?.();
        });
    }
  }

  /** Scores what is queued (bounded by `deadlineMs`), then stops. Samples left over are lost (logged). */
  async close(deadlineMs = 2000): Promise<void> {
    const end = Date.now() + deadlineMs;
    while ((this.#o.queue.size > 0 || this.#active > 0) && Date.now() < end)
      await new Promise((r) => setTimeout(r, 20));
    this.#running = false;
    this.#o.queue.interrupt();
    for (const wake of this.#idle.splice(0)) wake();
    await this.#loop;
    if (this.#o.queue.size > 0)
      this.#o.logger.warn(
        { left: this.#o.queue.size },
        'online evaluation: unscored samples dropped at shutdown',
      );
  }
}
