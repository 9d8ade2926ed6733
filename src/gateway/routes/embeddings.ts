import { performance } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';
import { countTextTokens } from '../../cost/index.ts';
import { KeelError } from '../../errors/index.ts';
import type { EmbeddingRequest } from '../../spec/index.ts';
import type { GatewayDeps } from '../deps.ts';
import { finishExchange } from '../pipeline/finish.ts';
import { runBeforeHooks } from '../pipeline/hooks.ts';
import { routeCall } from '../pipeline/route-call.ts';
import { costFor } from '../pipeline/usage.ts';
import { sendError } from '../render-error.ts';
import { parseEmbeddingRequest } from '../request-schemas.ts';
import { beginExchange, failExchange, servedHeaders } from '../respond.ts';

export function embeddingsRoute(app: FastifyInstance, deps: GatewayDeps): void {
  app.post('/v1/embeddings', async (request, reply) => {
    const ex = beginExchange(request, reply, {
      endpoint: 'embeddings',
      body: parseEmbeddingRequest(request.body),
    });
    deps.metrics.inFlight.inc();
    try {
      await runBeforeHooks(ex, deps);
      const body = ex.ctx.request as EmbeddingRequest;
      const runtime = deps.runtime();
      const model = runtime.model(body.model);
      // Mirrors planChat's check the other way round: a chat deployment handed an embeddings call
      // would answer (the sim does) or fail upstream with a less helpful message.
      if (model.kind !== 'embedding') {
        throw new KeelError('invalid_request', `Model '${body.model}' is not an embedding model`, {
          param: 'model',
        });
      }
      const { result, release } = await routeCall(ex, { deps, runtime, model }, (provider, ctx) =>
        provider.embed({ ...body, model: ctx.upstreamModel }, ctx),
      );
      release();
      ex.upstreamEnd = performance.now();
      const promptTokens = result.usage?.promptTokens ?? countInput(body);
      ex.usage = result.usage ?? {
        promptTokens,
        completionTokens: 0,
        totalTokens: promptTokens,
        estimated: true,
      };
      ex.costUsd = costFor(ex, runtime, ex.usage);
      return reply.headers(servedHeaders(ex, true)).send({ ...result.body, model: body.model });
    } catch (error) {
      return sendError(reply.headers(servedHeaders(ex, false)), failExchange(ex, error), 'openai');
    } finally {
      deps.metrics.inFlight.dec();
      finishExchange(ex, deps);
    }
  });
}

function countInput(body: EmbeddingRequest): number {
  const input = body.input;
  if (typeof input === 'string') return countTextTokens(input);
  let total = 0;
  for (const item of input)
    total += typeof item === 'string' ? countTextTokens(item) : Array.isArray(item) ? item.length : 1;
  return total;
}
