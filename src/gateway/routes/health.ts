import type { FastifyInstance } from 'fastify';
import type { GatewayDeps } from '../deps.ts';

/** /health: the process answers (liveness). /ready: store reachable and config loaded (readiness). */
export function healthRoutes(
  app: FastifyInstance,
  deps: GatewayDeps,
  state: { draining: () => boolean },
): void {
  app.get('/health', async () => ({ status: 'ok' }));
  app.get('/ready', async (_request, reply) => {
    if (state.draining()) return reply.code(503).send({ status: 'draining', checks: {} });
    const result = await deps.ready();
    return reply
      .code(result.ok ? 200 : 503)
      .send({ status: result.ok ? 'ready' : 'not_ready', checks: result.checks });
  });
}
