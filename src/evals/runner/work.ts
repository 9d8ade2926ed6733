import { isKeelError } from '../../errors/index.ts';
import type { Logger } from '../../log/index.ts';
import type { DatasetItem, DatasetRepo } from '../datasets/index.ts';
import { callTarget } from './call.ts';
import type { GatewayClient } from './gateway-client.ts';
import { AdaptiveLimiter } from './limiter.ts';
import type { ResultsRepo } from './results-repo.ts';
import type { ItemScoring } from './scoring.ts';
import type { Experiment, ExperimentPlan, ItemResult, Progress, Target } from './types.ts';

export interface RunState {
  /** Successful results (including those from before a resume). */
  done: number;
  errors: number;
  costUsd: number;
  resumed: number;
  startedAt: number;
  stop: { kind: 'aborted' | 'fatal' | 'cost'; message: string } | null;
}

interface WorkContext {
  datasets: DatasetRepo;
  results: ResultsRepo;
  client: GatewayClient;
  scoring: ItemScoring;
  plan: ExperimentPlan;
  experiment: Experiment;
  state: RunState;
  now: () => number;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  logger?: Logger;
}

const FATAL = new Set(['budget_exceeded', 'unauthorized', 'forbidden', 'model_not_found']);

function message(error: unknown): string {
  return isKeelError(error)
    ? `${error.code}: ${error.message}`
    : error instanceof Error
      ? error.message
      : String(error);
}

async function runOne(
  ctx: WorkContext,
  limiter: AdaptiveLimiter,
  task: { item: DatasetItem; target: Target; abort: AbortSignal },
) {
  const { item, target } = task;
  const base = {
    experimentId: ctx.experiment.id,
    itemId: item.id,
    model: target.key,
    seq: item.seq,
    createdAt: 0,
  };
  let result: ItemResult;
  try {
    const outcome = await callTarget({
      client: ctx.client,
      target,
      item,
      headers: {
        'x-keel-tags': `eval,experiment:${ctx.experiment.id}`,
        ...(ctx.plan.run.cache ? {} : { 'x-keel-cache': 'off' }),
      },
      retries: ctx.plan.run.retries,
      timeoutMs: ctx.plan.run.timeoutMs,
      signal: task.abort,
      limiter,
    });
    const scored = await ctx.scoring.score(item, outcome, task.abort);
    result = { ...base, ...outcome, ...scored, error: null, createdAt: ctx.now() };
  } catch (error) {
    if (task.abort.aborted) return; // cancelled: not a result; a resumed run does it again
    const fatal = isKeelError(error) && (FATAL.has(error.code) || error.details?.keelUnreachable === true);
    if (fatal && !ctx.state.stop) {
      ctx.state.stop = { kind: 'fatal', message: message(error) };
    }
    result = {
      ...base,
      output: null,
      error: message(error),
      latencyMs: 0,
      promptTokens: 0,
      completionTokens: 0,
      costUsd: 0,
      scores: {},
      score: null,
      pass: false,
      requestId: null,
      servedModel: null,
      fingerprint: null,
      createdAt: ctx.now(),
    };
  }
  await ctx.results.write(result);
  ctx.state.costUsd += result.costUsd;
  if (result.error === null) ctx.state.done++;
  else ctx.state.errors++;
  const cap = ctx.plan.run.maxCostUsd;
  if (cap !== undefined && ctx.state.costUsd > cap && !ctx.state.stop) {
    ctx.state.stop = {
      kind: 'cost',
      message: `actual spend $${ctx.state.costUsd.toFixed(4)} passed the cap of $${cap}`,
    };
  }
}

function progressOf(ctx: WorkContext, limiter: AdaptiveLimiter): Progress {
  const s = ctx.state;
  return {
    done: s.done + s.errors,
    total: ctx.experiment.total,
    errors: s.errors,
    costUsd: s.costUsd,
    elapsedMs: ctx.now() - s.startedAt,
    concurrency: limiter.limit,
    resumed: s.resumed,
  };
}

/**
 * Streams the dataset version a page at a time, skips item × target pairs already done, and runs
 * the rest with at most `limiter.limit` calls in flight; waiting for a slot is the back-pressure
 * that keeps memory flat. Stops dispatching on abort, a fatal error or the cost cap.
 */
export async function dispatchItems(ctx: WorkContext): Promise<void> {
  const limiter = new AdaptiveLimiter(ctx.plan.run.concurrency);
  const cancel = new AbortController();
  const onAbort = () => {
    ctx.state.stop ??= { kind: 'aborted', message: 'interrupted' };
    cancel.abort();
  };
  ctx.signal?.addEventListener('abort', onAbort, { once: true });
  if (ctx.signal?.aborted) onAbort();
  const inFlight = new Set<Promise<void>>();
  const stopped = () => ctx.state.stop !== null;
  try {
    for await (const page of ctx.datasets.iterate(ctx.experiment.datasetId, ctx.experiment.datasetVersion)) {
      if (stopped()) break;
      const done = await ctx.results.completed(
        ctx.experiment.id,
        page.map((i) => i.id),
      );
      for (const item of page) {
        for (const target of ctx.experiment.targets) {
          if (done.has(`${item.id}\u0000${target.key}`)) continue;
          await limiter.acquire();
          if (stopped()) {
            limiter.release();
            break;
          }
          const task = runOne(ctx, limiter, { item, target, abort: cancel.signal })
            .catch((error: unknown) => {
              // A store failure while writing: stop rather than run items whose results cannot be kept.
              ctx.state.stop ??= { kind: 'fatal', message: `could not record a result: ${message(error)}` };
            })
            .finally(() => {
              limiter.release();
              inFlight.delete(task);
              ctx.onProgress?.(progressOf(ctx, limiter));
            });
          inFlight.add(task);
        }
        if (stopped()) break;
      }
    }
    await Promise.all(inFlight);
  } finally {
    ctx.signal?.removeEventListener('abort', onAbort);
    if (stopped() && ctx.state.stop?.kind === 'aborted') await Promise.all(inFlight);
  }
  ctx.onProgress?.(progressOf(ctx, limiter));
}
