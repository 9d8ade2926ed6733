/**
 * The sim server's request/response plumbing over plain node:http: bounded body reading with
 * UTF-8 and JSON checks, JSON and error responses, SSE writes with backpressure, and stats.
 */
import { once } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { KeelError } from '../../errors/index.ts';
import { type Dialect, errorBody, type WireError } from './wire-error.ts';

export type Outcome = number | 'timeout' | 'disconnect' | 'aborted';

/** One request in flight. */
export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  dialect: Dialect;
  /** Aborts when the client goes away before the answer is complete. */
  signal: AbortSignal;
  /** Records how the request ended, for stats(). */
  outcome(outcome: Outcome): void;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function readRaw(req: IncomingMessage, limit: number): Promise<Buffer> {
  const tooLarge = () => new KeelError('body_too_large', `Request body exceeds ${limit} bytes`);
  if (Number(req.headers['content-length']) > limit) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      // Keep reading into the void (no destroy), so the client still receives the 413.
      req.off('data', onData);
      req.resume();
      reject(tooLarge());
    };
    req.on('data', onData);
    req.once('error', reject);
    req.once('end', () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size)));
  });
}

/** The parsed JSON body; KeelErrors for oversized, non-UTF-8 or malformed bodies. */
export async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const raw = await readRaw(req, limit);
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    throw new KeelError('invalid_encoding', 'Request body is not valid UTF-8');
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new KeelError('invalid_json', 'We could not parse the JSON body of your request.');
  }
}

export function sendJson(ex: Exchange, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  ex.res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  ex.res.end(text);
  ex.outcome(status);
}

export function sendError(ex: Exchange, error: WireError): void {
  const text = errorBody(ex.dialect, error);
  const headers: Record<string, string | number> = {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  };
  if (error.retryAfterSeconds !== undefined) headers['retry-after'] = String(error.retryAfterSeconds);
  ex.res.writeHead(error.status, headers);
  ex.res.end(text);
  ex.outcome(error.status);
}

export function startSse(ex: Exchange): void {
  ex.res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  // Headers go out now: the caller learns the stream started before the first token is due.
  ex.res.flushHeaders();
}

/** Writes and waits for the socket to drain when its buffer is full (slow readers). */
export async function writeText(ex: Exchange, text: string): Promise<void> {
  if (!ex.res.write(text)) await once(ex.res, 'drain', { signal: ex.signal });
}

/** Ends the connection mid-response: flushes what was written, then closes without finishing. */
export function cutConnection(ex: Exchange): void {
  ex.outcome('disconnect');
  const socket = ex.res.socket ?? ex.req.socket;
  if (ex.res.headersSent) socket.destroySoon();
  else socket.destroy();
}
