import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { KeelError } from '../../errors/index.ts';
import {
  DatasetRepo,
  exportItems,
  importItems,
  itemsFromRequests,
  newItemSchema,
  PROVENANCES,
  type Provenance,
} from '../datasets/index.ts';
import { reviewsToDataset } from '../review/index.ts';
import { allow, audited, body, intText, param, query, type RouteContext, sinceOf } from './context.ts';

const provenance = z.enum(PROVENANCES as [Provenance, ...Provenance[]]);
const createBody = z.strictObject({
  name: z.string().min(1).max(128),
  description: z.string().max(10_000).optional(),
});
const itemsBody = z.strictObject({
  items: z.array(newItemSchema).min(1).max(10_000),
  message: z.string().max(500).optional(),
});
const importBody = z.strictObject({
  format: z.enum(['jsonl', 'csv']),
  text: z.string().max(50_000_000),
  provenance: provenance.optional(),
});
const pageQuery = z.strictObject({
  version: intText(1, 1e9).optional(),
  after: intText(0, 1e12).optional(),
  limit: intText(1, 1000).optional(),
});
const exportQuery = z.strictObject({
  version: intText(1, 1e9).optional(),
  format: z.enum(['jsonl', 'csv']).default('jsonl'),
});
const fromRequestsBody = z.strictObject({
  since: z.string().max(64).optional(),
  until: z.string().max(64).optional(),
  model: z.string().max(256).optional(),
  feature: z.string().max(256).optional(),
  tags: z.array(z.string().max(256)).max(20).optional(),
  status: z.number().int().min(100).max(599).optional(),
  maxRating: z.number().min(0).max(1).optional(),
  minRating: z.number().min(0).max(1).optional(),
  ratingRule: z.string().max(64).optional(),
  limit: z.number().int().min(1).max(100_000).optional(),
});
const fromReviewsBody = z.strictObject({
  rubric: z.string().max(128).optional(),
  passedOnly: z.boolean().optional(),
  minScore: z.number().optional(),
});

export function datasetRoutes(app: FastifyInstance, rc: RouteContext): void {
  const repo = new DatasetRepo(rc.sql);

  app.get('/api/evals/datasets', async (request) => {
    await allow(rc, request, 'evals:read');
    return { data: await repo.list() };
  });

  app.post('/api/evals/datasets', async (request, reply) => {
    const actor = await allow(rc, request, 'evals:write');
    const input = body(createBody, request);
    audited(rc, reply, { actor, action: 'eval.dataset.create', target: `dataset:${input.name}` });
    return reply
      .code(201)
      .send(
        await repo.create(
          input.description === undefined
            ? { name: input.name }
            : { name: input.name, description: input.description },
        ),
      );
  });

  app.get('/api/evals/datasets/:name', async (request) => {
    await allow(rc, request, 'evals:read');
    const dataset = await repo.require(param(request, 'name'));
    return { ...dataset, versions: await repo.versions(dataset.id) };
  });

  app.get('/api/evals/datasets/:name/items', async (request) => {
    await allow(rc, request, 'evals:read');
    const dataset = await repo.require(param(request, 'name'));
    const q = query(pageQuery, request);
    const version = q.version ?? dataset.latestVersion;
    const limit = q.limit ?? 100;
    const items = await repo.page({ datasetId: dataset.id, version, afterSeq: q.after ?? -1, limit });
    return { version, data: items, next: items.length === limit ? items.at(-1)!.seq : null };
  });

  app.post('/api/evals/datasets/:name/items', async (request, reply) => {
    const actor = await allow(rc, request, 'evals:write');
    audited(rc, reply, {
      actor,
      action: 'eval.dataset.items.add',
      target: `dataset:${param(request, 'name')}`,
    });
    const input = body(itemsBody, request);
    const written = await repo.addItems(param(request, 'name'), input.items, input.message);
    return reply
      .code(201)
      .send({ version: written.version, newVersion: written.newVersion, ids: written.ids });
  });

  app.put('/api/evals/datasets/:name/items/:id', async (request, reply) => {
    const actor = await allow(rc, request, 'evals:write');
    audited(rc, reply, {
      actor,
      action: 'eval.dataset.item.update',
      target: `dataset:${param(request, 'name')}`,
    });
    const written = await repo.updateItem(
      param(request, 'name'),
      param(request, 'id'),
      body(newItemSchema, request),
    );
    return { version: written.version, newVersion: written.newVersion };
  });

  app.delete('/api/evals/datasets/:name/items/:id', async (request, reply) => {
    const actor = await allow(rc, request, 'evals:write');
    audited(rc, reply, {
      actor,
      action: 'eval.dataset.item.delete',
      target: `dataset:${param(request, 'name')}`,
    });
    const written = await repo.deleteItem(param(request, 'name'), param(request, 'id'));
    return { version: written.version, newVersion: written.newVersion };
  });

  app.post('/api/evals/datasets/:name/import', async (request, reply) => {
    const actor = await allow(rc, request, 'evals:write');
    audited(rc, reply, { actor, action: 'eval.dataset.import', target: `dataset:${param(request, 'name')}` });
    const input = body(importBody, request);
    const written = await importItems({
      datasets: repo,
      dataset: param(request, 'name'),
      text: input.text,
      format: input.format,
      ...(input.provenance ? { defaults: { provenance: input.provenance } } : {}),
    });
    return reply
      .code(201)
      .send({ version: written.version, newVersion: written.newVersion, added: written.ids.length });
  });

  app.get('/api/evals/datasets/:name/export', async (request, reply) => {
    await allow(rc, request, 'evals:read');
    const dataset = await repo.require(param(request, 'name'));
    const q = query(exportQuery, request);
    const chunks: string[] = [];
    await exportItems({
      datasets: repo,
      datasetId: dataset.id,
      version: q.version ?? dataset.latestVersion,
      format: q.format,
      write: (t) => void chunks.push(t),
    });
    return reply
      .header('content-type', q.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson')
      .send(chunks.join(''));
  });

  app.post('/api/evals/datasets/:name/from-requests', async (request, reply) => {
    const actor = await allow(rc, request, 'evals:write');
    audited(rc, reply, {
      actor,
      action: 'eval.dataset.from_requests',
      target: `dataset:${param(request, 'name')}`,
    });
    const f = body(fromRequestsBody, request);
    if (f.ratingRule !== undefined && f.maxRating === undefined && f.minRating === undefined) {
      throw new KeelError('invalid_request', 'ratingRule needs maxRating or minRating', {
        param: 'ratingRule',
      });
    }
    const { ratingRule, since, until, ...rest } = f;
    const filter = {
      ...rest,
      since: sinceOf(since, '7d'),
      ...(until !== undefined ? { until: sinceOf(until, until) } : {}),
    };
    const result = await itemsFromRequests({
      store: rc.store,
      datasets: repo,
      dataset: param(request, 'name'),
      filter,
      content: rc.content,
      ratings: rc.ratings(ratingRule),
    });
    return reply.code(201).send(result);
  });

  app.post('/api/evals/datasets/:name/from-reviews', async (request, reply) => {
    const actor = await allow(rc, request, 'evals:write');
    audited(rc, reply, {
      actor,
      action: 'eval.dataset.from_reviews',
      target: `dataset:${param(request, 'name')}`,
    });
    const f = body(fromReviewsBody, request);
    return reply
      .code(201)
      .send(await reviewsToDataset(rc.sql, { dataset: param(request, 'name'), ...stripUndefined(f) }));
  });
}

function stripUndefined<T extends object>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}
