import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AdminCaller } from '../rbac/index.ts';
import type { AdminAuthenticator } from './admin-auth.ts';
import { buildOpenApi } from './openapi.ts';
import { ADMIN_ROUTES, type RouteInput } from './route-table.ts';
import { emptyQuery } from './schemas.ts';
import type { AccessService } from './service.ts';
import { parseInput } from './validate.ts';

export interface AdminRoutesOptions {
  service: AccessService;
  authenticate: AdminAuthenticator;
}

/** Admin bodies are small; anything this big is refused before it is parsed. */
const ADMIN_BODY_LIMIT = 1024 * 1024;

/**
 * Registers the admin API from the route table, plus `GET /api/openapi.json`. Authentication runs
 * in `onRequest`, before the body is read, so an unauthenticated caller learns nothing from
 * validation errors.
 */
export function registerAdminRoutes(app: FastifyInstance, options: AdminRoutesOptions): void {
  const callers = new WeakMap<FastifyRequest, AdminCaller>();
  const authenticate = async (request: FastifyRequest) => {
    callers.set(request, await options.authenticate(request.headers, { ip: request.ip }));
    // `curl -X POST -H 'content-type: application/json'` with no body (revoke, DELETE) means "no
    // body", not malformed JSON: without a content type Fastify leaves the body undefined. No body
    // is a zero length, or no length and no chunked encoding (what clients send for DELETE).
    const length = request.headers['content-length'];
    const chunked = request.headers['transfer-encoding'] !== undefined;
    if (length === '0' || (length === undefined && !chunked)) delete request.headers['content-type'];
  };
  for (const route of ADMIN_ROUTES) {
    app.route({
      method: route.method,
      url: route.path,
      bodyLimit: ADMIN_BODY_LIMIT,
      onRequest: authenticate,
      handler: async (request, reply) => {
        const caller = callers.get(request) as AdminCaller;
        const input: RouteInput = {
          params: route.params
            ? (parseInput(route.params, request.params, 'path') as Record<string, string>)
            : {},
          query: parseInput(route.query ?? emptyQuery, request.query, 'query') as Record<string, unknown>,
          body: request.body,
        };
        const result = await route.handle(options.service, caller, input);
        if (route.status === 204) return reply.code(204).send();
        return reply.code(route.status).send(result);
      },
    });
  }
  let document: unknown;
  app.get('/api/openapi.json', async () => {
    document ??= buildOpenApi();
    return document;
  });
}
