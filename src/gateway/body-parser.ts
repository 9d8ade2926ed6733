import { isUtf8 } from 'node:buffer';
import type { FastifyInstance } from 'fastify';
import { KeelError } from '../errors/index.ts';

/**
 * JSON bodies are read as bytes so invalid UTF-8 is rejected (400) instead of being silently turned
 * into U+FFFD by string decoding; JSON.parse errors become `invalid_json` with the parser's position.
 */
export function registerJsonParser(app: FastifyInstance): void {
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser(
    ['application/json', 'text/plain'],
    { parseAs: 'buffer' },
    (_request, body, done) => {
      const bytes = body as Buffer;
      if (bytes.length === 0) {
        done(new KeelError('invalid_json', 'Request body is empty; expected a JSON object'), undefined);
        return;
      }
      if (!isUtf8(bytes)) {
        done(new KeelError('invalid_encoding', 'Request body is not valid UTF-8'), undefined);
        return;
      }
      try {
        done(null, JSON.parse(bytes.toString('utf8')));
      } catch (error) {
        const detail = error instanceof SyntaxError ? `: ${error.message.slice(0, 200)}` : '';
        done(new KeelError('invalid_json', `Request body is not valid JSON${detail}`), undefined);
      }
    },
  );
}
