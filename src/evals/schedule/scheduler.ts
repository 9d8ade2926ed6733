import { isKeelError } from '../../errors/index.ts';
import type { Logger } from '../../log/index.ts';
import type { SqlExecutor } from '../../spec/index.ts';
import type { JudgeModel } from '../../spec/scorer.ts';
import type { EvalsConfig, ScheduleConfig } from '../config.ts';
import { loadEvalFile, runEval } from '../gate/index.ts';
import { newHolder, ResultsRepo } from '../runner/index.ts';
import { detectShift } from './drift.ts';
import { claimDue, completeClaim, ensureSchedule, makeDue, renewClaim } from './lock.ts';
import { type Alert, listRuns, recordAlert, recordRun, type ScheduleRun } from './repo.ts';

export interface SchedulerOptions {
  sql: SqlExecutor;
  config: () => EvalsConfig;
  baseUrl: () => string;
  apiKey: () => string | undefined;
  judge: (model: string | undefined) => JudgeModel | undefined;
  logger: Logger;
  onAlert: (alert: Alert) => void;
  /** Tick period (default: 30 s, or less for short schedules). */
  tickMs?: number;
  now?: () => number;
}

const LEASE_MS = 120_000;

/**
 * Scheduled regression runs. Every replica ticks; the lock row decides which one runs a due
 * schedule. A run re-runs the eval file against the schedule's model, records the provider's
 * fingerprints, and compares the score distribution with the previous runs (drift.ts).
 */
export class Scheduler {
  readonly #o: SchedulerOptions;
  readonly #holder = newHolder();
  readonly #running = new Set<string>();
  #timer: NodeJS.Timeout | undefined;
  #closed = false;
  readonly #active = new Set<Promise<unknown>>();
  readonly #abort = new AbortController();

  constructor(o: SchedulerOptions) {
    this.#o = o;
  }

  #now(): number {
    return (this.#o.now ?? Date.now)();
  }

  async start(): Promise<void> {
    await this.sync();
    const shortest = Math.min(...this.#o.config().schedules.map((s) => s.every), 120_000);
    const tick = this.#o.tickMs ?? Math.max(1000, Math.min(30_000, Math.floor(shortest / 4)));
    this.#timer = setInterval(() => void this.tick(), tick);
    this.#timer.unref();
  }

  /** Creates lock rows for schedules new in the config. */
  async sync(): Promise<void> {
    for (const s of this.#o.config().schedules) {
      await ensureSchedule(this.#o.sql, {
        name: s.name,
        firstDue: this.#now() + (s.runOnStart ? 0 : s.every),
      });
    }
  }

