/**
 * The sim as an HTTP server (`keel sim`): speaks OpenAI (/v1/chat/completions, /v1/embeddings,
 * /v1/models) and Anthropic (/v1/messages), with per-request x-sim-* overrides. Plain node:http
 * with keep-alive and no per-request logging, because it is the peer of load tests.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SimOptions } from '../../config/schema.ts';
import { KeelError, toKeelError } from '../../errors/index.ts';
import { FailureInjector } from './failure.ts';
import { type Exchange, type Outcome, readJson, sendError, sendJson } from './http-io.ts';
import { mergeSimOptions, parseSimHeaders } from './overrides.ts';
import { chatRoute, embeddingsRoute, messagesRoute, modelsBody, type RouteContext } from './routes.ts';
import { wireErrorFromKeel } from './wire-error.ts';

export interface SimServerOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  options: SimOptions;
  /** Largest accepted body (default 10 MB). */
  bodyLimitBytes?: number;
}

export interface SimServerStats {
  requests: number;
  /** Requests by path, counted on arrival. */
  byPath: Record<string, number>;
  /** How requests ended: HTTP status, or 'timeout' / 'disconnect' (injected) / 'aborted' (client left). */
  byStatus: Record<string, number>;
  /** `METHOD path outcome`, e.g. "POST /v1/chat/completions 429". */
  byRoute: Record<string, number>;
}

export interface SimServer {
  url: string;
  port: number;
  close(): Promise<void>;
  stats(): SimServerStats;
  resetStats(): void;
}

const ROUTES: Record<string, ((ctx: RouteContext) => Promise<void>) | undefined> = {
  'POST /v1/chat/completions': chatRoute,
  'POST /v1/embeddings': embeddingsRoute,
  'POST /v1/messages': messagesRoute,
};

function emptyStats(): SimServerStats {
  return { requests: 0, byPath: {}, byStatus: {}, byRoute: {} };
}

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

function exchange(
  req: IncomingMessage,
  res: ServerResponse,
  key: string,
  stats: () => SimServerStats,
): Exchange {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  let recorded = false;
  return {
    req,
    res,
    dialect: key.endsWith('/v1/messages') ? 'anthropic' : 'openai',
    signal: controller.signal,
    outcome(outcome: Outcome) {
      if (recorded) return;
      recorded = true;
      bump(stats().byStatus, String(outcome));
      bump(stats().byRoute, `${key} ${outcome}`);
    },
  };
}

async function dispatch(
  ex: Exchange,
  key: string,
  state: { options: SimOptions; failures: FailureInjector; limit: number },
) {
  if (key === 'GET /v1/models') return sendJson(ex, 200, modelsBody());
  const route = ROUTES[key];
  if (!route) throw new KeelError('not_found', `Unknown route: ${key}`);
  const plan = mergeSimOptions(state.options, parseSimHeaders(ex.req.headers));
  const body = await readJson(ex.req, state.limit);
  await route({ ex, body, plan, failures: state.failures });
}

function fail(ex: Exchange, error: unknown): void {
  const { res } = ex;
  if (res.writableEnded) return;
  if (res.destroyed || res.headersSent) {
    ex.outcome('aborted');
    // A stream that started cannot carry an error status: end it visibly broken.
    res.destroy();
    return;
  }
  sendError(ex, wireErrorFromKeel(toKeelError(error)));
}

export async function startSimServer(opts: SimServerOptions): Promise<SimServer> {
  let stats = emptyStats();
  const state = {
    options: opts.options,
    failures: new FailureInjector(),
    limit: opts.bodyLimitBytes ?? 10 * 1024 * 1024,
  };
  const server = createServer({ keepAlive: true }, (req, res) => {
    const queryAt = req.url?.indexOf('?') ?? -1;
    const path = queryAt >= 0 ? (req.url ?? '').slice(0, queryAt) : (req.url ?? '/');
    stats.requests++;
    bump(stats.byPath, path);
    const key = `${req.method} ${path}`;
    const ex = exchange(req, res, key, () => stats);
    dispatch(ex, key, state).catch((error: unknown) => fail(ex, error));
  });
  // Longer than client pools' idle timeouts, so a client never reuses a socket we just closed.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port, address, family } = server.address() as AddressInfo;
  const host = family === 'IPv6' ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}`,
    port,
    stats: () => structuredClone(stats),
    resetStats: () => {
      stats = emptyStats();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Hung ('timeout') requests and idle keep-alive sockets would hold close() open forever.
        server.closeAllConnections();
      }),
  };
}
