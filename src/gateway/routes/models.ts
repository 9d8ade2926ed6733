import type { FastifyInstance } from 'fastify';
import type { GatewayDeps } from '../deps.ts';

/** OpenAI's model list: the public model names from config (deployments stay private). */
export function modelsRoute(app: FastifyInstance, deps: GatewayDeps, startedAt: number): void {
  const created = Math.floor(startedAt / 1000);
  app.get('/v1/models', async () => {
    const models = deps.runtime().config.models;
    return {
      object: 'list',
      data: Object.keys(models).map((id) => ({ id, object: 'model', created, owned_by: 'keel' })),
    };
  });
}
