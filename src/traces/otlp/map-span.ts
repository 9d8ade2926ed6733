import { type ContentPolicy, contentText } from '../content.ts';
import {
  blankSpan,
  blankTrace,
  defaultLayer,
  type SpanRow,
  type SpanStatus,
  type TraceSource,
  type TraceUpsert,
  VERDICTS,
  type Verdict,
} from '../model.ts';
import { Attrs, toObject, toTags } from './attrs.ts';
import { modelFacts, ttftMs } from './genai.ts';
import { detectKind, detectLayer } from './kind.ts';
import { extractIo } from './messages.ts';
import { boundedMetadata } from './metadata.ts';
import { collectAttributes, dict, field, idHex, isObj, nanosToMicros, type Obj } from './values.ts';

export interface MapContext {
  tenant: string;
  source: TraceSource;
  /** Resource attributes of the enclosing ResourceSpans. */
  resource: Obj;
  scope: string | null;
  content: ContentPolicy;
  maxMetadataChars: number;
}

export type MapResult = { ok: true; span: SpanRow; trace: TraceUpsert | null } | { ok: false; error: string };

const OTEL_KINDS = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];

/** OTLP status: code 2 / STATUS_CODE_ERROR is an error, 1 / STATUS_CODE_OK ok, else unset. */
function otelStatus(raw: unknown): { status: SpanStatus; message: string | null } {
  if (!isObj(raw)) return { status: 'unset', message: null };
  const code = raw.code;
  const status: SpanStatus =
    code === 2 || code === 'STATUS_CODE_ERROR'
      ? 'error'
      : code === 1 || code === 'STATUS_CODE_OK'
        ? 'ok'
        : 'unset';
  const message = typeof raw.message === 'string' && raw.message !== '' ? raw.message.slice(0, 2000) : null;
  return { status, message };
}

interface Envelope {
  traceId: string;
  spanId: string;
  parentId: string | null;
  name: string;
  startUs: number;
  endUs: number | null;
}

/** The identity and timing fields every span must have right; an error names the field. */
function envelope(raw: Obj): Envelope | string {
  const traceId = idHex(field(raw, 'traceId', 'trace_id'), 16);
  if (!traceId) return 'traceId must be 16 bytes (32 hex characters), not all zeros';
  const spanId = idHex(field(raw, 'spanId', 'span_id'), 8);
  if (!spanId) return 'spanId must be 8 bytes (16 hex characters), not all zeros';
  const parent = idHex(field(raw, 'parentSpanId', 'parent_span_id'), 8);
  if (parent === null) return 'parentSpanId must be 8 bytes (16 hex characters) or empty';
  const name = field(raw, 'name');
  if (name !== undefined && typeof name !== 'string') return 'name must be a string';
  const startUs = nanosToMicros(field(raw, 'startTimeUnixNano', 'start_time_unix_nano'));
  if (startUs === null) return 'startTimeUnixNano must be a positive 64-bit integer';
  const rawEnd = field(raw, 'endTimeUnixNano', 'end_time_unix_nano');
  const endUs = nanosToMicros(rawEnd);
  if (endUs === null && rawEnd !== undefined && rawEnd !== '0' && rawEnd !== 0 && !isZeroLong(rawEnd)) {
    return 'endTimeUnixNano must be a 64-bit integer';
  }
  if (endUs !== null && endUs < startUs) return 'endTimeUnixNano is before startTimeUnixNano';
  return {
    traceId,
    spanId,
    parentId: parent === '' ? null : parent,
    name: (name ?? '').slice(0, 1024),
    startUs,
    endUs,
  };
}

function isZeroLong(v: unknown): boolean {
  return isObj(v) && v.low === 0 && v.high === 0;
}

function verdictOf(attrs: Attrs, status: SpanStatus, guardrail: boolean): Verdict | null {
  const v = attrs.str('keel.guard.verdict');
  if (v && (VERDICTS as readonly string[]).includes(v)) return v as Verdict;
  if (!guardrail) return null;
  return status === 'error' ? 'block' : 'allow';
}

function cacheHitOf(attrs: Attrs): boolean | null {
  const v = attrs.take('keel.cache_hit');
  if (typeof v === 'boolean') return v;
  if (v === 'hit' || v === 'true') return true;
  if (v === 'miss' || v === 'false') return false;
  return null;
}

