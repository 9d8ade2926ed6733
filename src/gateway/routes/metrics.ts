import type { FastifyInstance } from 'fastify';
import type { GatewayDeps } from '../deps.ts';

const CIRCUIT_VALUE = { closed: 0, half_open: 1, open: 2 } as const;

/** Prometheus exposition. Gauges that mirror other components' state are refreshed at scrape time. */
export function metricsRoute(
  app: FastifyInstance,
  deps: GatewayDeps,
  extra: { recordStats: () => Record<string, number> },
): void {
  app.get('/metrics', async (_request, reply) => {
    const m = deps.metrics;
    for (const d of deps.router.snapshot()) {
      m.circuitState.set({ deployment: d.id, model: d.model }, CIRCUIT_VALUE[d.state]);
    }
    const stats = extra.recordStats();
    for (const [state, value] of Object.entries(stats)) m.recordQueue.set({ state }, value);
    m.recordsDropped.set(stats.dropped ?? 0);
    return reply.type(m.registry.contentType).send(await m.registry.metrics());
  });
}
