import { KeelError } from '../../errors/index.ts';
import type { Logger } from '../../log/index.ts';
import type { SqlExecutor } from '../../spec/index.ts';
import type { JudgeModel } from '../../spec/scorer.ts';
import { DatasetRepo } from '../datasets/index.ts';
import { SCORER_REGISTRY } from '../scorers/index.ts';
import { type CostEstimate, estimateCost } from './estimate.ts';
import { GatewayClient } from './gateway-client.ts';
import { gatewayJudges } from './judges.ts';
import { HEARTBEAT_MS, LEASE_MS, newHolder } from './lease.ts';
import type { PriceLookup } from './prices.ts';
import { ResultsRepo } from './results-repo.ts';
import { ItemScoring } from './scoring.ts';
import { type ResumeMode, startExperiment } from './start.ts';
import { summarize } from './summarize.ts';
import type { Experiment, ExperimentPlan, ExperimentStatus, Progress } from './types.ts';
import { dispatchItems, type RunState } from './work.ts';

export interface RunExperimentOptions {
  sql: SqlExecutor;
  plan: ExperimentPlan;
  /** The gateway (Keel's own `selfUrl()`, or `--url`). */
  baseUrl: string;
  apiKey?: string;
  /** Extra headers on every call (e.g. `x-keel-internal: scheduled-eval`). */
  headers?: Record<string, string>;
  resume?: ResumeMode;
  price?: PriceLookup;
  /** Judge models by name (default: gateway judges through `baseUrl`). */
  judge?: (model: string | undefined) => JudgeModel | undefined;
  onEstimate?: (estimate: CostEstimate) => void;
  onProgress?: (progress: Progress) => void;
  /** Abort = stop dispatching, cancel calls in flight (not recorded), release the lease: a later run resumes. */
  signal?: AbortSignal;
  logger?: Logger;
  now?: () => number;
}

export interface RunOutcome {
  experiment: Experiment;
  estimate: CostEstimate | null;
  resumed: boolean;
  /** Items already done before this run (resumed). */
  skipped: number;
}

function capCheck(plan: ExperimentPlan, estimate: CostEstimate | null, spent: number, share: number): void {
  const cap = plan.run.maxCostUsd;
  if (cap === undefined || !estimate) return;
  const expected = spent + estimate.usd * share;
  if (expected > cap) {
    throw new KeelError(
      'budget_exceeded',
      `Estimated cost $${expected.toFixed(4)} exceeds the cap of $${cap} (${estimate.items} items × ${estimate.targets.length} targets); raise --max-cost or shrink the run`,
      { details: { estimateUsd: expected, maxCostUsd: cap } },
    );
  }
}

async function sampleItems(datasets: DatasetRepo, plan: ExperimentPlan) {
  return datasets.page({
    datasetId: plan.dataset.id,
    version: plan.dataset.version,
    afterSeq: -1,
    limit: 50,
  });
}

/**
 * Runs (or resumes) an experiment: each item × target goes through the gateway with bounded,
 * rate-limit-aware concurrency and retries; each result is written the moment it completes, so a
 * crash loses only calls in flight and a resumed run skips finished items.
 */
