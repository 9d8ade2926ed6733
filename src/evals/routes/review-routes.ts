import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  assignFromExperiment,
  createTask,
  getTask,
  listRubrics,
  listTasks,
  scaleSchema,
  submitReview,
  upsertRubric,
} from '../review/index.ts';
import { allow, audited, body, intText, param, query, type RouteContext } from './context.ts';

const name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/, 'use 1-128 letters, digits, _ . : -');
const rubricBody = z.strictObject({
  name,
  description: z.string().max(10_000).optional(),
  text: z.string().min(1).max(50_000),
  scale: scaleSchema,
});
const reviewer = z.string().min(1).max(200);
const source = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('result'),
    experimentId: z.string().min(1).max(100),
    itemId: z.string().min(1).max(200),
    model: z.string().min(1).max(300),
  }),
  z.strictObject({
    kind: z.literal('request'),
    requestId: z.string().min(1).max(100),
    input: z.unknown().optional(),
    output: z.string().max(1_000_000).optional(),
  }),
]);
const taskBody = z.union([
  z.strictObject({ rubric: name, assignee: reviewer, source }),
  z.strictObject({
    rubric: name,
    assignees: z.array(reviewer).min(1).max(100),
    experimentId: z.string().min(1).max(100),
    sample: z.number().int().min(1).max(100_000).optional(),
    onlyFailing: z.boolean().optional(),
    seed: z.number().int().optional(),
  }),
]);
const submitBody = z.strictObject({
  reviewer: reviewer.optional(),
  score: z.number().optional(),
  pass: z.boolean().optional(),
  critique: z.string().max(50_000).default(''),
});
const taskQuery = z.strictObject({
  assignee: z.string().max(200).optional(),
  status: z.enum(['pending', 'submitted']).optional(),
  rubric: z.string().max(128).optional(),
  after: z.string().max(100).optional(),
  limit: intText(1, 1000).optional(),
});

/** Rubrics and the review queue under /api/evals/review. */
export function reviewRoutes(app: FastifyInstance, rc: RouteContext): void {
  app.get('/api/evals/rubrics', async (request) => {
    await allow(rc, request, 'evals:read');
    return { data: await listRubrics(rc.sql) };
  });

  app.post('/api/evals/rubrics', async (request, reply) => {
    const actor = await allow(rc, request, 'evals:write');
    const r = body(rubricBody, request);
    audited(rc, reply, { actor, action: 'eval.rubric.upsert', target: `rubric:${r.name}` });
    return reply.code(201).send(
      await upsertRubric(
        rc.sql,
        {
          name: r.name,
          text: r.text,
          scale: r.scale,
          ...(r.description ? { description: r.description } : {}),
        },
        Date.now(),
      ),
    );
  });

  app.post('/api/evals/review/tasks', async (request, reply) => {
    const actor = await allow(rc, request, 'evals:write');
    const b = body(taskBody, request);
    audited(rc, reply, { actor, action: 'eval.review.assign', target: `rubric:${b.rubric}` });
    if ('assignee' in b) {
      const s = b.source;
      const src =
        s.kind === 'result'
          ? s
          : {
              kind: 'request' as const,
              requestId: s.requestId,
              ...(s.input !== undefined ? { input: s.input } : {}),
              ...(s.output !== undefined ? { output: s.output } : {}),
            };
      return reply.code(201).send({
        data: [
          await createTask(rc.sql, {
            rubric: b.rubric,
            assignee: b.assignee,
            source: src,
            content: rc.content,
          }),
        ],
      });
    }
    const tasks = await assignFromExperiment(rc.sql, {
      experimentId: b.experimentId,
      rubric: b.rubric,
      assignees: b.assignees,
      ...(b.sample !== undefined ? { sample: b.sample } : {}),
      ...(b.onlyFailing !== undefined ? { onlyFailing: b.onlyFailing } : {}),
      ...(b.seed !== undefined ? { seed: b.seed } : {}),
    });
    return reply.code(201).send({ data: tasks });
  });

  app.get('/api/evals/review/tasks', async (request) => {
    await allow(rc, request, 'evals:read');
    const q = query(taskQuery, request);
    const data = await listTasks(rc.sql, {
      ...(q.assignee ? { assignee: q.assignee } : {}),
      ...(q.status ? { status: q.status } : {}),
      ...(q.rubric ? { rubric: q.rubric } : {}),
      ...(q.after ? { afterId: q.after } : {}),
      limit: q.limit ?? 100,
    });
    return { data, next: data.length === (q.limit ?? 100) ? data.at(-1)!.id : null };
  });

  app.get('/api/evals/review/tasks/:id', async (request) => {
    await allow(rc, request, 'evals:read');
    return getTask(rc.sql, param(request, 'id'));
  });

  app.post('/api/evals/review/tasks/:id/submit', async (request, reply) => {
    const actor = await allow(rc, request, 'evals:review');
    const b = body(submitBody, request);
    audited(rc, reply, { actor, action: 'eval.review.submit', target: `review:${param(request, 'id')}` });
    // A signed-in user reviews as themselves; the body's reviewer is for unauthenticated setups.
    const who = actor.kind === 'user' ? actor.id : b.reviewer;
    return submitReview(rc.sql, {
      id: param(request, 'id'),
      critique: b.critique,
      ...(who !== undefined ? { reviewer: who } : {}),
      ...(b.score !== undefined ? { score: b.score } : {}),
      ...(b.pass !== undefined ? { pass: b.pass } : {}),
    });
  });
}
