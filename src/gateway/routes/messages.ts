import type { FastifyInstance } from 'fastify';
import { fromAnthropicRequest, toAnthropicMessage } from '../../providers/anthropic/index.ts';
import type { ChatRequest } from '../../spec/index.ts';
import type { GatewayDeps } from '../deps.ts';
import { completeChat, planChat } from '../pipeline/chat.ts';
import { streamChat } from '../pipeline/chat-stream.ts';
import { finishExchange } from '../pipeline/finish.ts';
import { runAfterResponse, runBeforeHooks } from '../pipeline/hooks.ts';
import { sendError } from '../render-error.ts';
import { beginExchange, cacheDirective, failExchange, servedHeaders } from '../respond.ts';
import { anthropicSink } from '../sse/anthropic-sink.ts';

/**
 * Anthropic Messages API in: translated to the canonical chat request, routed to any provider,
 * and translated back (JSON or SSE events). Parameters Keel cannot carry are named in
 * `x-keel-warnings` instead of being dropped silently.
 */
export function messagesRoute(app: FastifyInstance, deps: GatewayDeps): void {
  app.post('/v1/messages', async (request, reply) => {
    const { request: translated, warnings } = fromAnthropicRequest(request.body);
    const ex = beginExchange(request, reply, { endpoint: 'messages', body: translated });
    if (warnings.length > 0)
      reply.header(
        'x-keel-warnings',
        warnings
          .map((w) => w.message)
          .join('; ')
          .slice(0, 1000),
      );
    deps.metrics.inFlight.inc();
    const sink = anthropicSink(reply, { model: translated.model });
    try {
      // Before the hooks: an unreadable cache header is a 400 that must cost no rate-limit slot,
      // budget hold or judge call.
      const cache = cacheDirective(request);
      await runBeforeHooks(ex, deps);
      const chat = ex.ctx.request as ChatRequest;
      const plan = planChat(ex, chat, { deps, cache });
      if (chat.stream === true) {
        await streamChat(ex, chat, {
          plan,
          deps,
          sink,
          headers: () => ({ ...servedHeaders(ex, false), ...warningHeader(reply) }),
        });
        return reply;
      }
      const completion = await runAfterResponse(ex, deps, await completeChat(ex, chat, plan, deps));
      // A cache hit bills nothing (ex.usage is 0, as the headers say) but its body replays the
      // usage the cached answer reported, as in the OpenAI dialect and in streams.
      const usage = ex.cache === 'hit' ? undefined : ex.usage;
      return reply
        .headers(servedHeaders(ex, true))
        .send(toAnthropicMessage(completion, { model: chat.model, ...(usage ? { usage } : {}) }));
    } catch (error) {
      const keelError = failExchange(ex, error);
      if (sink.started) {
        sink.fail(keelError);
        return reply;
      }
      return sendError(reply.headers(servedHeaders(ex, false)), keelError, 'anthropic');
    } finally {
      deps.metrics.inFlight.dec();
      finishExchange(ex, deps);
    }
  });
}

function warningHeader(reply: { getHeader(name: string): unknown }): Record<string, string> {
  const value = reply.getHeader('x-keel-warnings');
  return typeof value === 'string' ? { 'x-keel-warnings': value } : {};
}
