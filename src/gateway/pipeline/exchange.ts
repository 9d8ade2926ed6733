import { performance } from 'node:perf_hooks';
import type {
  ChatRequest,
  EmbeddingRequest,
  RequestContext,
  RequestRecord,
  Usage,
} from '../../spec/index.ts';
import type { CallerInfo } from '../caller.ts';

/**
 * Everything the gateway learns about one request while serving it. Filled in as the request
 * moves through the pipeline, then turned into a RequestRecord and metrics once the last byte left.
 */
export interface Exchange {
  id: string;
  startedAt: number;
  /** performance.now() at arrival; all durations are measured against it. */
  t0: number;
  endpoint: RequestRecord['endpoint'];
  stream: boolean;
  model: string;
  tenant: string;
  caller: CallerInfo;
  signal: AbortSignal;
  servedModel: string | null;
  deployment: string | null;
  provider: string | null;
  upstreamModel: string | null;
  attempts: number;
  fallbackUsed: boolean;
  /** performance.now() when the first upstream attempt started / when the upstream finished. */
  upstreamStart: number | null;
  upstreamEnd: number | null;
  ttftMs: number | null;
  usage: Usage | null;
  costUsd: number;
  cache: RequestRecord['cache'];
  status: number;
  errorCode: string | null;
  metadata: Record<string, unknown>;
  /** What hooks see and change; `metadata` is shared with the exchange. */
  ctx: RequestContext;
}

export function newExchange(init: {
  id: string;
  endpoint: RequestRecord['endpoint'];
  model: string;
  stream: boolean;
  tenant: string;
  caller: CallerInfo;
  signal: AbortSignal;
  headers: RequestContext['headers'];
  clientIp: string;
  request: ChatRequest | EmbeddingRequest;
}): Exchange {
  const metadata: Record<string, unknown> = {};
  const { headers, request, clientIp, ...rest } = init;
  return {
    ...rest,
    startedAt: Date.now(),
    t0: performance.now(),
    servedModel: null,
    deployment: null,
    provider: null,
    upstreamModel: null,
    attempts: 0,
    fallbackUsed: false,
    upstreamStart: null,
    upstreamEnd: null,
    ttftMs: null,
    usage: null,
    costUsd: 0,
    cache: 'off',
    status: 200,
    errorCode: null,
    metadata,
    ctx: {
      id: init.id,
      endpoint: init.endpoint,
      headers,
      clientIp,
      caller: init.caller,
      signal: init.signal,
      request,
      principal: null,
      metadata,
      state: new Map(),
    },
  };
}

const round3 = (ms: number): number => Math.round(ms * 1000) / 1000;

/**
 * Overhead = total minus the time the upstream held the request. For streams the upstream holds it
 * from the first attempt until its last byte, so per-chunk forwarding inside that window is not
 * counted; the benchmark measures that part separately (added time-to-first-token).
 */
export function toRecord(ex: Exchange, endedAt: number): RequestRecord {
  const now = performance.now();
  const latencyMs = now - ex.t0;
  const upstreamMs = ex.upstreamStart === null ? null : (ex.upstreamEnd ?? now) - ex.upstreamStart;
  const usage = ex.usage;
  return {
    id: ex.id,
    startedAt: ex.startedAt,
    endedAt,
    endpoint: ex.endpoint,
    stream: ex.stream,
    model: ex.model,
    deployment: ex.deployment,
    provider: ex.provider,
    upstreamModel: ex.upstreamModel,
    attempts: ex.attempts,
    status: ex.status,
    errorCode: ex.errorCode,
    latencyMs: round3(latencyMs),
    upstreamMs: upstreamMs === null ? null : round3(upstreamMs),
    ttftMs: ex.ttftMs === null ? null : round3(ex.ttftMs),
    overheadMs: round3(Math.max(0, latencyMs - (upstreamMs ?? 0))),
    promptTokens: usage?.promptTokens ?? 0,
    completionTokens: usage?.completionTokens ?? 0,
    cachedTokens: usage?.cachedTokens ?? 0,
    reasoningTokens: usage?.reasoningTokens ?? 0,
    tokensEstimated: usage?.estimated ?? false,
    costUsd: ex.costUsd,
    cache: ex.cache,
    tenant: ex.tenant,
    user: ex.caller.user,
    session: ex.caller.session,
    feature: ex.caller.feature,
    tags: ex.caller.tags,
    metadata: ex.fallbackUsed
      ? { ...ex.metadata, fallbackUsed: true, servedModel: ex.servedModel }
      : ex.metadata,
  };
}
