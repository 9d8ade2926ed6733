import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { RequestRecord } from '../spec/index.ts';
import { guardCheckpoints } from './gateway-guard-meta.ts';
import { blankSpan, blankTrace, type QueueItem, type SpanRow, type Verdict } from './model.ts';
import { boundedMetadata } from './otlp/metadata.ts';
import type { TraceParent } from './traceparent.ts';

/**
 * A gateway request as a trace: one generation (or embedding) span, plus a guardrail span per
 * guard checkpoint and a cache span, read from the record's metadata. Ids are derived from the
 * record id, so the same record always makes the same rows (a replay never duplicates).
 *
 * Expected metadata shapes (written by the guard and cache steps; anything else is ignored):
 *   guard: { policy?, checkpoints: [{ checkpoint, action: allow|flag|redact|block, latencyMs?,
 *            blockedBy?, results?: [{ scanner, verdict, score?, latencyMs? }] }] }
 *          (or { input: {action, …}, output: {…} } keyed by checkpoint)
 *          (or the guard module's own record shape: one entry per scanner and checkpoint,
 *           [{ checkpoint, scanner, verdict, score, latencyMs, action }], with the policy in
 *           `guardPolicy`)
 *   cache: { kind?: 'exact'|'semantic', hit?: boolean, latencyMs?, similarity? }
 *   prompt: { name, version } (or promptName / promptVersion)
 */
const cacheSchema = z.looseObject({
  kind: z.string().max(32).optional(),
  hit: z.boolean().optional(),
  latencyMs: z.number().min(0).optional(),
});
const promptSchema = z.looseObject({
  name: z.string().max(256),
  version: z.union([z.string().max(64), z.number()]).optional(),
});

export interface GatewayTraceOptions {
  parent: TraceParent | null;
  teamId: string | null;
  input: string | null;
  output: string | null;
  maxMetadataChars: number;
}

const hex = (id: string): string => id.replaceAll('-', '').toLowerCase();
const childId = (recordId: string, name: string): string =>
  createHash('sha256').update(`${recordId}:${name}`).digest('hex').slice(0, 16);

const VERDICT_OF: Record<string, Verdict> = {
  allow: 'allow',
  pass: 'allow',
  flag: 'flag',
  redact: 'redact',
  mask: 'redact',
  block: 'block',
};

function promptOf(meta: Record<string, unknown>): { name: string | null; version: string | null } {
  // Most requests carry no prompt reference: a failed safeParse builds an error object (zod's
  // failure path was 1-2 % of the gateway's CPU per request), so absent values skip it.
  const parsed = meta.prompt === undefined ? undefined : promptSchema.safeParse(meta.prompt);
  if (parsed?.success)
    return {
      name: parsed.data.name,
      version: parsed.data.version === undefined ? null : String(parsed.data.version),
    };
  const name = typeof meta.promptName === 'string' ? meta.promptName.slice(0, 256) : null;
  const version =
    typeof meta.promptVersion === 'string' || typeof meta.promptVersion === 'number'
      ? String(meta.promptVersion)
      : null;
  return { name, version };
}

function generationSpan(record: RequestRecord, o: GatewayTraceOptions): SpanRow {
  const traceId = o.parent?.traceId ?? hex(record.id);
  const span = blankSpan({
    tenant: record.tenant,
    traceId,
    spanId: hex(record.id).slice(16),
    startUs: record.startedAt * 1000,
    source: 'gateway',
  });
  const embedding = record.endpoint === 'embeddings';
  const prompt = promptOf(record.metadata);
  const { guard: _g, cache: _c, prompt: _p, ...rest } = record.metadata;
  Object.assign(span, {
    parentId: o.parent?.parentId ?? null,
    endUs: Math.max(record.endedAt, record.startedAt) * 1000,
    durationMs: record.latencyMs,
    name: `${embedding ? 'embeddings' : 'chat'} ${record.model}`.slice(0, 1024),
    kind: embedding ? 'embedding' : 'generation',
    layer: 'model',
    status: record.status >= 400 || record.errorCode !== null ? 'error' : 'ok',
    statusMessage: record.errorCode,
    model: record.model,
    provider: record.provider,
    deployment: record.deployment,
    promptName: prompt.name,
    promptVersion: prompt.version,
    inputTokens: record.promptTokens,
    outputTokens: record.completionTokens,
    totalTokens: record.promptTokens + record.completionTokens,
    costUsd: record.costUsd,
    ttftMs: record.ttftMs,
    cacheHit: record.cache === 'off' ? null : record.cache === 'hit',
    userId: record.user,
    sessionId: record.session,
    input: o.input,
    output: o.output,
  });
  span.metadata = boundedMetadata(
    {
      requestId: record.id,
      endpoint: record.endpoint,
      stream: record.stream,
      httpStatus: record.status,
      attempts: record.attempts,
      upstreamModel: record.upstreamModel,
      upstreamMs: record.upstreamMs,
      overheadMs: record.overheadMs,
      cachedTokens: record.cachedTokens || null,
      reasoningTokens: record.reasoningTokens || null,
      tokensEstimated: record.tokensEstimated || null,
      feature: record.feature,
      metadata: rest,
    },
    o.maxMetadataChars,
  );
  return span;
}

