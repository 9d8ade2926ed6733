import { Pool } from 'undici';
import { ERROR_CATALOG, type ErrorCode, KeelError } from '../../errors/index.ts';

/**
 * The runner's HTTP client to a Keel gateway: one undici Pool (keep-alive) to the gateway's origin,
 * so experiment calls are routed, metered, recorded and traced like any other traffic. Keel's
 * errors keep their catalog code (a 429 budget_exceeded is not a 429 rate limit) and Retry-After.
 */

export interface GatewayClientOptions {
  /** Keel's base URL (with or without `/v1`). */
  baseUrl: string;
  /** A Keel virtual key (`Authorization: Bearer`), when access control is on. */
  apiKey?: string;
  /** Sent with every call. */
  headers?: Record<string, string>;
  /** Pool size; at least the runner's concurrency. */
  connections: number;
}

export interface GatewayResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

const MAX_BODY = 32 * 1024 * 1024;

function flatHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

/** Retry-After as seconds or an HTTP date → ms. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function errorOf(res: GatewayResponse): KeelError {
  const e = (res.body as { error?: { message?: unknown; code?: unknown } } | null)?.error;
  const message = typeof e?.message === 'string' ? e.message : `Keel answered HTTP ${res.status}`;
  const known = typeof e?.code === 'string' && e.code in ERROR_CATALOG ? (e.code as ErrorCode) : undefined;
  const code: ErrorCode =
    known ?? (res.status === 429 ? 'rate_limited' : res.status >= 500 ? 'upstream_error' : 'invalid_request');
  const retryAfter = retryAfterMs(res.headers['retry-after']);
  return new KeelError(code, message, {
    status: res.status,
    upstreamStatus: res.status,
    // Keel's own 5xx and 429s (except budgets) are worth another try; its 4xx are not.
    retryable: code === 'budget_exceeded' ? false : res.status === 429 || res.status >= 500,
    ...(retryAfter !== undefined ? { retryAfterMs: retryAfter } : {}),
  });
}

function transportError(err: unknown, origin: string, timedOut: boolean): KeelError {
  if (err instanceof KeelError) return err;
  if (timedOut) return new KeelError('upstream_timeout', `Keel at ${origin} did not answer in time`);
  if (
    (err as { name?: unknown }).name === 'AbortError' ||
    (err as { code?: unknown }).code === 'UND_ERR_ABORTED'
  ) {
    return new KeelError('client_closed', 'Call cancelled', { retryable: false });
  }
  const code = (err as { code?: unknown }).code;
  return new KeelError(
    'upstream_connection',
    `Could not reach Keel at ${origin} (${typeof code === 'string' ? code : 'error'})`,
    {
      retryable: true,
      // The runner stops when Keel itself stays unreachable: every other item would fail the same way.
      details: { keelUnreachable: true },
    },
  );
}

export class GatewayClient {
  readonly origin: string;
  readonly #base: string;
  readonly #pool: Pool;
  readonly #headers: Record<string, string>;

  constructor(options: GatewayClientOptions) {
    const url = new URL(options.baseUrl);
    const path = url.pathname.replace(/\/+$/, '');
    this.origin = url.origin;
    this.#base = path.endsWith('/v1') ? path.slice(0, -3) : path;
    this.#pool = new Pool(url.origin, {
      connections: Math.max(1, options.connections),
      keepAliveTimeout: 10_000,
    });
    this.#headers = { 'content-type': 'application/json', ...options.headers };
    if (options.apiKey) this.#headers.authorization = `Bearer ${options.apiKey}`;
  }

  /** POSTs JSON; non-2xx answers throw a KeelError carrying Keel's code and Retry-After. */
  async post(
    path: string,
    body: unknown,
    o: { headers?: Record<string, string>; signal?: AbortSignal; timeoutMs: number },
  ) {
    const res = await this.request('POST', path, { ...o, body });
    if (res.status < 200 || res.status > 299) throw errorOf(res);
    return res;
  }

  async get(path: string, o: { signal?: AbortSignal; timeoutMs: number }): Promise<GatewayResponse> {
    return this.request('GET', path, o);
  }

  async request(
    method: 'GET' | 'POST',
    path: string,
    o: { body?: unknown; headers?: Record<string, string>; signal?: AbortSignal; timeoutMs: number },
  ): Promise<GatewayResponse> {
    // One timer per call, cleared when it ends: AbortSignal.timeout() would keep every call's
    // signal alive for the whole timeout (memory grows with the item count), and AbortSignal.any
    // would hang each call off the long-lived run signal.
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error('timeout'));
    }, o.timeoutMs);
    const outer = o.signal;
    const onAbort = () => controller.abort(outer?.reason);
    if (outer?.aborted) onAbort();
    else outer?.addEventListener('abort', onAbort, { once: true });
    try {
      const res = await this.#pool.request({
        path: `${this.#base}${path}`,
        method,
        headers: { ...this.#headers, ...o.headers },
        ...(o.body !== undefined ? { body: JSON.stringify(o.body) } : {}),
        signal: controller.signal,
      });
      const text = await readText(res.body);
      let parsed: unknown = null;
      try {
        parsed = text === '' ? null : JSON.parse(text);
      } catch {
        parsed = text;
      }
      return { status: res.statusCode, headers: flatHeaders(res.headers), body: parsed };
    } catch (err) {
      throw transportError(err, this.origin, timedOut);
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
    }
  }

  close(): Promise<void> {
    return this.#pool.close();
  }
}

async function readText(body: AsyncIterable<Buffer> & { destroy(): void }): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > MAX_BODY) {
      body.destroy();
      throw new KeelError('upstream_error', 'Keel answer is too large');
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
