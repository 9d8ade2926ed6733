import { KeelError } from '../../errors/index.ts';
import type { SqlExecutor } from '../../spec/index.ts';
import type { JudgeModel, ScorerInput } from '../../spec/scorer.ts';
import {
  type CalibrationItem,
  type CalibrationResult,
  calibrate,
  unitToScale,
} from '../calibration/index.ts';
import { createScorer, isInvalid, SCORER_REGISTRY } from '../scorers/index.ts';
import { listTasks, type ReviewTask, type Rubric, requireRubric } from './repo.ts';

/**
 * Judge calibration against the review queue: every submitted review of a rubric is graded by the
 * judge (an llm-rubric given the rubric's text and scale, or another model-graded scorer), and
 * the two sets of ratings go to the calibration module (Cohen's κ, weighted for ordinal scales).
 */

export interface CalibrateReviewsResult extends CalibrationResult {
  /** Reviews the judge could not grade (unparseable output, call errors): left out of κ. */
  ungraded: { id: string; reason: string }[];
}

function judgeSpec(type: string, rubric: Rubric, extra: Record<string, unknown>) {
  const def = SCORER_REGISTRY.get(type);
  if (!def) throw new KeelError('invalid_request', `Unknown scorer type '${type}'`, { param: 'judge' });
  if (!def.modelGraded)
    throw new KeelError('invalid_request', `'${type}' is not a model-graded scorer`, { param: 'judge' });
  if (type !== 'llm-rubric') return { type, ...extra };
  const scale =
    rubric.scale.type === 'ordinal' ? { min: rubric.scale.min, max: rubric.scale.max } : { min: 0, max: 1 };
  return { type, rubric: rubric.text, scale, ...extra };
}

function inputOf(task: ReviewTask): ScorerInput['input'] {
  const input = task.input as {
    variables?: Record<string, unknown>;
    messages?: { role: string; content?: unknown }[];
  } | null;
  if (input?.variables && Object.keys(input.variables).length > 0) return input.variables;
  const text = (input?.messages ?? [])
    .filter((m) => m.role === 'user')
    .map((m) => (typeof m.content === 'string' ? m.content : ''))
    .join('\n');
  return text || undefined;
}

async function reviews(sql: SqlExecutor, rubric: string): Promise<ReviewTask[]> {
  const out: ReviewTask[] = [];
  for (let after: string | undefined; ; ) {
    const page = await listTasks(sql, {
      rubric,
      status: 'submitted',
      ...(after ? { afterId: after } : {}),
      limit: 1000,
    });
    out.push(...page);
    if (page.length < 1000) return out;
    after = page.at(-1)!.id;
  }
}

export async function calibrateReviews(o: {
  sql: SqlExecutor;
  rubric: string;
  /** Scorer type acting as the judge (default llm-rubric). */
  judgeType?: string;
  judge: JudgeModel;
  judgeName?: string;
  params?: Record<string, unknown>;
  target?: number;
  signal?: AbortSignal;
}): Promise<CalibrateReviewsResult> {
  const rubric = await requireRubric(o.sql, o.rubric);
  const type = o.judgeType ?? 'llm-rubric';
  const scorer = createScorer(judgeSpec(type, rubric, o.params ?? {}));
  const tasks = await reviews(o.sql, rubric.name);
  if (tasks.length === 0)
    throw new KeelError(
      'invalid_request',
      `Rubric '${rubric.name}' has no submitted reviews to calibrate against`,
    );
  const items: CalibrationItem[] = [];
  const ungraded: CalibrateReviewsResult['ungraded'] = [];
  for (const task of tasks) {
    const input: ScorerInput = {
      output: task.output,
      ...(task.expected !== null ? { expected: task.expected } : {}),
      ...(task.context.length ? { context: task.context } : {}),
    };
    const itemInput = inputOf(task);
    if (itemInput !== undefined) input.input = itemInput;
    try {
      const r = await scorer.score(input, { model: o.judge, ...(o.signal ? { signal: o.signal } : {}) });
      if (isInvalid(r)) {
        ungraded.push({ id: task.id, reason: r.reason });
        continue;
      }
      const raw = r.details?.rawScore;
      const judge =
        rubric.scale.type === 'binary'
          ? r.pass
          : typeof raw === 'number' && Number.isInteger(raw)
            ? raw
            : unitToScale(r.score, { min: rubric.scale.min, max: rubric.scale.max });
      const human = rubric.scale.type === 'binary' ? task.pass === true : task.score!;
      items.push({ id: task.id, human, judge });
    } catch (error) {
      ungraded.push({ id: task.id, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  if (items.length === 0)
    throw new KeelError('upstream_error', `The judge could not grade any of the ${tasks.length} reviews`);
  const labels =
    rubric.scale.type === 'ordinal'
      ? Array.from(
          { length: rubric.scale.max - rubric.scale.min + 1 },
          (_, i) => (rubric.scale as { min: number }).min + i,
        )
      : undefined;
  const result = calibrate({
    items,
    scale: rubric.scale.type,
    ...(labels ? { labels } : {}),
    ...(o.target !== undefined ? { target: o.target } : {}),
    judge: o.judgeName ?? type,
    rubric: rubric.name,
  });
  if (ungraded.length > 0)
    result.warnings.push(`${ungraded.length} review(s) could not be graded by the judge and were left out`);
  return { ...result, ungraded };
}
