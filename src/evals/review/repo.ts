import { z } from 'zod';
import { KeelError } from '../../errors/index.ts';
import type { SqlExecutor, SqlRow, SqlValue } from '../../spec/index.ts';
import type { Provenance } from '../datasets/index.ts';
import { bit, boolOrNull, json, num, numOrNull, strOrNull } from '../sql.ts';

/** Rubrics and the review queue (eval_rubrics, eval_review_tasks). */

export const scaleSchema = z.union([
  z.strictObject({ type: z.literal('binary') }),
  z
    .strictObject({ type: z.literal('ordinal'), min: z.number().int(), max: z.number().int() })
    .refine(
      (s) => s.max > s.min && s.max - s.min <= 100,
      'ordinal scales need min < max (at most 100 points)',
    ),
]);
export type RubricScale = z.infer<typeof scaleSchema>;

export interface Rubric {
  name: string;
  description: string;
  /** What reviewers (and the llm-rubric judge, when calibrating) grade against. */
  text: string;
  scale: RubricScale;
  createdAt: number;
  updatedAt: number;
}

export type ReviewStatus = 'pending' | 'submitted';

export interface ReviewTask {
  id: string;
  rubric: string;
  assignee: string;
  status: ReviewStatus;
  sourceKind: 'request' | 'result';
  sourceId: string;
  experimentId: string | null;
  itemId: string | null;
  model: string | null;
  input: unknown;
  output: string;
  expected: string | null;
  context: string[];
  provenance: Provenance;
  score: number | null;
  pass: boolean | null;
  critique: string | null;
  reviewer: string | null;
  createdAt: number;
  submittedAt: number | null;
}

const rubricOf = (r: SqlRow): Rubric => ({
  name: String(r.name),
  description: String(r.description),
  text: String(r.text),
  scale: json(r.scale),
  createdAt: num(r.created_at),
  updatedAt: num(r.updated_at),
});

export function taskOf(r: SqlRow): ReviewTask {
  return {
    id: String(r.id),
    rubric: String(r.rubric),
    assignee: String(r.assignee),
    status: String(r.status) as ReviewStatus,
    sourceKind: String(r.source_kind) as ReviewTask['sourceKind'],
    sourceId: String(r.source_id),
    experimentId: strOrNull(r.experiment_id),
    itemId: strOrNull(r.item_id),
    model: strOrNull(r.model),
    input: json(r.input),
    output: String(r.output),
    expected: strOrNull(r.expected),
    context: json(r.context),
    provenance: String(r.provenance) as Provenance,
    score: numOrNull(r.score),
    pass: boolOrNull(r.pass),
    critique: strOrNull(r.critique),
    reviewer: strOrNull(r.reviewer),
    createdAt: num(r.created_at),
    submittedAt: numOrNull(r.submitted_at),
  };
}

export async function upsertRubric(
  sql: SqlExecutor,
  r: { name: string; description?: string; text: string; scale: RubricScale },
  now: number,
): Promise<Rubric> {
  await sql.execute(
    `INSERT INTO eval_rubrics (name, description, text, scale, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET description = excluded.description, text = excluded.text, scale = excluded.scale, updated_at = excluded.updated_at`,
    [r.name, r.description ?? '', r.text, JSON.stringify(r.scale), now, now],
  );
  return (await getRubric(sql, r.name))!;
}

export async function getRubric(sql: SqlExecutor, name: string): Promise<Rubric | null> {
  const rows = await sql.query('SELECT * FROM eval_rubrics WHERE name = ?', [name]);
  return rows[0] ? rubricOf(rows[0]) : null;
}

export async function requireRubric(sql: SqlExecutor, name: string): Promise<Rubric> {
  const rubric = await getRubric(sql, name);
  if (!rubric)
    throw new KeelError('not_found', `No rubric named '${name.slice(0, 100)}'`, { param: 'rubric' });
  return rubric;
}

export async function listRubrics(sql: SqlExecutor): Promise<Rubric[]> {
  return (await sql.query('SELECT * FROM eval_rubrics ORDER BY name')).map(rubricOf);
}

export async function insertTask(sql: SqlExecutor, t: ReviewTask): Promise<void> {
  await sql.execute(
    `INSERT INTO eval_review_tasks (id, rubric, assignee, status, source_kind, source_id, experiment_id, item_id, model, input, output,
       expected, context, provenance, score, pass, critique, reviewer, created_at, submitted_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL, NULL, ?, NULL)`,
    [
      t.id,
      t.rubric,
      t.assignee,
      t.status,
      t.sourceKind,
      t.sourceId,
      t.experimentId,
      t.itemId,
      t.model,
      JSON.stringify(t.input),
      t.output,
      t.expected,
      JSON.stringify(t.context),
      t.provenance,
      t.createdAt,
    ],
  );
}

export async function getTask(sql: SqlExecutor, id: string): Promise<ReviewTask> {
  const rows = await sql.query('SELECT * FROM eval_review_tasks WHERE id = ?', [id]);
  if (!rows[0]) throw new KeelError('not_found', `No review task '${id.slice(0, 80)}'`, { param: 'id' });
  return taskOf(rows[0]);
}

export interface TaskQuery {
  assignee?: string;
  status?: ReviewStatus;
  rubric?: string;
  afterId?: string;
  limit?: number;
}

export async function listTasks(sql: SqlExecutor, q: TaskQuery): Promise<ReviewTask[]> {
  const where: string[] = ['id > ?'];
  const params: SqlValue[] = [q.afterId ?? ''];
  for (const [column, value] of [
    ['assignee', q.assignee],
    ['status', q.status],
    ['rubric', q.rubric],
  ] as const) {
    if (value === undefined) continue;
    where.push(`${column} = ?`);
    params.push(value);
  }
  params.push(Math.min(q.limit ?? 100, 1000));
  const rows = await sql.query(
    `SELECT * FROM eval_review_tasks WHERE ${where.join(' AND ')} ORDER BY id LIMIT ?`,
    params,
  );
  return rows.map(taskOf);
}

export async function saveSubmission(
  sql: SqlExecutor,
  s: {
    id: string;
    score: number | null;
    pass: boolean | null;
    critique: string;
    reviewer: string;
    at: number;
  },
): Promise<void> {
  await sql.execute(
    `UPDATE eval_review_tasks SET status = 'submitted', score = ?, pass = ?, critique = ?, reviewer = ?, submitted_at = ? WHERE id = ?`,
    [s.score, s.pass === null ? null : bit(s.pass), s.critique, s.reviewer, s.at, s.id],
  );
}