  /** Runs every due schedule this replica can claim. */
  async tick(): Promise<void> {
    if (this.#closed) return;
    for (const s of this.#o.config().schedules) {
      if (this.#running.has(s.name)) continue;
      try {
        if (
          !(await claimDue(this.#o.sql, {
            name: s.name,
            holder: this.#holder,
            now: this.#now(),
            leaseMs: LEASE_MS,
          }))
        )
          continue;
      } catch (error) {
        this.#o.logger.warn({ err: String(error), schedule: s.name }, 'schedule claim failed');
        continue;
      }
      const run = this.#run(s).finally(() => this.#active.delete(run));
      this.#active.add(run);
    }
  }

  /** Makes a schedule due now and ticks (API / tests); resolves when that run finished. */
  async runNow(name: string): Promise<ScheduleRun | null> {
    const schedule = this.#o.config().schedules.find((s) => s.name === name);
    if (!schedule) return null;
    await ensureSchedule(this.#o.sql, { name, firstDue: this.#now() });
    await makeDue(this.#o.sql, { name, now: this.#now() });
    await this.tick();
    await Promise.all(this.#active);
    return (await listRuns(this.#o.sql, { schedule: name, limit: 1 }))[0] ?? null;
  }

  async #run(s: ScheduleConfig): Promise<void> {
    this.#running.add(s.name);
    const renew = setInterval(() => {
      renewClaim(this.#o.sql, { name: s.name, holder: this.#holder, until: this.#now() + LEASE_MS }).catch(
        () => undefined,
      );
    }, LEASE_MS / 4);
    renew.unref();
    try {
      await this.#execute(s);
    } catch (error) {
      this.#o.logger.error(
        { err: isKeelError(error) ? error.message : String(error), schedule: s.name },
        'scheduled evaluation failed',
      );
    } finally {
      clearInterval(renew);
      this.#running.delete(s.name);
      await completeClaim(this.#o.sql, {
        name: s.name,
        holder: this.#holder,
        everyMs: s.every,
        now: this.#now(),
      }).catch(() => undefined);
    }
  }

  async #execute(s: ScheduleConfig): Promise<void> {
    const loaded = loadEvalFile(s.evalFile);
    const key = `schedule:${s.name}`;
    const apiKey = this.#o.apiKey();
    const judgeModel = this.#o.config().judgeModel;
    const result = await runEval({
      sql: this.#o.sql,
      loaded: { ...loaded, name: key },
      baseUrl: this.#o.baseUrl(),
      ...(apiKey ? { apiKey } : {}),
      headers: { 'x-keel-internal': 'scheduled-eval' },
      models: [s.model],
      source: key,
      judge: this.#o.judge,
      ...(judgeModel && !loaded.spec.judge ? { judgeModel } : {}),
      signal: this.#abort.signal,
      logger: this.#o.logger,
    });
    if (this.#closed && result.experiment.status === 'running') return;
    await this.#assess(s, result.experiment.id);
  }

  async #assess(s: ScheduleConfig, experimentId: string): Promise<void> {
    const results = new ResultsRepo(this.#o.sql);
    const cfg = this.#o.config().shift;
    const previous = (await listRuns(this.#o.sql, { schedule: s.name, limit: cfg.history })).filter(
      (r) => r.model === s.model,
    );
    const verdict = await detectShift({
      results,
      current: { experimentId, target: s.model },
      previous: previous.map((r) => ({ experimentId: r.experimentId, target: r.model })),
      confidence: cfg.confidence,
      minDelta: cfg.minDelta,
    });
    const fingerprints = await collectFingerprints(results, experimentId);
    const before = previous[0]?.fingerprints;
    const changed =
      before !== undefined &&
      JSON.stringify(before.systemFingerprints) !== JSON.stringify(fingerprints.systemFingerprints);
    const details = { ...verdict, fingerprintChanged: changed, previousFingerprints: before ?? null };
    const run = await recordRun(this.#o.sql, {
      schedule: s.name,
      experimentId,
      model: s.model,
      fingerprints,
      mean: verdict.currentMean,
      n: verdict.paired,
      shifted: verdict.shifted,
      details,
      at: this.#now(),
    });
    this.#o.logger.info(
      { schedule: s.name, experiment: experimentId, mean: verdict.currentMean, shifted: verdict.shifted },
      'scheduled evaluation finished',
    );
    if (!verdict.shifted) return;
    const message = `Scheduled eval '${s.name}' on ${s.model}: score distribution shifted — ${verdict.reason}${changed ? '; the provider fingerprint changed too' : ''}`;
    const alert = await recordAlert(this.#o.sql, {
      kind: 'score_shift',
      source: `schedule:${s.name}`,
      message,
      details: { run: run.id, experimentId, ...details, fingerprints },
      at: this.#now(),
    });
    this.#o.logger.warn({ schedule: s.name, alert: alert.id }, message);
    this.#o.onAlert(alert);
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    this.#abort.abort();
    await Promise.allSettled([...this.#active]);
  }
}

async function collectFingerprints(results: ResultsRepo, experimentId: string) {
  const fps = new Set<string>();
  const served = new Set<string>();
  for await (const page of results.iterate(experimentId)) {
    for (const r of page) {
      if (r.fingerprint) fps.add(r.fingerprint);
      if (r.servedModel) served.add(r.servedModel);
    }
  }
  return { systemFingerprints: [...fps].sort(), servedModels: [...served].sort() };
}
