import type { IncomingHttpHeaders } from 'node:http';
import { Agent } from 'undici';
import { mapTransportError } from './map-error.ts';

export interface UpstreamAgentOptions {
  /** Max sockets per upstream origin. */
  connections?: number;
  /** Idle keep-alive sockets are closed after this many ms. */
  keepAliveTimeoutMs?: number;
  /**
   * Backstop for a response that never sends headers. 0 disables it: the caller's signal carries
   * the configured attempt timeout, which may legitimately be long for reasoning models.
   */
  headersTimeoutMs?: number;
  /** Max idle gap between body chunks before the stream is declared dead. */
  bodyTimeoutMs?: number;
}

export interface PostJsonOptions {
  /** Path (and query) below the origin, e.g. `/v1/chat/completions`. */
  path: string;
  headers: Record<string, string>;
  body: string;
  signal: AbortSignal;
}

export interface UpstreamResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The response body as it arrives; iterate it once, or `text()` it, or `dispose()` it. */
  body: AsyncIterable<Uint8Array>;
  text(): Promise<string>;
  /** Reads at most `maxBytes` of the body as text, then releases the connection. */
  textLimited(maxBytes: number): Promise<string>;
  /** Drops the body and the connection (a half-read response can't be reused). */
  dispose(): void;
}

export interface UpstreamClient {
  readonly origin: string;
  postJson(options: PostJsonOptions): Promise<UpstreamResponse>;
  close(): Promise<void>;
}

type Body = Awaited<ReturnType<Agent['request']>>['body'];

async function readLimited(body: Body, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= maxBytes) break;
    }
  } finally {
    if (!body.destroyed) body.destroy();
  }
  return Buffer.concat(chunks).subarray(0, maxBytes).toString('utf8');
}

function wrapResponse(
  res: Awaited<ReturnType<Agent['request']>>,
  mapError: (err: unknown) => Error,
): UpstreamResponse {
  const { body } = res;
  return {
    status: res.statusCode,
    headers: res.headers,
    body,
    text: () => body.text().catch((err: unknown) => Promise.reject(mapError(err))),
    textLimited: (maxBytes) =>
      readLimited(body, maxBytes).catch((err: unknown) => Promise.reject(mapError(err))),
    dispose: () => {
      if (!body.destroyed) body.destroy();
    },
  };
}

/** Lets in-flight requests finish briefly, then cuts them: shutdown must never hang on a stream. */
async function closeAgent(agent: Agent, graceMs = 1000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<'expired'>((resolve) => {
    timer = setTimeout(() => resolve('expired'), graceMs);
  });
  const outcome = await Promise.race([agent.close().then(() => 'closed' as const), expired]);
  clearTimeout(timer);
  if (outcome === 'expired') await agent.destroy();
}

/**
 * One keep-alive connection pool per provider over undici (not global fetch: fewer allocations per
 * request and explicit control of sockets, pipelining and timeouts on the hot path).
 */
export function createUpstreamClient(
  baseUrl: string,
  options: UpstreamAgentOptions & { provider: string },
): UpstreamClient {
  const origin = new URL(baseUrl).origin;
  const agent = new Agent({
    connections: options.connections ?? 128,
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 30_000,
    pipelining: 1,
    headersTimeout: options.headersTimeoutMs ?? 0,
    bodyTimeout: options.bodyTimeoutMs ?? 300_000,
  });
  const provider = options.provider;
  return {
    origin,
    async postJson(req) {
      const mapError = (err: unknown) => mapTransportError(err, { provider, signal: req.signal });
      try {
        const res = await agent.request({
          origin,
          path: req.path,
          method: 'POST',
          headers: req.headers,
          body: req.body,
          signal: req.signal,
        });
        return wrapResponse(res, mapError);
      } catch (err) {
        throw mapError(err);
      }
    },
    close: () => closeAgent(agent),
  };
}
