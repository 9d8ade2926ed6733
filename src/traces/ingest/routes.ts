import type { FastifyInstance } from 'fastify';
import type { IngestDeps } from './deps.ts';
import { langfuseRoutes } from './langfuse-route.ts';
import { otlpRoutes } from './otlp-route.ts';

/**
 * The ingest endpoints, in their own Fastify scope: bodies are read as raw bytes of any content
 * type (up to `bodyLimit` as sent), because they may be gzip and/or protobuf; the handlers
 * decompress with a cap and decode. The gateway's JSON parser is untouched outside this scope.
 */
export function registerIngestRoutes(app: FastifyInstance, deps: IngestDeps, bodyLimit: number): void {
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_request, body, done) =>
      done(null, body),
    );
    otlpRoutes(scope, deps);
    langfuseRoutes(scope, deps);
  });
}