function guardSpans(record: RequestRecord, gen: SpanRow, max: number): SpanRow[] {
  if (record.metadata.guard === undefined) return [];
  const { policy, list } = guardCheckpoints(record.metadata);
  return list.slice(0, 20).map((c, i) => {
    const checkpoint = c.checkpoint.slice(0, 64);
    const latencyUs = Math.round((c.latencyMs ?? 0) * 1000);
    const atEnd = checkpoint === 'output';
    const startUs = atEnd ? Math.max(gen.startUs, (gen.endUs ?? gen.startUs) - latencyUs) : gen.startUs;
    const span = blankSpan({
      tenant: gen.tenant,
      traceId: gen.traceId,
      spanId: childId(record.id, `guard:${i}:${checkpoint}`),
      startUs,
      source: 'gateway',
    });
    const verdict = VERDICT_OF[(c.action ?? 'allow').toLowerCase()] ?? 'allow';
    Object.assign(span, {
      parentId: gen.spanId,
      endUs: startUs + latencyUs,
      durationMs: c.latencyMs ?? 0,
      name: `guard.${checkpoint}`,
      kind: 'guardrail',
      layer: 'safety',
      status: verdict === 'block' ? 'error' : 'ok',
      statusMessage: verdict === 'block' && c.blockedBy ? `blocked by ${c.blockedBy}` : null,
      verdict,
      userId: gen.userId,
      sessionId: gen.sessionId,
    });
    span.metadata = boundedMetadata(
      { policy: policy ?? null, blockedBy: c.blockedBy ?? null, results: c.results?.slice(0, 50) ?? null },
      max,
    );
    return span;
  });
}

function cacheSpan(record: RequestRecord, gen: SpanRow, max: number): SpanRow | null {
  const parsed =
    record.metadata.cache === undefined ? undefined : cacheSchema.safeParse(record.metadata.cache);
  const meta = parsed?.success ? parsed.data : null;
  if (record.cache === 'off' && meta === null) return null;
  const latencyUs = Math.round((meta?.latencyMs ?? 0) * 1000);
  const span = blankSpan({
    tenant: gen.tenant,
    traceId: gen.traceId,
    spanId: childId(record.id, 'cache'),
    startUs: gen.startUs,
    source: 'gateway',
  });
  Object.assign(span, {
    parentId: gen.spanId,
    endUs: gen.startUs + latencyUs,
    durationMs: meta?.latencyMs ?? 0,
    name: 'cache.lookup',
    kind: 'custom',
    layer: 'operations',
    status: 'ok',
    cacheHit: meta?.hit ?? (record.cache === 'off' ? null : record.cache === 'hit'),
    userId: gen.userId,
    sessionId: gen.sessionId,
  });
  span.metadata = boundedMetadata({ cache: meta }, max);
  return span;
}

export function gatewayTraceItems(record: RequestRecord, o: GatewayTraceOptions): QueueItem[] {
  const gen = generationSpan(record, o);
  const items: QueueItem[] = [{ type: 'span', row: gen }];
  for (const span of guardSpans(record, gen, o.maxMetadataChars)) items.push({ type: 'span', row: span });
  const cache = cacheSpan(record, gen, o.maxMetadataChars);
  if (cache) items.push({ type: 'span', row: cache });
  if (
    record.user !== null ||
    record.session !== null ||
    record.tags.length > 0 ||
    record.feature !== null ||
    o.teamId !== null
  ) {
    const trace = blankTrace({ tenant: record.tenant, traceId: gen.traceId, source: 'gateway' });
    Object.assign(trace, {
      userId: record.user,
      sessionId: record.session,
      tags: record.tags.slice(0, 100).map((t) => t.slice(0, 256)),
      feature: record.feature,
      teamId: o.teamId,
    });
    items.push({ type: 'trace', row: trace });
  }
  return items;
}
