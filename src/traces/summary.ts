import { LAYER_BITS, type Layer } from './model.ts';

/** The span columns a trace summary is computed from (never input/output/metadata). */
export const SUMMARY_COLUMNS = [
  'trace_id',
  'span_id',
  'parent_id',
  'start_us',
  'end_us',
  'name',
  'kind',
  'layer',
  'status',
  'model',
  'provider',
  'deployment',
  'prompt_name',
  'prompt_version',
  'input_tokens',
  'output_tokens',
  'total_tokens',
  'cost_usd',
  'ttft_ms',
  'cache_hit',
  'verdict',
] as const;

export interface SpanSummaryRow {
  trace_id: string;
  span_id: string;
  parent_id: string | null;
  start_us: number;
  end_us: number | null;
  name: string;
  kind: string;
  layer: string;
  status: string;
  model: string | null;
  provider: string | null;
  deployment: string | null;
  prompt_name: string | null;
  prompt_version: string | null;
  input_tokens: number | null;
  output_tokens: number | null;
  total_tokens: number | null;
  cost_usd: number | null;
  ttft_ms: number | null;
  cache_hit: number | null;
  verdict: string | null;
}

/** The denormalised columns of `traces` that are derived from its spans. */
export interface TraceSummary {
  traceId: string;
  startUs: number;
  endUs: number;
  durationMs: number;
  name: string;
  status: 'ok' | 'error' | 'unset';
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
  layers: number;
  cacheHit: number | null;
  guardTriggered: number | null;
}

const MAX_MODELS = 20;

const byStart = (a: SpanSummaryRow, b: SpanSummaryRow): number =>
  a.start_us - b.start_us || (a.span_id < b.span_id ? -1 : 1);

/** The span that names the trace: the earliest root, else the earliest orphan, else the earliest. */
function rootOf(spans: readonly SpanSummaryRow[]): SpanSummaryRow {
  const root = spans.find((s) => s.parent_id === null);
  if (root) return root;
  const ids = new Set(spans.map((s) => s.span_id));
  return spans.find((s) => !ids.has(s.parent_id as string)) ?? (spans[0] as SpanSummaryRow);
}

/** The generation that characterises the trace (model, TTFT, cache): the first one with a model. */
function primaryOf(spans: readonly SpanSummaryRow[]): SpanSummaryRow | undefined {
  return (
    spans.find((s) => s.kind === 'generation' && s.model !== null) ??
    spans.find((s) => s.kind === 'embedding' && s.model !== null) ??
    spans.find((s) => s.model !== null)
  );
}

/** Summarises one trace's spans (at least one). Tokens and cost are sums over all spans. */
export function summarize(rows: readonly SpanSummaryRow[]): TraceSummary {
  const spans = [...rows].sort(byStart);
  const first = spans[0] as SpanSummaryRow;
  let endUs = first.start_us;
  let errors = 0;
  let anyOk = false;
  let input = 0;
  let output = 0;
  let total = 0;
  let cost = 0;
  let layers = 0;
  let guard: number | null = null;
  const models: string[] = [];
  let promptSpan: SpanSummaryRow | undefined;
  for (const s of spans) {
    endUs = Math.max(endUs, s.end_us ?? s.start_us);
    if (s.status === 'error') errors++;
    else if (s.status === 'ok') anyOk = true;
    input += s.input_tokens ?? 0;
    output += s.output_tokens ?? 0;
    total += s.total_tokens ?? (s.input_tokens ?? 0) + (s.output_tokens ?? 0);
    cost += s.cost_usd ?? 0;
    layers |= LAYER_BITS[s.layer as Layer] ?? 0;
    if (s.kind === 'guardrail') guard = Math.max(guard ?? 0, s.verdict && s.verdict !== 'allow' ? 1 : 0);
    if (s.model !== null && models.length < MAX_MODELS && !models.includes(s.model)) models.push(s.model);
    if (promptSpan === undefined && s.prompt_name !== null) promptSpan = s;
  }
  const primary = primaryOf(spans);
  return {
    traceId: first.trace_id,
    startUs: first.start_us,
    endUs,
    durationMs: (endUs - first.start_us) / 1000,
    name: rootOf(spans).name,
    status: errors > 0 ? 'error' : anyOk ? 'ok' : 'unset',
    spanCount: spans.length,
    errorCount: errors,
    model: primary?.model ?? null,
    models,
    provider: primary?.provider ?? null,
    deployment: primary?.deployment ?? null,
    promptName: promptSpan?.prompt_name ?? null,
    promptVersion: promptSpan?.prompt_version ?? null,
    inputTokens: input,
    outputTokens: output,
    totalTokens: total,
    costUsd: Math.round(cost * 1e10) / 1e10,
    ttftMs: primary?.ttft_ms ?? null,
    layers,
    cacheHit: primary?.cache_hit ?? null,
    guardTriggered: guard,
  };
}
