import { costOf, lookupPrice } from '../../cost/index.ts';
import { type ContentPolicy, contentText } from '../content.ts';
import {
  blankSpan,
  blankTrace,
  defaultLayer,
  type QueueItem,
  type ScoreRow,
  type SpanKind,
} from '../model.ts';
import { boundedMetadata } from '../otlp/metadata.ts';
import {
  type IngestionEvent,
  issueText,
  type ObservationBody,
  observationBodySchema,
  scoreBodySchema,
  traceBodySchema,
} from './schemas.ts';

export interface EventContext {
  tenant: string;
  content: ContentPolicy;
  maxMetadataChars: number;
  nowUs: number;
}

export type EventResult = { ok: true; items: QueueItem[] } | { ok: false; status: number; message: string };

const OBSERVATION_KINDS: Record<string, SpanKind> = {
  span: 'span',
  generation: 'generation',
  event: 'event',
  agent: 'agent',
  tool: 'tool',
  chain: 'span',
  retriever: 'retrieval',
  evaluator: 'custom',
  embedding: 'embedding',
  guardrail: 'guardrail',
};

const toUs = (iso: string | null | undefined): number | null => {
  if (iso === null || iso === undefined) return null;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) && ms > 0 ? Math.round(ms * 1000) : null;
};

const fail = (message: string): EventResult => ({ ok: false, status: 400, message });

/** One ingestion event → queue items, or a 400 naming what is wrong. */
export function mapEvent(event: IngestionEvent, ctx: EventContext): EventResult {
  const type = event.type;
  if (type === 'trace-create') return mapTrace(event, ctx);
  if (type === 'score-create') return mapScore(event, ctx);
  if (type === 'sdk-log') return { ok: true, items: [] };
  const match = /^([a-z]+)-(create|update)$/.exec(type);
  const kindName = match?.[1];
  if (!match || kindName === undefined || (kindName !== 'observation' && !OBSERVATION_KINDS[kindName])) {
    return fail(`type: unsupported event type '${type.slice(0, 64)}'`);
  }
  return mapObservation(event, { ctx, kindName, update: match[2] === 'update' });
}

function mapTrace(event: IngestionEvent, ctx: EventContext): EventResult {
  const parsed = traceBodySchema.safeParse(event.body);
  if (!parsed.success) return fail(issueText(parsed.error, 'body'));
  const b = parsed.data;
  const trace = blankTrace({ tenant: ctx.tenant, traceId: b.id ?? event.id, source: 'langfuse' });
  trace.timestampUs = toUs(b.timestamp) ?? toUs(event.timestamp);
  trace.name = b.name ?? null;
  trace.userId = b.userId ?? null;
  trace.sessionId = b.sessionId ?? null;
  trace.tags = b.tags ?? [];
  const extra = { release: b.release, version: b.version, environment: b.environment, public: b.public };
  const meta: Record<string, unknown> = Object.fromEntries(
    Object.entries(extra).filter(([, v]) => v !== null && v !== undefined),
  );
  if (b.metadata !== undefined && b.metadata !== null) meta.metadata = b.metadata;
  trace.metadata = Object.keys(meta).length > 0 ? boundedMetadata(meta, ctx.maxMetadataChars) : null;
  trace.input = contentOf(b.input, ctx);
  trace.output = contentOf(b.output, ctx);
  return { ok: true, items: [{ type: 'trace', row: trace }] };
}

function contentOf(value: unknown, ctx: EventContext): string | null {
  return contentText(value, ctx.content);
}

interface Usage {
  input: number | null;
  output: number | null;
  total: number | null;
  cost: number | null;
}

function usageOf(b: ObservationBody): Usage {
  const d = b.usageDetails ?? {};
  const u = b.usage ?? {};
  const c = b.costDetails ?? {};
  const num = (...values: Array<number | null | undefined>) =>
    values.find((v) => typeof v === 'number') ?? null;
  const input = num(d.input, d.prompt_tokens, d.input_tokens, u.input, u.promptTokens);
  const output = num(d.output, d.completion_tokens, d.output_tokens, u.output, u.completionTokens);
  const costParts = Object.values(c).filter((v): v is number => typeof v === 'number');
  const cost =
    num(c.total, u.totalCost) ??
    (costParts.length > 0 ? costParts.reduce((a, v) => a + v, 0) : null) ??
    (u.inputCost != null || u.outputCost != null ? (u.inputCost ?? 0) + (u.outputCost ?? 0) : null);
  const total =
    num(d.total, d.total_tokens, u.total, u.totalTokens) ??
    (input !== null || output !== null ? (input ?? 0) + (output ?? 0) : null);
  return { input, output, total, cost };
}

