import { isUtf8 } from 'node:buffer';
import type { FastifyInstance } from 'fastify';
import { KeelError } from '../errors/index.ts';
import { jsonTooDeep, MAX_JSON_DEPTH } from './json-depth.ts';

/**
 * The Content-Encoding a body was sent with, unless it is identity. Chat bodies are small and
 * compressed ones are rare, so they are refused (415) rather than decompressed: decoding them
 * blind gave "not valid UTF-8" for gzip and silently accepted a plain body labelled `br`.
 */
function unsupportedEncoding(header: string | string[] | undefined): string | undefined {
  const value = (Array.isArray(header) ? header.join(', ') : (header ?? '')).trim().toLowerCase();
  return value === '' || value === 'identity' ? undefined : value;
}

/**
 * JSON bodies are read as bytes so invalid UTF-8 is rejected (400) instead of being silently turned
 * into U+FFFD by string decoding; JSON.parse errors become `invalid_json` with the parser's position,
 * and so does nesting deeper than MAX_JSON_DEPTH (json-depth.ts).
 */
export function registerJsonParser(app: FastifyInstance): void {
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser(
    ['application/json', 'text/plain'],
    { parseAs: 'buffer' },
    (request, body, done) => {
      const encoding = unsupportedEncoding(request.headers['content-encoding']);
      if (encoding !== undefined) {
        const why = `Content-Encoding '${encoding.slice(0, 40)}' is not supported; send the JSON body uncompressed`;
        done(new KeelError('unsupported_media_type', why), undefined);
        return;
      }
      const bytes = body as Buffer;
      if (bytes.length === 0) {
        // Client wrappers set the JSON content type on every call, body or not ("POST
        // /api/prompts/x/rollback", "DELETE …/labels/prod"): admin routes and body-less methods read
        // no body, and a route that needs one says so. The model routes keep the clear error.
        if (request.method !== 'POST' || request.url.startsWith('/api/')) done(null, undefined);
        else done(new KeelError('invalid_json', 'Request body is empty; expected a JSON object'), undefined);
        return;
      }
      if (!isUtf8(bytes)) {
        done(new KeelError('invalid_encoding', 'Request body is not valid UTF-8'), undefined);
        return;
      }
      const text = bytes.toString('utf8');
      if (jsonTooDeep(text)) {
        const why = `Request body nests objects or arrays more than ${MAX_JSON_DEPTH} levels deep`;
        done(new KeelError('invalid_json', why), undefined);
        return;
      }
      try {
        done(null, JSON.parse(text));
      } catch (error) {
        const detail = error instanceof SyntaxError ? `: ${error.message.slice(0, 200)}` : '';
        done(new KeelError('invalid_json', `Request body is not valid JSON${detail}`), undefined);
      }
    },
  );
}
