import { KeelError } from '../../errors/index.ts';
import type { SqlExecutor } from '../../spec/index.ts';
import { uuidv7 } from '../../store/index.ts';
import { type ContentSource, DatasetRepo, type NewItem } from '../datasets/index.ts';
import { ResultsRepo } from '../runner/index.ts';
import { createRng } from '../stats/index.ts';
import {
  getTask,
  insertTask,
  listTasks,
  type ReviewTask,
  type Rubric,
  requireRubric,
  saveSubmission,
} from './repo.ts';

/**
 * The human review queue: tasks copy the content to grade (so a review survives the source's
 * retention), are assigned to reviewers, and take a score and a written critique on the rubric's
 * scale. Submitted reviews feed judge calibration and can become dataset items.
 */

export type TaskSource =
  | { kind: 'result'; experimentId: string; itemId: string; model: string }
  | { kind: 'request'; requestId: string; input?: unknown; output?: string };

async function fromResult(sql: SqlExecutor, s: Extract<TaskSource, { kind: 'result' }>) {
  const results = new ResultsRepo(sql);
  const experiment = await results.require(s.experimentId);
  const result = await results.result(s.experimentId, s.itemId, s.model);
  if (!result || result.output === null) {
    throw new KeelError(
      'not_found',
      `Experiment ${s.experimentId} has no answer for item '${s.itemId}' (${s.model})`,
    );
  }
  const item = await new DatasetRepo(sql).getItem(experiment.datasetId, experiment.datasetVersion, s.itemId);
  return {
    sourceId: `${s.experimentId}/${s.itemId}/${s.model}`,
    experimentId: s.experimentId,
    itemId: s.itemId,
    model: s.model,
    input: item?.input ?? {},
    output: result.output,
    expected: item?.expected ?? null,
    context: item?.context ?? [],
    provenance: item?.provenance ?? 'unknown',
  };
}

async function fromRequest(s: Extract<TaskSource, { kind: 'request' }>, content?: ContentSource) {
  let input = s.input;
  let output = s.output;
  if (input === undefined || output === undefined) {
    const found = (await content?.content([s.requestId]))?.get(s.requestId);
    input ??= found ? { messages: found.messages } : undefined;
    output ??= found?.output;
  }
  if (input === undefined || output === undefined) {
    throw new KeelError(
      'invalid_request',
      `No content is kept for request ${s.requestId}: pass input and output, or enable evals.keepSamples for sampled requests`,
    );
  }
  return {
    sourceId: s.requestId,
    experimentId: null,
    itemId: null,
    model: null,
    input,
    output,
    expected: null,
    context: [],
    provenance: 'production_trace' as const,
  };
}

export async function createTask(
  sql: SqlExecutor,
  o: { rubric: string; assignee: string; source: TaskSource; content?: ContentSource; now?: number },
): Promise<ReviewTask> {
  await requireRubric(sql, o.rubric);
  const part =
    o.source.kind === 'result' ? await fromResult(sql, o.source) : await fromRequest(o.source, o.content);
  const task: ReviewTask = {
    id: uuidv7(),
    rubric: o.rubric,
    assignee: o.assignee,
    status: 'pending',
    sourceKind: o.source.kind,
    ...part,
    score: null,
    pass: null,
    critique: null,
    reviewer: null,
    createdAt: o.now ?? Date.now(),
    submittedAt: null,
  };
  await insertTask(sql, task);
  return task;
}

/** Queues an experiment's answers (a random sample, or all) round-robin across reviewers. */
export async function assignFromExperiment(
  sql: SqlExecutor,
  o: {
    experimentId: string;
    rubric: string;
    assignees: string[];
    sample?: number;
    onlyFailing?: boolean;
    seed?: number;
  },
): Promise<ReviewTask[]> {
  if (o.assignees.length === 0)
    throw new KeelError('invalid_request', 'Give at least one reviewer', { param: 'assignees' });
  await requireRubric(sql, o.rubric);
  const results = new ResultsRepo(sql);
  const candidates: { itemId: string; model: string }[] = [];
  for await (const page of results.iterate(o.experimentId)) {
    for (const r of page)
      if (r.output !== null && (!o.onlyFailing || r.pass === false))
        candidates.push({ itemId: r.itemId, model: r.model });
  }
  const rng = createRng(o.seed ?? 1);
  // Fisher–Yates with a seeded generator: the same seed picks the same sample.
  for (let i = candidates.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [candidates[i], candidates[j]] = [candidates[j]!, candidates[i]!];
  }
  const picked = candidates.slice(0, o.sample ?? candidates.length);
  const tasks: ReviewTask[] = [];
  for (const [i, c] of picked.entries()) {
    tasks.push(
      await createTask(sql, {
        rubric: o.rubric,
        assignee: o.assignees[i % o.assignees.length]!,
        source: { kind: 'result', experimentId: o.experimentId, ...c },
      }),
    );
  }
  return tasks;
}

