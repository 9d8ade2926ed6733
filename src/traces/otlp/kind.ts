import { LAYERS, type Layer, SPAN_KINDS, type SpanKind } from '../model.ts';
import type { Attrs } from './attrs.ts';

/**
 * Which kind of span this is, from the attribute sets apps actually send, most explicit first:
 * Keel's own `keel.span.kind`, Langfuse `langfuse.observation.type`, OpenInference
 * `openinference.span.kind`, Traceloop `traceloop.span.kind` / `llm.request.type`, then the
 * OpenTelemetry GenAI `gen_ai.operation.name`; a span with a model but no kind is a generation.
 */
const LANGFUSE: Record<string, SpanKind> = {
  generation: 'generation',
  embedding: 'embedding',
  retriever: 'retrieval',
  tool: 'tool',
  agent: 'agent',
  guardrail: 'guardrail',
  event: 'event',
  evaluator: 'custom',
  chain: 'span',
  span: 'span',
};

const OPENINFERENCE: Record<string, SpanKind> = {
  llm: 'generation',
  embedding: 'embedding',
  retriever: 'retrieval',
  reranker: 'retrieval',
  tool: 'tool',
  agent: 'agent',
  guardrail: 'guardrail',
  evaluator: 'custom',
  chain: 'span',
};

const TRACELOOP: Record<string, SpanKind> = {
  agent: 'agent',
  tool: 'tool',
  workflow: 'span',
  task: 'span',
};

const GEN_AI_OPERATION: Record<string, SpanKind> = {
  chat: 'generation',
  text_completion: 'generation',
  completion: 'generation',
  generate_content: 'generation',
  embeddings: 'embedding',
  embedding: 'embedding',
  execute_tool: 'tool',
  invoke_agent: 'agent',
  create_agent: 'agent',
};

const lookup = (table: Record<string, SpanKind>, value: string | null): SpanKind | undefined =>
  value === null ? undefined : table[value.toLowerCase()];

export function detectKind(attrs: Attrs): SpanKind {
  const explicit = attrs.str('keel.span.kind');
  if (explicit && (SPAN_KINDS as readonly string[]).includes(explicit)) return explicit as SpanKind;
  return (
    lookup(LANGFUSE, attrs.str('langfuse.observation.type')) ??
    lookup(OPENINFERENCE, attrs.str('openinference.span.kind')) ??
    lookup(TRACELOOP, attrs.str('traceloop.span.kind')) ??
    // gen_ai.operation.name is kept as metadata too: it says chat vs completion.
    lookup(GEN_AI_OPERATION, peek(attrs, 'gen_ai.operation.name')) ??
    lookup(GEN_AI_OPERATION, attrs.str('llm.request.type')) ??
    (attrs.has('gen_ai.request.model') || attrs.has('llm.model_name') || attrs.has('gen_ai.system')
      ? 'generation'
      : 'span')
  );
}

function peek(attrs: Attrs, key: string): string | null {
  const value = attrs.rest()[key];
  return typeof value === 'string' ? value : null;
}

/** `keel.layer` when valid, else the kind's default. */
export function detectLayer(attrs: Attrs, fallback: Layer): Layer {
  const layer = attrs.str('keel.layer');
  return layer && (LAYERS as readonly string[]).includes(layer) ? (layer as Layer) : fallback;
}