function estimate(model: string | null | undefined, usage: Usage): number | null {
  if (!model || (usage.input === null && usage.output === null)) return null;
  const price = lookupPrice({ providerType: 'openai', model });
  if (!price) return null;
  return costOf(
    { promptTokens: usage.input ?? 0, completionTokens: usage.output ?? 0, totalTokens: usage.total ?? 0 },
    price,
  );
}

function mapObservation(
  event: IngestionEvent,
  o: { ctx: EventContext; kindName: string; update: boolean },
): EventResult {
  const parsed = observationBodySchema.safeParse(event.body);
  if (!parsed.success) return fail(issueText(parsed.error, 'body'));
  const b = parsed.data;
  const { ctx } = o;
  const spanId = b.id ?? event.id;
  const kind =
    OBSERVATION_KINDS[(o.kindName === 'observation' ? b.type : o.kindName)?.toLowerCase() ?? 'span'] ??
    'span';
  const startUs = toUs(b.startTime) ?? toUs(event.timestamp) ?? ctx.nowUs;
  const span = blankSpan({
    tenant: ctx.tenant,
    traceId: b.traceId ?? spanId,
    spanId,
    startUs,
    source: 'langfuse',
  });
  span.partial = o.update;
  span.parentId = b.parentObservationId ?? null;
  span.name = b.name ?? (o.update ? '' : o.kindName);
  span.kind = kind;
  span.layer = defaultLayer(kind);
  span.endUs = kind === 'event' && !o.update ? startUs : toUs(b.endTime);
  if (span.endUs !== null && span.endUs < startUs && !o.update)
    return fail('body.endTime: is before startTime');
  span.durationMs = span.endUs === null ? null : Math.max(0, (span.endUs - startUs) / 1000);
  const completion = toUs(b.completionStartTime);
  span.completionStartUs = completion;
  span.ttftMs = completion !== null && !o.update ? Math.max(0, (completion - startUs) / 1000) : null;
  span.status = b.level === 'ERROR' ? 'error' : 'unset';
  span.statusMessage = b.statusMessage?.slice(0, 2000) ?? null;
  span.model = b.model ?? null;
  span.promptName = b.promptName ?? null;
  span.promptVersion =
    b.promptVersion === null || b.promptVersion === undefined ? null : String(b.promptVersion);
  const usage = usageOf(b);
  span.inputTokens = usage.input === null ? null : Math.floor(usage.input);
  span.outputTokens = usage.output === null ? null : Math.floor(usage.output);
  span.totalTokens = usage.total === null ? null : Math.floor(usage.total);
  span.costUsd = usage.cost ?? estimate(b.model, usage);
  if (kind === 'guardrail' && !o.update) span.verdict = span.status === 'error' ? 'block' : 'allow';
  span.input = contentOf(b.input, ctx);
  span.output = contentOf(b.output, ctx);
  const level = b.level && b.level !== 'DEFAULT' ? b.level : null;
  span.metadata = boundedMetadata(
    {
      metadata: b.metadata ?? null,
      level,
      version: b.version ?? null,
      environment: b.environment ?? null,
      modelParameters: b.modelParameters ?? null,
    },
    ctx.maxMetadataChars,
  );
  return { ok: true, items: [{ type: 'span', row: span }] };
}

function mapScore(event: IngestionEvent, ctx: EventContext): EventResult {
  const parsed = scoreBodySchema.safeParse(event.body);
  if (!parsed.success) return fail(issueText(parsed.error, 'body'));
  const b = parsed.data;
  if (!b.traceId)
    return fail('body.traceId: scores need a traceId (session and dataset-run scores are not supported)');
  const dataType = (
    b.dataType ?? (typeof b.value === 'number' ? 'NUMERIC' : 'CATEGORICAL')
  ).toLowerCase() as ScoreRow['dataType'];
  if (dataType !== 'categorical' && typeof b.value !== 'number')
    return fail(`body.value: must be a number for ${dataType} scores`);
  if (dataType === 'boolean' && b.value !== 0 && b.value !== 1)
    return fail('body.value: must be 0 or 1 for boolean scores');
  const row: ScoreRow = {
    tenant: ctx.tenant,
    id: b.id ?? event.id,
    traceId: b.traceId,
    spanId: b.observationId ?? null,
    name: b.name,
    value: typeof b.value === 'number' ? b.value : null,
    stringValue: typeof b.value === 'string' ? b.value : null,
    dataType,
    source: (b.source ?? 'api').toLowerCase(),
    comment: b.comment ?? null,
    authorId: b.authorUserId ?? null,
    timeUs: toUs(b.timestamp) ?? toUs(event.timestamp) ?? ctx.nowUs,
    metadata:
      b.metadata === undefined || b.metadata === null
        ? '{}'
        : boundedMetadata({ metadata: b.metadata }, ctx.maxMetadataChars),
  };
  return { ok: true, items: [{ type: 'score', row }] };
}
