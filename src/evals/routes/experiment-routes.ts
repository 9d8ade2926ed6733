import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { KeelError } from '../../errors/index.ts';
import { compareExperiments } from '../compare/index.ts';
import { onlineScoreAverages, onlineScoresFor } from '../online/index.ts';
import { priceOfModel, ResultsRepo } from '../runner/index.ts';
import { listAlerts, listRuns, scheduleState } from '../schedule/index.ts';
import { allow, audited, intText, param, query, type RouteContext, sinceOf } from './context.ts';

const listQuery = z.strictObject({
  name: z.string().max(200).optional(),
  status: z.enum(['running', 'completed', 'failed', 'stopped']).optional(),
  limit: intText(1, 500).optional(),
});
const resultsQuery = z.strictObject({
  after: z.string().max(600).optional(),
  limit: intText(1, 1000).optional(),
});
const compareQuery = z.strictObject({ a: z.string().min(1).max(100), b: z.string().min(1).max(100) });
const pricesQuery = z.strictObject({
  model: z.union([z.string().max(256), z.array(z.string().max(256)).max(100)]),
});
const averagesQuery = z.strictObject({
  since: z.string().max(64).optional(),
  until: z.string().max(64).optional(),
  rule: z.string().max(64).optional(),
});

/** Experiments, results, comparison, prices (for cost estimates), online scores, schedules, alerts. */
export function experimentRoutes(app: FastifyInstance, rc: RouteContext): void {
  const results = new ResultsRepo(rc.sql);

  app.get('/api/evals/experiments', async (request) => {
    await allow(rc, request, 'evals:read');
    const q = query(listQuery, request);
    return {
      data: await results.list({
        ...(q.name ? { name: q.name } : {}),
        ...(q.status ? { status: q.status } : {}),
        ...(q.limit ? { limit: q.limit } : {}),
      }),
    };
  });

  app.get('/api/evals/experiments/:id', async (request) => {
    await allow(rc, request, 'evals:read');
    return results.require(param(request, 'id'));
  });

  app.get('/api/evals/experiments/:id/results', async (request) => {
    await allow(rc, request, 'evals:read');
    const id = param(request, 'id');
    await results.require(id);
    const q = query(resultsQuery, request);
    // Cursor: "SEQ:MODEL" of the last row seen.
    const cut = q.after?.indexOf(':') ?? -1;
    const after =
      q.after && cut > 0 ? { seq: Number(q.after.slice(0, cut)), model: q.after.slice(cut + 1) } : null;
    if (after && !Number.isInteger(after.seq))
      throw new KeelError('invalid_request', 'Invalid cursor', { param: 'after' });
    const limit = q.limit ?? 100;
    const page = await results.page(id, after, limit);
    const last = page.at(-1);
    return { data: page, next: page.length === limit && last ? `${last.seq}:${last.model}` : null };
  });

  app.get('/api/evals/compare', async (request) => {
    await allow(rc, request, 'evals:read');
    const q = query(compareQuery, request);
    return compareExperiments({ results, a: await results.require(q.a), b: await results.require(q.b) });
  });

  app.get('/api/evals/prices', async (request) => {
    await allow(rc, request, 'evals:read');
    const q = query(pricesQuery, request);
    const models = Array.isArray(q.model) ? q.model : [q.model];
    const config = rc.keelConfig();
    return { prices: Object.fromEntries(models.map((m) => [m, priceOfModel(config, m) ?? null])) };
  });

  app.get('/api/evals/online/averages', async (request) => {
    await allow(rc, request, 'evals:read');
    const q = query(averagesQuery, request);
    const since = sinceOf(q.since, '1h');
    return {
      since,
      data: await onlineScoreAverages(rc.sql, {
        since,
        ...(q.until ? { until: sinceOf(q.until, q.until) } : {}),
        ...(q.rule ? { rule: q.rule } : {}),
      }),
    };
  });

  app.get('/api/evals/online/requests/:id', async (request) => {
    await allow(rc, request, 'evals:read');
    return { data: await onlineScoresFor(rc.sql, param(request, 'id')) };
  });

  app.get('/api/evals/online/status', async (request) => {
    await allow(rc, request, 'evals:read');
    return {
      rules: rc.config().online.map((r) => r.name),
      queued: rc.queue.size,
      dropped: rc.queue.dropped,
      capacity: rc.queue.capacity,
    };
  });

  app.get('/api/evals/schedules', async (request) => {
    await allow(rc, request, 'evals:read');
    const data = [];
    for (const s of rc.config().schedules) {
      const state = await scheduleState(rc.sql, s.name);
      data.push({
        ...s,
        nextDue: state?.nextDue ?? null,
        running: state?.holder !== null && state?.holder !== undefined,
        runs: await listRuns(rc.sql, { schedule: s.name, limit: 10 }),
      });
    }
    return { data };
  });

  app.post('/api/evals/schedules/:name/run', async (request, reply) => {
    const actor = await allow(rc, request, 'evals:write');
    const name = param(request, 'name');
    audited(rc, reply, { actor, action: 'eval.schedule.run', target: `schedule:${name}` });
    if (!rc.scheduler || !rc.config().schedules.some((s) => s.name === name))
      throw new KeelError('not_found', `No schedule named '${name}'`);
    // Runs can take minutes: answer at once; GET /api/evals/schedules shows the outcome.
    void rc.scheduler.runNow(name).catch(() => undefined);
    return reply.code(202).send({ accepted: true, schedule: name });
  });

  app.get('/api/evals/alerts', async (request) => {
    await allow(rc, request, 'evals:read');
    const q = query(z.strictObject({ since: z.string().max(64).optional() }), request);
    return { data: await listAlerts(rc.sql, { since: sinceOf(q.since, '30d') }) };
  });
}
