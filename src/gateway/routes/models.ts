import type { FastifyInstance } from 'fastify';
import type { GatewayDeps } from '../deps.ts';

/**
 * OpenAI's model list: the public model names from config (deployments stay private), narrowed to
 * what the caller may use when a module (access: virtual keys) says so.
 */
export function modelsRoute(app: FastifyInstance, deps: GatewayDeps, startedAt: number): void {
  const created = Math.floor(startedAt / 1000);
  app.get('/v1/models', async (request) => {
    const allowed = await deps.listModelsFor?.({ headers: request.headers, ip: request.ip });
    const ids = Object.keys(deps.runtime().config.models);
    return {
      object: 'list',
      data: (allowed === undefined ? ids : ids.filter((id) => allowed.includes(id))).map((id) => ({
        id,
        object: 'model',
        created,
        owned_by: 'keel',
      })),
    };
  });
}
