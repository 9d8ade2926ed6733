import type { FastifyInstance } from 'fastify';
import { KeelError } from '../../errors/index.ts';
import type { MoveLabelResult } from '../service-labels.ts';
import { parseWith } from '../validate.ts';
import { authorize, bodyOf, labelParam, nameParam, type RouteContext } from './context.ts';
import { deleteLabelQuery, historyQuery, moveLabelBody, rollbackBody } from './schemas.ts';
import { labelsView, requirePrompt } from './views.ts';

const moved = (name: string, result: MoveLabelResult) => ({
  name,
  label: result.label,
  from: result.from,
  to: result.to,
  changed: result.changed,
});

/** Labels: list, move (single version or split), delete, history, rollback. */
export function labelRoutes(app: FastifyInstance, rc: RouteContext): void {
  const index = rc.service.index;

  app.get('/api/prompts/:name/labels', async (request) => {
    await authorize(rc, request, 'prompts:read');
    return { labels: labelsView(index, requirePrompt(index, nameParam(request))) };
  });

  app.put('/api/prompts/:name/labels/:label', async (request) => {
    const actor = await authorize(rc, request, 'prompts:label');
    const name = nameParam(request);
    const body = parseWith(moveLabelBody, bodyOf(request));
    const result = await rc.service.moveLabel({
      name,
      label: labelParam(request),
      target: body.split !== undefined ? { split: body.split } : { version: body.version as number },
      ...(body.expectedVersion === undefined ? {} : { expectedVersion: body.expectedVersion }),
      ...(body.reason === undefined ? {} : { reason: body.reason }),
      actor,
    });
    return moved(name, result);
  });

  app.delete('/api/prompts/:name/labels/:label', async (request, reply) => {
    const actor = await authorize(rc, request, 'prompts:label');
    const query = parseWith(deleteLabelQuery, request.query ?? {});
    await rc.service.deleteLabel({
      name: nameParam(request),
      label: labelParam(request),
      actor,
      ...(query.expectedVersion === undefined ? {} : { expectedVersion: query.expectedVersion }),
    });
    return reply.code(204).send();
  });

  app.get('/api/prompts/:name/labels/:label/history', async (request) => {
    await authorize(rc, request, 'prompts:read');
    const query = parseWith(historyQuery, request.query ?? {});
    return {
      data: await rc.service.history(nameParam(request), { label: labelParam(request), limit: query.limit }),
    };
  });

  app.get('/api/prompts/:name/history', async (request) => {
    await authorize(rc, request, 'prompts:read');
    const query = parseWith(historyQuery, request.query ?? {});
    return { data: await rc.service.history(nameParam(request), { limit: query.limit }) };
  });

  app.post('/api/prompts/:name/labels/:label/rollback', async (request) => {
    const actor = await authorize(rc, request, 'prompts:label');
    const name = nameParam(request);
    const body = parseWith(rollbackBody, bodyOf(request));
    if (!index.get(name)) throw new KeelError('not_found', `Prompt '${name}' not found`);
    const result = await rc.service.rollback({
      name,
      label: labelParam(request),
      actor,
      ...(body.reason === undefined ? {} : { reason: body.reason }),
    });
    return moved(name, result);
  });
}
