import { createHash } from 'node:crypto';
import type { SpanRow, TraceUpsert } from '../model.ts';

/**
 * Spans as an OTLP/JSON ExportTraceServiceRequest, with the attributes Keel's own ingest maps back
 * (keel.*, gen_ai.*, input.value/output.value, user.id, session.id), so a second Keel — or any OTLP
 * backend — receives the same facts. Ids that are not OTLP hex (Langfuse ids) are hashed to the
 * right length and the original is kept in `keel.trace_id` / `keel.span_id`.
 */

type AnyValue =
  | { stringValue: string }
  | { intValue: string }
  | { doubleValue: number }
  | { boolValue: boolean };
interface KeyValue {
  key: string;
  value: AnyValue;
}

const HEX32 = /^[0-9a-f]{32}$/;
const HEX16 = /^[0-9a-f]{16}$/;

function otlpId(id: string, hexLength: 16 | 32): string {
  const lower = id.toLowerCase();
  if ((hexLength === 32 ? HEX32 : HEX16).test(lower) && !/^0+$/.test(lower)) return lower;
  return createHash('sha256').update(id).digest('hex').slice(0, hexLength);
}

function anyValue(v: unknown): AnyValue | null {
  if (typeof v === 'string') return { stringValue: v };
  if (typeof v === 'boolean') return { boolValue: v };
  if (typeof v === 'number' && Number.isFinite(v))
    return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
  if (v !== null && typeof v === 'object') return { stringValue: JSON.stringify(v) };
  return null;
}

function attrs(entries: Record<string, unknown>): KeyValue[] {
  const out: KeyValue[] = [];
  for (const [key, v] of Object.entries(entries)) {
    const value = anyValue(v);
    if (value !== null) out.push({ key, value });
  }
  return out;
}

function parseObject(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

const OTEL_KIND: Record<string, number> = { internal: 1, server: 2, client: 3, producer: 4, consumer: 5 };

function spanKind(s: SpanRow, meta: Record<string, unknown>): number {
  const declared = typeof meta.otelKind === 'string' ? OTEL_KIND[meta.otelKind.toLowerCase()] : undefined;
  if (declared) return declared;
  return s.kind === 'generation' || s.kind === 'embedding' ? 3 : 1;
}

function spanAttributes(
  s: SpanRow,
  meta: Record<string, unknown>,
  trace: TraceUpsert | undefined,
): KeyValue[] {
  const original = meta.attributes !== null && typeof meta.attributes === 'object' ? meta.attributes : {};
  const mine: Record<string, unknown> = {
    'keel.span.kind': s.kind,
    'keel.layer': s.layer,
    'keel.trace_id': HEX32.test(s.traceId) ? undefined : s.traceId,
    'keel.span_id': HEX16.test(s.spanId) ? undefined : s.spanId,
    'keel.source': s.source,
    'gen_ai.request.model': s.model,
    'gen_ai.provider.name': s.provider,
    'gen_ai.usage.input_tokens': s.inputTokens,
    'gen_ai.usage.output_tokens': s.outputTokens,
    'keel.total_tokens': s.totalTokens,
    'keel.cost_usd': s.costUsd,
    'keel.ttft_ms': s.ttftMs,
    'keel.deployment': s.deployment,
    'keel.cache_hit': s.cacheHit,
    'keel.guard.verdict': s.verdict,
    'keel.prompt.name': s.promptName,
    'keel.prompt.version': s.promptVersion,
    'user.id': s.userId ?? trace?.userId ?? undefined,
    'session.id': s.sessionId ?? trace?.sessionId ?? undefined,
    'keel.feature': trace?.feature ?? undefined,
    'keel.team': trace?.teamId ?? undefined,
    'langfuse.trace.name': trace?.name ?? undefined,
    'langfuse.trace.tags': trace && trace.tags.length > 0 ? JSON.stringify(trace.tags) : undefined,
    'input.value': s.input,
    'output.value': s.output,
  };
  // Keel's own facts win over leftover attributes of the same name; unknown (null) facts do not erase them.
  const known = Object.fromEntries(Object.entries(mine).filter(([, v]) => v !== null && v !== undefined));
  return attrs({ ...(original as Record<string, unknown>), ...known });
}

function otlpSpan(s: SpanRow, trace: TraceUpsert | undefined): Record<string, unknown> {
  const meta = parseObject(s.metadata);
  const status =
    s.status === 'error'
      ? { code: 2, ...(s.statusMessage ? { message: s.statusMessage } : {}) }
      : s.status === 'ok'
        ? { code: 1 }
        : {};
  return {
    traceId: otlpId(s.traceId, 32),
    spanId: otlpId(s.spanId, 16),
    ...(s.parentId ? { parentSpanId: otlpId(s.parentId, 16) } : {}),
    name: s.name || s.kind,
    kind: spanKind(s, meta),
    startTimeUnixNano: String(BigInt(s.startUs) * 1000n),
    endTimeUnixNano: String(BigInt(s.endUs ?? s.startUs) * 1000n),
    attributes: spanAttributes(s, meta, trace),
    status,
  };
}

/** One ExportTraceServiceRequest: a resource per (tenant, service) holding its spans. */
export function toOtlpJson(
  spans: readonly SpanRow[],
  traces: readonly TraceUpsert[] = [],
): { resourceSpans: unknown[] } {
  const declared = new Map(traces.map((t) => [`${t.tenant}\u0000${t.traceId}`, t]));
  const groups = new Map<string, { tenant: string; service: string; spans: unknown[] }>();
  for (const s of spans) {
    const meta = parseObject(s.metadata);
    const service = typeof meta.service === 'string' ? meta.service : 'keel';
    const key = `${s.tenant}\u0000${service}`;
    let group = groups.get(key);
    if (!group) {
      group = { tenant: s.tenant, service, spans: [] };
      groups.set(key, group);
    }
    group.spans.push(otlpSpan(s, declared.get(`${s.tenant}\u0000${s.traceId}`)));
  }
  return {
    resourceSpans: [...groups.values()].map((g) => ({
      resource: { attributes: attrs({ 'service.name': g.service, 'keel.tenant': g.tenant }) },
      scopeSpans: [{ scope: { name: 'keel.traces.export' }, spans: g.spans }],
    })),
  };
}
