import { LAYER_BITS, LAYERS, type Layer } from '../model.ts';

/**
 * Database rows → API objects (camelCase, ISO times next to µs). JSON columns arrive as text from
 * SQLite and parsed from Postgres (JSONB); `input`/`output` are JSON text on both.
 */

export const TRACE_LIST_COLUMNS = [
  'tenant',
  'trace_id',
  'start_us',
  'end_us',
  'duration_ms',
  'name',
  'user_id',
  'session_id',
  'team_id',
  'feature',
  'status',
  'span_count',
  'error_count',
  'model',
  'models',
  'provider',
  'deployment',
  'prompt_name',
  'prompt_version',
  'input_tokens',
  'output_tokens',
  'total_tokens',
  'cost_usd',
  'ttft_ms',
  'layers',
  'cache_hit',
  'guard_triggered',
  'source',
  'tags',
  'created_us',
  'updated_us',
] as const;

export type Row = Record<string, unknown>;

export interface TraceSummary {
  tenant: string;
  traceId: string;
  startTime: string;
  startUs: number;
  endUs: number | null;
  durationMs: number | null;
  name: string | null;
  userId: string | null;
  sessionId: string | null;
  teamId: string | null;
  feature: string | null;
  status: string;
  spanCount: number;
  errorCount: number;
  model: string | null;
  models: string[];
  provider: string | null;
  deployment: string | null;
  promptName: string | null;
  promptVersion: string | null;
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  costUsd: number;
  ttftMs: number | null;
  layers: Layer[];
  cacheHit: boolean | null;
  guardTriggered: boolean | null;
  source: string;
  tags: string[];
  updatedUs: number;
}

export interface TraceDetail extends TraceSummary {
  metadata: unknown;
  input: unknown;
  output: unknown;
}

export interface SpanView {
  spanId: string;
  parentId: string | null;
  startTime: string;
  startUs: number;
  endUs: number | null;
  durationMs: number | null;
  name: string;
  kind: string;
  layer: string;
  status: string;
  statusMessage: string | null;
  model: string | null;
  provider: string | null;
  deployment: string | null;
  promptName: string | null;
  promptVersion: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  totalTokens: number | null;
  costUsd: number | null;
  ttftMs: number | null;
  cacheHit: boolean | null;
  verdict: string | null;
  userId: string | null;
  sessionId: string | null;
  source: string;
  metadata: unknown;
  input: unknown;
  output: unknown;
}

export interface ScoreView {
  id: string;
  traceId: string;
  spanId: string | null;
  name: string;
  value: number | null;
  stringValue: string | null;
  dataType: string;
  source: string;
  comment: string | null;
  authorId: string | null;
  time: string;
  timeUs: number;
  metadata: unknown;
}

export const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
export const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const flag = (v: unknown): boolean | null => (v === null || v === undefined ? null : Number(v) !== 0);
export const iso = (us: number): string => new Date(Math.floor(us / 1000)).toISOString();

/** A JSON column's value (text on SQLite, parsed on Postgres); bad text comes back as the string. */
export function json(value: unknown): unknown {
  if (typeof value !== 'string') return value ?? null;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

const strings = (value: unknown): string[] => {
  const parsed = json(value);
  return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string') : [];
};

export function layersOf(mask: number): Layer[] {
  return LAYERS.filter((layer) => (mask & LAYER_BITS[layer]) !== 0);
}

export function traceSummary(r: Row): TraceSummary {
  const startUs = Number(r.start_us);
  return {
    tenant: String(r.tenant),
    traceId: String(r.trace_id),
    startTime: iso(startUs),
    startUs,
    endUs: num(r.end_us),
    durationMs: num(r.duration_ms),
    name: str(r.name),
    userId: str(r.user_id),
    sessionId: str(r.session_id),
    teamId: str(r.team_id),
    feature: str(r.feature),
    status: String(r.status),
    spanCount: Number(r.span_count),
    errorCount: Number(r.error_count),
    model: str(r.model),
    models: strings(r.models),
    provider: str(r.provider),
    deployment: str(r.deployment),
    promptName: str(r.prompt_name),
    promptVersion: str(r.prompt_version),
    inputTokens: Number(r.input_tokens),
    outputTokens: Number(r.output_tokens),
    totalTokens: Number(r.total_tokens),
    costUsd: Number(r.cost_usd),
    ttftMs: num(r.ttft_ms),
    layers: layersOf(Number(r.layers)),
    cacheHit: flag(r.cache_hit),
    guardTriggered: flag(r.guard_triggered),
    source: String(r.source),
    tags: strings(r.tags),
    updatedUs: Number(r.updated_us),
  };
}

export function traceDetail(r: Row): TraceDetail {
  return { ...traceSummary(r), metadata: json(r.metadata), input: json(r.input), output: json(r.output) };
}

export function spanView(r: Row): SpanView {
  const startUs = Number(r.start_us);
  return {
    spanId: String(r.span_id),
    parentId: str(r.parent_id),
    startTime: iso(startUs),
    startUs,
    endUs: num(r.end_us),
    durationMs: num(r.duration_ms),
    name: String(r.name),
    kind: String(r.kind),
    layer: String(r.layer),
    status: String(r.status),
    statusMessage: str(r.status_message),
    model: str(r.model),
    provider: str(r.provider),
    deployment: str(r.deployment),
    promptName: str(r.prompt_name),
    promptVersion: str(r.prompt_version),
    inputTokens: num(r.input_tokens),
    outputTokens: num(r.output_tokens),
    totalTokens: num(r.total_tokens),
    costUsd: num(r.cost_usd),
    ttftMs: num(r.ttft_ms),
    cacheHit: flag(r.cache_hit),
    verdict: str(r.verdict),
    userId: str(r.user_id),
    sessionId: str(r.session_id),
    source: String(r.source),
    metadata: json(r.metadata),
    input: json(r.input),
    output: json(r.output),
  };
}

export function scoreView(r: Row): ScoreView {
  const timeUs = Number(r.time_us);
  return {
    id: String(r.id),
    traceId: String(r.trace_id),
    spanId: str(r.span_id),
    name: String(r.name),
    value: num(r.value),
    stringValue: str(r.string_value),
    dataType: String(r.data_type),
    source: String(r.source),
    comment: str(r.comment),
    authorId: str(r.author_id),
    time: iso(timeUs),
    timeUs,
    metadata: json(r.metadata),
  };
}
