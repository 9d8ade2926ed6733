import { KeelError } from '../../errors/index.ts';
import { uuidv7 } from '../../store/index.ts';
import { canonicalJson, sha256Hex } from '../canonical.ts';
import type { DatasetRepo } from '../datasets/index.ts';
import { holderIsGone, LEASE_MS } from './lease.ts';
import type { ResultsRepo } from './results-repo.ts';
import type { Experiment, ExperimentPlan } from './types.ts';

/**
 * What identifies "the same experiment" for resumption: dataset version, targets, scorers and
 * judge — not concurrency, retries or the cost cap, which may change between attempts.
 */
export function planHash(plan: ExperimentPlan): string {
  return sha256Hex(
    canonicalJson({
      name: plan.name,
      dataset: { id: plan.dataset.id, version: plan.dataset.version },
      targets: plan.targets,
      scorers: plan.scorers,
      judgeModel: plan.judgeModel ?? null,
    }),
  ).slice(0, 32);
}

export type ResumeMode = 'auto' | 'never' | { id: string };

export interface Started {
  experiment: Experiment;
  resumed: boolean;
}

/**
 * Locks the dataset version (it is immutable from now on), then either resumes an unfinished run
 * of the same plan — taking over its lease — or creates a new experiment.
 */
export async function startExperiment(o: {
  datasets: DatasetRepo;
  results: ResultsRepo;
  plan: ExperimentPlan;
  resume: ResumeMode;
  holder: string;
  now: number;
  /** Runs before anything is created or taken over (cost checks); throwing stops the start. */
  beforeStart?: (info: { resuming: Experiment | null; items: number }) => Promise<void>;
}): Promise<Started> {
  const { plan, results } = o;
  const items = await o.datasets.lock(plan.dataset.id, plan.dataset.version);
  const hash = planHash(plan);
  const candidate =
    o.resume === 'never'
      ? null
      : typeof o.resume === 'object'
        ? await results.unfinished({ id: o.resume.id })
        : await results.unfinished({ configHash: hash });
  if (typeof o.resume === 'object' && !candidate) {
    throw new KeelError('conflict', `Experiment '${o.resume.id}' is not unfinished; nothing to resume`);
  }
  if (candidate) {
    if (typeof o.resume === 'object' && candidate.configHash !== hash) {
      throw new KeelError(
        'conflict',
        `Experiment '${candidate.id}' was started from a different plan; run without --resume`,
      );
    }
    const free =
      candidate.leaseUntil === null || candidate.leaseUntil < o.now || holderIsGone(candidate.leaseHolder);
    if (!free) {
      throw new KeelError(
        'conflict',
        `Experiment '${candidate.id}' is being run by ${candidate.leaseHolder}; wait for it or its lease to expire`,
      );
    }
  }
  await o.beforeStart?.({ resuming: candidate, items });
  if (candidate) {
    const taken = await results.takeLease(candidate.id, {
      holder: o.holder,
      until: o.now + LEASE_MS,
      now: o.now,
      expectedHolder: candidate.leaseHolder,
    });
    if (!taken)
      throw new KeelError('conflict', `Another process took over experiment '${candidate.id}' first`);
    return { experiment: candidate, resumed: true };
  }
  const experiment: Experiment = {
    id: uuidv7(),
    name: plan.name,
    datasetId: plan.dataset.id,
    datasetVersion: plan.dataset.version,
    config: plan.config,
    configHash: hash,
    targets: plan.targets,
    status: 'running',
    source: plan.source,
    total: items * plan.targets.length,
    costUsd: 0,
    summary: null,
    error: null,
    createdAt: o.now,
    updatedAt: o.now,
    finishedAt: null,
  };
  await results.create(experiment, { holder: o.holder, until: o.now + LEASE_MS });
  return { experiment, resumed: false };
}
