import type { IncomingHttpHeaders } from 'node:http';
import { Agent } from 'undici';
import { ERROR_CATALOG, type ErrorCode, KeelError } from '../../errors/index.ts';
import type { ChatCompletion, ChatRequest } from '../../spec/chat.ts';

/** Caller headers carried over to the inner call: credentials (so access, budgets and spend apply to the caller) and attribution. */
const FORWARDED = [
  'authorization',
  'x-api-key',
  'x-keel-user',
  'x-keel-session',
  'x-keel-tags',
  'x-keel-feature',
];
const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

export interface SelfCaller {
  chat(
    request: ChatRequest,
    opts: { headers: IncomingHttpHeaders; extra: Record<string, string>; signal?: AbortSignal },
  ): Promise<ChatCompletion>;
  close(): Promise<void>;
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** The inner call's error, re-raised with its own code and status (e.g. 401, 429, guardrail_blocked). */
function errorFrom(status: number, text: string): KeelError {
  let parsed: { error?: { message?: unknown; code?: unknown; details?: unknown } } | undefined;
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    parsed = undefined;
  }
  const e = parsed?.error;
  const message = typeof e?.message === 'string' ? e.message : `Model call failed with status ${status}`;
  const code =
    typeof e?.code === 'string' && e.code in ERROR_CATALOG ? (e.code as ErrorCode) : 'upstream_error';
  const details =
    e?.details && typeof e.details === 'object' ? (e.details as Record<string, unknown>) : undefined;
  return new KeelError(code, message, { status, ...(details ? { details } : {}) });
}

/**
 * Calls this Keel's own `/v1/chat/completions` over loopback HTTP, so the quarantined call gets
 * everything a client call gets: auth and budgets, routing with retries and fallbacks, cost, the
 * request record and traces. One small keep-alive pool, closed with the module.
 */
export function createSelfCaller(baseUrl: () => string): SelfCaller {
  let agent: Agent | undefined;
  return {
    async chat(request, opts) {
      agent ??= new Agent({ keepAliveTimeout: 10_000, connections: 16 });
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      for (const name of FORWARDED) {
        const v = headerValue(opts.headers[name]);
        if (v !== undefined) headers[name] = v;
      }
      headers['x-keel-feature'] ??= 'guard-quarantine';
      Object.assign(headers, opts.extra);
      const res = await agent.request({
        origin: baseUrl(),
        path: '/v1/chat/completions',
        method: 'POST',
        headers,
        body: JSON.stringify(request),
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
      const length = Number(res.headers['content-length'] ?? 0);
      if (length > MAX_RESPONSE_BYTES) {
        res.body.destroy();
        throw new KeelError('upstream_error', 'Model answer is too large');
      }
      const text = await res.body.text();
      if (res.statusCode !== 200) throw errorFrom(res.statusCode, text);
      return JSON.parse(text) as ChatCompletion;
    },
    async close() {
      await agent?.close();
    },
  };
}
