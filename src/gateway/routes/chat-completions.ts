import type { FastifyInstance } from 'fastify';
import type { ChatRequest } from '../../spec/index.ts';
import type { GatewayDeps } from '../deps.ts';
import { completeChat, planChat } from '../pipeline/chat.ts';
import { streamChat } from '../pipeline/chat-stream.ts';
import { finishExchange } from '../pipeline/finish.ts';
import { runAfterResponse, runBeforeHooks } from '../pipeline/hooks.ts';
import { sendError } from '../render-error.ts';
import { parseChatRequest, requireMessages } from '../request-schemas.ts';
import { beginExchange, cacheDirective, failExchange, servedHeaders } from '../respond.ts';
import { openAiSink } from '../sse/openai-sink.ts';

export function chatCompletionsRoute(app: FastifyInstance, deps: GatewayDeps): void {
  app.post('/v1/chat/completions', async (request, reply) => {
    const ex = beginExchange(request, reply, { endpoint: 'chat', body: parseChatRequest(request.body) });
    deps.metrics.inFlight.inc();
    const sink = openAiSink(reply);
    try {
      // Before the hooks: an unreadable cache header is a 400 that must cost no rate-limit slot,
      // budget hold or judge call.
      const cache = cacheDirective(request);
      await runBeforeHooks(ex, deps);
      const body = ex.ctx.request as ChatRequest;
      requireMessages(body);
      const plan = planChat(ex, body, { deps, cache });
      if (body.stream === true) {
        await streamChat(ex, body, { plan, deps, sink, headers: () => servedHeaders(ex, false) });
        return reply;
      }
      const result = await runAfterResponse(ex, deps, await completeChat(ex, body, plan, deps));
      return reply.headers(servedHeaders(ex, true)).send(result);
    } catch (error) {
      const keelError = failExchange(ex, error);
      if (sink.started) {
        sink.fail(keelError);
        return reply;
      }
      return sendError(reply.headers(servedHeaders(ex, false)), keelError, 'openai');
    } finally {
      deps.metrics.inFlight.dec();
      finishExchange(ex, deps);
    }
  });
}
