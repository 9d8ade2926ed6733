import type { FastifyInstance } from 'fastify';
import { parseBody } from '../../gateway/index.ts';
import { type QuarantineDeps, runQuarantine } from './quarantine.ts';
import { quarantineBodySchema } from './quarantine-schema.ts';

/** Largest accepted quarantine body: the content itself is capped at 512 KiB characters. */
export const QUARANTINE_BODY_LIMIT = 1024 * 1024;

/** `POST /v1/guard/quarantine` → `{ variables, flags, model, usage, attempts }`. */
export function registerQuarantineRoute(app: FastifyInstance, deps: QuarantineDeps): void {
  app.post('/v1/guard/quarantine', { bodyLimit: QUARANTINE_BODY_LIMIT }, async (request, reply) => {
    const body = parseBody(quarantineBodySchema, request.body);
    const controller = new AbortController();
    // The response closing before it finished means the client left: stop the inner model call.
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) controller.abort();
    });
    return runQuarantine(body, deps, { headers: request.headers, signal: controller.signal });
  });
}
