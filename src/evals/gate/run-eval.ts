import { KeelError } from '../../errors/index.ts';
import type { Logger } from '../../log/index.ts';
import type { SqlExecutor } from '../../spec/index.ts';
import type { JudgeModel } from '../../spec/scorer.ts';
import { type Comparison, compareExperiments } from '../compare/index.ts';
import { DatasetRepo } from '../datasets/index.ts';
import {
  type CostEstimate,
  type Experiment,
  type PriceLookup,
  type Progress,
  ResultsRepo,
  type ResumeMode,
  type RunOutcome,
  runExperiment,
} from '../runner/index.ts';
import { evaluateGate, type GateReport } from './gate.ts';
import type { LoadedEvalFile } from './load-eval-file.ts';
import { type PlanOverrides, planFromEvalFile } from './plan.ts';

export interface RunEvalOptions extends PlanOverrides {
  sql: SqlExecutor;
  loaded: LoadedEvalFile;
  baseUrl: string;
  apiKey?: string;
  headers?: Record<string, string>;
  /** An experiment id, `latest` (the newest completed run of this eval), or none. */
  baseline?: string;
  resume?: ResumeMode;
  price?: PriceLookup;
  judge?: (model: string | undefined) => JudgeModel | undefined;
  onEstimate?: (e: CostEstimate) => void;
  onProgress?: (p: Progress) => void;
  signal?: AbortSignal;
  logger?: Logger;
}

export interface EvalRunResult {
  outcome: RunOutcome;
  experiment: Experiment;
  gate: GateReport;
  comparison: Comparison | null;
}

async function baselineOf(
  results: ResultsRepo,
  o: RunEvalOptions,
  current: Experiment,
): Promise<{ baseline: Experiment | null; note?: string }> {
  if (o.baseline === undefined)
    return { baseline: null, note: 'no --baseline given: regression checks skipped' };
  if (o.baseline === 'latest') {
    const latest = await results.latestCompleted(current.name, current.id);
    return latest
      ? { baseline: latest }
      : { baseline: null, note: `no earlier completed run of '${current.name}': regression checks skipped` };
  }
  const found = await results.get(o.baseline);
  if (!found)
    throw new KeelError('invalid_request', `Baseline experiment '${o.baseline}' does not exist`, {
      param: 'baseline',
    });
  return { baseline: found };
}

/**
 * The whole `keel eval run` pipeline: plan from the eval file (dataset synced or resolved), run or
 * resume the experiment through the gateway, then gate it against its thresholds and, when a
 * baseline is given, against the baseline's results.
 */
export async function runEval(o: RunEvalOptions): Promise<EvalRunResult> {
  const datasets = new DatasetRepo(o.sql);
  const results = new ResultsRepo(o.sql);
  const plan = await planFromEvalFile(o.loaded, datasets, o);
  // A mistyped baseline should fail before anything is spent, not after the run.
  if (o.baseline !== undefined && o.baseline !== 'latest' && !(await results.get(o.baseline))) {
    throw new KeelError('invalid_request', `Baseline experiment '${o.baseline}' does not exist`, {
      param: 'baseline',
    });
  }
  const outcome = await runExperiment({
    sql: o.sql,
    plan,
    baseUrl: o.baseUrl,
    ...(o.apiKey ? { apiKey: o.apiKey } : {}),
    ...(o.headers ? { headers: o.headers } : {}),
    ...(o.resume ? { resume: o.resume } : {}),
    ...(o.price ? { price: o.price } : {}),
    ...(o.judge ? { judge: o.judge } : {}),
    ...(o.onEstimate ? { onEstimate: o.onEstimate } : {}),
    ...(o.onProgress ? { onProgress: o.onProgress } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
    ...(o.logger ? { logger: o.logger } : {}),
  });
  const experiment = outcome.experiment;
  const { baseline, note } = await baselineOf(results, o, experiment);
  const comparison =
    baseline && experiment.status === 'completed'
      ? await compareExperiments({ results, a: baseline, b: experiment }).catch(() => null)
      : null;
  const gate = evaluateGate({
    summary: experiment.summary ?? { total: 0, done: 0, errors: 0, costUsd: 0, targets: [] },
    gate: o.loaded.spec.gate,
    comparison,
    ...(note
      ? { baselineNote: note }
      : comparison === null && baseline
        ? { baselineNote: `baseline ${baseline.id} shares no target with this run` }
        : {}),
  });
  return { outcome, experiment, gate, comparison };
}