/** Maps one OTLP span (protobuf-decoded or JSON) onto the trace model. */
export function mapOtlpSpan(raw: unknown, ctx: MapContext): MapResult {
  if (!isObj(raw)) return { ok: false, error: 'span must be an object' };
  const env = envelope(raw);
  if (typeof env === 'string') return { ok: false, error: env };
  const values = dict();
  collectAttributes(field(raw, 'attributes'), values);
  const attrs = new Attrs(values);
  const span = blankSpan({
    tenant: ctx.tenant,
    traceId: env.traceId,
    spanId: env.spanId,
    startUs: env.startUs,
    source: ctx.source,
  });
  span.parentId = env.parentId;
  span.endUs = env.endUs;
  span.durationMs = env.endUs === null ? null : (env.endUs - env.startUs) / 1000;
  span.name = env.name || '(unnamed)';
  span.kind = detectKind(attrs);
  span.layer = detectLayer(attrs, defaultLayer(span.kind));
  const facts = modelFacts(attrs);
  Object.assign(span, {
    model: facts.model,
    provider: facts.provider,
    inputTokens: facts.inputTokens,
    outputTokens: facts.outputTokens,
    totalTokens: facts.totalTokens,
    costUsd: facts.costUsd,
    promptName: facts.promptName,
    promptVersion: facts.promptVersion,
  });
  span.ttftMs = ttftMs(attrs, env.startUs);
  const io = extractIo(attrs, field(raw, 'events'));
  span.input = contentText(io.input, ctx.content);
  span.output = contentText(io.output, ctx.content);
  const otel = otelStatus(field(raw, 'status'));
  const level = attrs.str('langfuse.observation.level');
  span.status = level === 'ERROR' ? 'error' : otel.status;
  span.statusMessage = attrs.str('langfuse.observation.status_message', 2000) ?? otel.message ?? io.exception;
  span.deployment = attrs.str('keel.deployment');
  span.cacheHit = cacheHitOf(attrs);
  span.verdict = verdictOf(attrs, span.status, span.kind === 'guardrail');
  span.userId = attrs.str(
    ['user.id', 'langfuse.user.id', 'enduser.id', 'traceloop.association.properties.user_id'],
    256,
  );
  span.sessionId = attrs.str(
    [
      'session.id',
      'langfuse.session.id',
      'gen_ai.conversation.id',
      'traceloop.association.properties.session_id',
    ],
    256,
  );
  const trace = traceDeclaration(attrs, span, ctx);
  attrs.prefixed('langfuse.internal');
  span.metadata = boundedMetadata(
    {
      otelKind: OTEL_KINDS[Number(field(raw, 'kind'))] ?? null,
      scope: ctx.scope,
      service: typeof ctx.resource['service.name'] === 'string' ? ctx.resource['service.name'] : null,
      level: level !== null && level !== 'DEFAULT' ? level : null,
      costEstimated: facts.costEstimated || null,
      modelParameters: toObject(attrs.take('langfuse.observation.model.parameters')),
      metadata: mergeObjects(
        toObject(attrs.take('langfuse.observation.metadata')),
        attrs.prefixed('langfuse.observation.metadata'),
      ),
      events: io.otherEvents.length > 0 ? io.otherEvents : null,
      attributes: attrs.rest(),
    },
    ctx.maxMetadataChars,
  );
  return { ok: true, span, trace };
}

function mergeObjects(a: Obj | null, b: Obj | null): Obj | null {
  if (a === null) return b;
  return b === null ? a : { ...a, ...b };
}

/** Trace-level facts carried by span attributes (Langfuse trace attributes, user and session). */
function traceDeclaration(attrs: Attrs, span: SpanRow, ctx: MapContext): TraceUpsert | null {
  const name = attrs.str('langfuse.trace.name');
  const tags = toTags(attrs.take('langfuse.trace.tags', 'tag.tags'));
  const meta = mergeObjects(
    toObject(attrs.take('langfuse.trace.metadata')),
    attrs.prefixed('langfuse.trace.metadata'),
  );
  const extra: Obj = {};
  for (const key of ['release', 'version', 'environment']) {
    const value = attrs.str(`langfuse.${key}`);
    if (value !== null) extra[key] = value;
  }
  const input = attrs.take('langfuse.trace.input');
  const output = attrs.take('langfuse.trace.output');
  const metadata = meta !== null || Object.keys(extra).length > 0 ? { ...(meta ?? {}), ...extra } : null;
  const declared =
    name !== null || tags.length > 0 || metadata !== null || input !== undefined || output !== undefined;
  if (!declared && span.userId === null && span.sessionId === null) return null;
  const trace = blankTrace({ tenant: ctx.tenant, traceId: span.traceId, source: ctx.source });
  trace.name = name;
  trace.tags = tags;
  trace.metadata = metadata === null ? null : boundedMetadata(metadata, ctx.maxMetadataChars);
  trace.input = contentText(input, ctx.content);
  trace.output = contentText(output, ctx.content);
  trace.userId = span.userId;
  trace.sessionId = span.sessionId;
  return trace;
}
