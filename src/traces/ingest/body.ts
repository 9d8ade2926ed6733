import { isUtf8 } from 'node:buffer';
import { promisify } from 'node:util';
import { brotliDecompress, gunzip, inflate } from 'node:zlib';
import { KeelError } from '../../errors/index.ts';

const decoders = {
  gzip: promisify(gunzip),
  deflate: promisify(inflate),
  br: promisify(brotliDecompress),
} as const;

export type BodyEncoding = 'protobuf' | 'json';

/** Which OTLP encoding a Content-Type names; others are a 415. */
export function bodyEncoding(contentType: string | undefined, allowProtobuf = true): BodyEncoding {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'application/json') return 'json';
  if (allowProtobuf && (type === 'application/x-protobuf' || type === 'application/protobuf'))
    return 'protobuf';
  const expected = allowProtobuf ? 'application/x-protobuf or application/json' : 'application/json';
  throw new KeelError('unsupported_media_type', `Content-Type must be ${expected}`);
}

/**
 * The body as sent, decompressed per Content-Encoding (gzip, deflate, br) with a hard cap on the
 * output: decompression stops at `maxBytes`, so a small gzip bomb cannot exhaust memory.
 * Decompression runs on the libuv thread pool, off the event loop.
 */
export async function decodeContent(
  body: Buffer,
  options: { contentEncoding: string | undefined; maxBytes: number },
): Promise<Buffer> {
  const encoding = (options.contentEncoding ?? 'identity').trim().toLowerCase();
  if (encoding === 'identity' || encoding === '') return body;
  const name = encoding === 'x-gzip' ? 'gzip' : encoding;
  if (name !== 'gzip' && name !== 'deflate' && name !== 'br') {
    throw new KeelError(
      'unsupported_media_type',
      `Content-Encoding '${encoding.slice(0, 40)}' is not supported`,
    );
  }
  try {
    return await decoders[name](body, { maxOutputLength: options.maxBytes });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new KeelError('body_too_large', `Decompressed body exceeds ${options.maxBytes} bytes`);
    }
    throw new KeelError('invalid_request', `Body is not valid ${name} data`);
  }
}

/** UTF-8 JSON → value, with the gateway's error codes (invalid_encoding, invalid_json). */
export function parseJsonBody(bytes: Buffer): unknown {
  if (bytes.length === 0)
    throw new KeelError('invalid_json', 'Request body is empty; expected a JSON object');
  if (!isUtf8(bytes)) throw new KeelError('invalid_encoding', 'Request body is not valid UTF-8');
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    const detail = error instanceof SyntaxError ? `: ${error.message.slice(0, 200)}` : '';
    throw new KeelError('invalid_json', `Request body is not valid JSON${detail}`);
  }
}

/** The header as one string (first value when repeated). */
export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