export async function runExperiment(o: RunExperimentOptions): Promise<RunOutcome> {
  const now = o.now ?? Date.now;
  const datasets = new DatasetRepo(o.sql);
  const results = new ResultsRepo(o.sql);
  const client = new GatewayClient({
    baseUrl: o.baseUrl,
    connections: o.plan.run.concurrency + 4,
    ...(o.apiKey ? { apiKey: o.apiKey } : {}),
    headers: { 'x-keel-feature': 'eval', 'x-keel-internal': 'experiment', ...o.headers },
  });
  const judges = o.judge
    ? undefined
    : gatewayJudges({
        baseUrl: o.baseUrl,
        defaultModel: o.plan.judgeModel,
        apiKey: o.apiKey,
        ...(o.headers ? { headers: o.headers } : {}),
      });
  // A scorer's own `judge:` wins, then the plan's judge model; the pool resolves the name.
  const judgeOf = (m: string | undefined) => (o.judge ? o.judge(m ?? o.plan.judgeModel) : judges?.get(m));
  const scoring = new ItemScoring({ scorers: o.plan.scorers, judge: judgeOf });
  const holder = newHolder();
  let estimate: CostEstimate | null = null;
  try {
    const started = await startExperiment({
      datasets,
      results,
      plan: o.plan,
      resume: o.resume ?? 'auto',
      holder,
      now: now(),
      beforeStart: async ({ resuming, items }) => {
        if (o.price) {
          const judgeScorers = o.plan.scorers.filter((s) => isModelGraded(s.type)).length;
          estimate = await estimateCost({
            client,
            plan: o.plan,
            sample: await sampleItems(datasets, o.plan),
            items,
            price: o.price,
            judgeScorers,
          });
          o.onEstimate?.(estimate);
        }
        const before = resuming ? await results.count(resuming.id) : { done: 0, errors: 0, costUsd: 0 };
        const total = items * o.plan.targets.length;
        capCheck(
          o.plan,
          estimate,
          before.costUsd,
          total === 0 ? 0 : (total - before.done + before.errors) / total,
        );
      },
    });
    const experiment = started.experiment;
    const before = await results.count(experiment.id);
    const state: RunState = {
      done: before.done - before.errors,
      errors: 0,
      costUsd: before.costUsd,
      resumed: before.done - before.errors,
      startedAt: now(),
      stop: null,
    };
    const heartbeat = setInterval(() => {
      results
        .heartbeat(experiment.id, { holder, until: now() + LEASE_MS, now: now(), costUsd: state.costUsd })
        .catch((error: unknown) => {
          o.logger?.warn({ err: String(error), experiment: experiment.id }, 'experiment heartbeat failed');
        });
    }, HEARTBEAT_MS);
    heartbeat.unref();
    try {
      await dispatchItems({
        datasets,
        results,
        client,
        scoring,
        plan: o.plan,
        experiment,
        state,
        now,
        ...pick(o),
      });
    } finally {
      clearInterval(heartbeat);
    }
    return {
      experiment: await finish(results, experiment, state, o),
      estimate,
      resumed: started.resumed,
      skipped: state.resumed,
    };
  } finally {
    await client.close();
    await judges?.close();
  }
}

function pick(o: RunExperimentOptions) {
  return {
    ...(o.signal ? { signal: o.signal } : {}),
    ...(o.onProgress ? { onProgress: o.onProgress } : {}),
    ...(o.logger ? { logger: o.logger } : {}),
  };
}

function isModelGraded(type: string): boolean {
  return SCORER_REGISTRY.get(type)?.modelGraded === true;
}

async function finish(
  results: ResultsRepo,
  experiment: Experiment,
  state: RunState,
  o: RunExperimentOptions,
): Promise<Experiment> {
  const keys = experiment.targets.map((t) => t.key);
  const summary = await summarize(results, experiment.id, experiment.total, keys);
  const userStopped = state.stop?.kind === 'aborted';
  if (userStopped) {
    // Interrupted: keep it resumable (status running) and let the next run take the lease at once.
    await results.sql.execute(
      'UPDATE eval_experiments SET lease_until = 0, cost_usd = ?, summary = ? WHERE id = ?',
      [summary.costUsd, JSON.stringify(summary), experiment.id],
    );
    return { ...experiment, summary, costUsd: summary.costUsd };
  }
  const status: ExperimentStatus =
    state.stop?.kind === 'fatal' ? 'failed' : state.stop?.kind === 'cost' ? 'stopped' : 'completed';
  const error = state.stop?.message;
  await results.finish(experiment.id, {
    status,
    summary,
    now: (o.now ?? Date.now)(),
    ...(error ? { error } : {}),
  });
  return (await results.get(experiment.id)) ?? experiment;
}
