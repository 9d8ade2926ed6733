import type { ChatCompletion, ChatCompletionChunk, ChatRequest, EmbeddingRequest } from './chat.ts';
import type { RequestRecord } from './request-record.ts';

/**
 * Who is calling, as established by the auth hook. The gateway itself only reads `tenant` (cache
 * and record isolation) and `allowedRegions`; the rest belongs to the module that set it.
 */
export interface Principal {
  /** Stable id of the credential (virtual key id, admin token id). */
  id: string;
  kind: 'virtual_key' | 'admin' | 'anonymous';
  /** Isolation boundary for cache entries, records and traces (the key's project). */
  tenant: string;
  orgId?: string;
  teamId?: string;
  projectId?: string;
  /** Names as the admin API shows them (a virtual key's, its team's): guard bindings match them too. */
  keyName?: string;
  teamName?: string;
  [key: string]: unknown;
}

/**
 * The tenant of callers without a tenant credential: keyless gateway requests (when keys are not
 * required) and trace ingest without an OTLP token or Langfuse key. Shared by the access module
 * (its anonymous principal) and the traces module (its ingest default), which do not import
 * each other.
 */
export const ANONYMOUS_TENANT = 'default';

/** Caller-supplied attribution (x-keel-user / body `user`, x-keel-session, x-keel-feature, x-keel-tags), parsed once by the gateway. */
export interface CallerInfo {
  user: string | null;
  session: string | null;
  feature: string | null;
  tags: string[];
}

/** One request as hooks see it. Hooks may replace `request` (prompt rendering, redaction). */
export interface RequestContext {
  readonly id: string;
  readonly endpoint: RequestRecord['endpoint'];
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly signal: AbortSignal;
  /** The caller's address as Fastify sees it (honours trustProxy when configured). */
  readonly clientIp?: string;
  /** Attribution from headers and body, already parsed: hooks read this, not the raw headers. */
  readonly caller: CallerInfo;
  request: ChatRequest | EmbeddingRequest;
  principal: Principal | null;
  /** Regions the router may use; undefined = any. */
  allowedRegions?: string[];
  /** Public models the caller may use, fallbacks included (the router skips others); undefined = any. */
  allowedModels?: string[];
  /** Small JSON that lands in the request record (prompt version, guard verdicts…). */
  metadata: Record<string, unknown>;
  /** Per-hook scratch space, keyed by hook name (reservations, mask mappings…). */
  state: Map<string, unknown>;
}

/** Transforms a stream in flight (output screening, mask restore). */
export interface StreamFilter {
  /** Returns the chunk texts to forward now (possibly none, to hold back); throw a KeelError to stop the stream. */
  chunk(data: string, parsed: () => ChatCompletionChunk): string[];
  /** The upstream finished: returns anything held back. */
  flush(): string[];
}

/**
 * A step in the gateway pipeline, contributed by a module (access, prompts, guard, traces) and
 * wired by `keel serve`. Hooks run in wiring order. Any hook may throw a KeelError to reject the
 * request; `afterRecord` runs for every request that reached `beforeRequest`, even failed ones.
 */
export interface GatewayHook {
  readonly name: string;
  beforeRequest?(ctx: RequestContext): Promise<void> | void;
  /** Non-streamed chat answers, before they go to the client; may return a replacement. */
  afterResponse?(
    ctx: RequestContext,
    body: ChatCompletion,
  ): Promise<ChatCompletion | undefined> | ChatCompletion | undefined;
  /** Streamed chat answers: a per-request filter, or undefined for none. */
  streamFilter?(ctx: RequestContext): StreamFilter | undefined;
  /** The request ended; `record` is what was written. Off the response path; must not throw. */
  afterRecord?(ctx: RequestContext, record: RequestRecord): void;
}