export function checkRating(
  rubric: Rubric,
  r: { score?: number | undefined; pass?: boolean | undefined },
): { score: number | null; pass: boolean | null } {
  if (rubric.scale.type === 'binary') {
    const pass = r.pass ?? (r.score === 1 ? true : r.score === 0 ? false : undefined);
    if (pass === undefined)
      throw new KeelError(
        'invalid_request',
        `Rubric '${rubric.name}' is pass/fail: give pass (or score 0/1)`,
        { param: 'pass' },
      );
    return { score: pass ? 1 : 0, pass };
  }
  const { min, max } = rubric.scale;
  if (r.score === undefined || !Number.isInteger(r.score) || r.score < min || r.score > max) {
    throw new KeelError(
      'invalid_request',
      `Rubric '${rubric.name}' needs a whole score from ${min} to ${max}`,
      { param: 'score' },
    );
  }
  return { score: r.score, pass: r.pass ?? null };
}

export async function submitReview(
  sql: SqlExecutor,
  o: { id: string; reviewer?: string; score?: number; pass?: boolean; critique: string; now?: number },
): Promise<ReviewTask> {
  const task = await getTask(sql, o.id);
  const reviewer = o.reviewer ?? task.assignee;
  if (reviewer !== task.assignee) {
    throw new KeelError(
      'forbidden',
      `Review task ${task.id} is assigned to ${task.assignee}, not ${reviewer}`,
      { param: 'reviewer' },
    );
  }
  const rating = checkRating(await requireRubric(sql, task.rubric), o);
  await saveSubmission(sql, {
    id: task.id,
    ...rating,
    critique: o.critique,
    reviewer,
    at: o.now ?? Date.now(),
  });
  return getTask(sql, task.id);
}

/**
 * Submitted reviews → dataset items: the input, and (for passing answers) the reviewed answer as
 * the expected output; the critique and score go in metadata. Provenance follows the source.
 */
export async function reviewsToDataset(
  sql: SqlExecutor,
  o: { dataset: string; rubric?: string; passedOnly?: boolean; minScore?: number },
) {
  const datasets = new DatasetRepo(sql);
  const items: NewItem[] = [];
  for (let after: string | undefined, page: ReviewTask[]; ; after = page.at(-1)!.id) {
    page = await listTasks(sql, {
      status: 'submitted',
      ...(o.rubric ? { rubric: o.rubric } : {}),
      ...(after ? { afterId: after } : {}),
      limit: 1000,
    });
    for (const t of page) {
      const good =
        t.pass === true ||
        (t.pass === null && o.minScore !== undefined && (t.score ?? -Infinity) >= o.minScore);
      if ((o.passedOnly ?? true) && !good) continue;
      const input = (
        t.input && typeof t.input === 'object' ? t.input : { variables: { input: String(t.input) } }
      ) as NewItem['input'];
      items.push({
        id: `review-${t.id}`,
        input,
        expected: good ? t.output : null,
        context: t.context,
        metadata: {
          reviewTask: t.id,
          rubric: t.rubric,
          score: t.score,
          pass: t.pass,
          critique: t.critique,
          reviewer: t.reviewer,
          output: t.output,
        },
        provenance: t.provenance,
        source: `review:${t.id}`,
      });
    }
    if (page.length < 1000) break;
  }
  if (items.length === 0) return { added: 0, version: (await datasets.get(o.dataset))?.latestVersion ?? 0 };
  if (!(await datasets.get(o.dataset))) await datasets.create({ name: o.dataset });
  const dataset = await datasets.require(o.dataset);
  const fresh: NewItem[] = [];
  for (const item of items)
    if (!(await datasets.getItem(dataset.id, dataset.latestVersion, item.id!))) fresh.push(item);
  if (fresh.length === 0) return { added: 0, version: dataset.latestVersion };
  const written = await datasets.addItems(o.dataset, fresh, `${fresh.length} items from reviews`);
  return { added: written.ids.length, version: written.version };
}
