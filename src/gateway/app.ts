import Fastify, { type FastifyInstance } from 'fastify';
import { isKeelError, KeelError } from '../errors/index.ts';
import { registerJsonParser } from './body-parser.ts';
import { answerClientError } from './client-error.ts';
import type { GatewayDeps } from './deps.ts';
import { type Dialect, normaliseError, sendError } from './render-error.ts';
import { chatCompletionsRoute } from './routes/chat-completions.ts';
import { embeddingsRoute } from './routes/embeddings.ts';
import { healthRoutes } from './routes/health.ts';
import { messagesRoute } from './routes/messages.ts';
import { metricsRoute } from './routes/metrics.ts';
import { modelsRoute } from './routes/models.ts';

export interface GatewayAppOptions {
  bodyLimitBytes: number;
  recordStats: () => Record<string, number>;
  /** Extra routes from modules (admin API, ingest, guard scan…). */
  routes?: Array<(app: FastifyInstance) => void>;
}

export interface GatewayApp {
  app: FastifyInstance;
  /** Marks the gateway as draining: /ready turns 503 and new model requests get `shutting_down`. */
  drain(): void;
}

const dialectOf = (url: string): Dialect => (url.startsWith('/v1/messages') ? 'anthropic' : 'openai');

/**
 * The HTTP data plane. Fastify's own request logging is off: the request record is the log, and
 * a log line per request would cost more than everything else Keel adds on the path.
 */
export function createGatewayApp(deps: GatewayDeps, options: GatewayAppOptions): GatewayApp {
  const app = Fastify({
    logger: false,
    bodyLimit: options.bodyLimitBytes,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    keepAliveTimeout: 65_000,
    requestIdHeader: false,
    clientErrorHandler: answerClientError,
  });
  let draining = false;
  registerJsonParser(app);
  app.setErrorHandler((error, request, reply) => {
    const keelError = normaliseError(error);
    // A 5xx Keel did not mean to send is a bug to find: log where it came from. Only the error's
    // name, code and stack frames, never its message (it may quote request data).
    if (keelError.status >= 500 && !isKeelError(error))
      deps.logger.error(
        { err: unexpectedError(error), method: request.method, route: request.routeOptions.url },
        'unexpected error answered with a 500',
      );
    return sendError(reply, keelError, dialectOf(request.url));
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(
      reply,
      new KeelError('not_found', `No route for ${request.method} ${request.url.slice(0, 200)}`),
      dialectOf(request.url),
    ),
  );
  app.addHook('onRequest', async (request, reply) => {
    if (draining && request.url.startsWith('/v1/')) {
      return sendError(
        reply,
        new KeelError('shutting_down', 'Keel is shutting down; retry on another replica'),
        dialectOf(request.url),
      );
    }
  });
  chatCompletionsRoute(app, deps);
  messagesRoute(app, deps);
  embeddingsRoute(app, deps);
  modelsRoute(app, deps, Date.now());
  healthRoutes(app, deps, { draining: () => draining });
  metricsRoute(app, deps, { recordStats: options.recordStats });
  for (const register of options.routes ?? []) register(app);
  return {
    app,
    drain() {
      draining = true;
    },
  };
}

/** An unexpected error as a log may hold it: name, code and stack frames, not the message. */
export function unexpectedError(error: unknown): { name: string; code?: string; frames: string[] } {
  if (!(error instanceof Error)) return { name: typeof error, frames: [] };
  const code = (error as { code?: unknown }).code;
  const frames = (error.stack ?? '')
    .split('\n')
    .filter((line) => line.startsWith('    at '))
    .slice(0, 12)
    .map((line) => line.trim());
  return { name: error.name, ...(typeof code === 'string' ? { code } : {}), frames };
}
