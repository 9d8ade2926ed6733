/**
 * Seeds the traces tables for bench/traces-query.bench.ts: N traces of 5 spans each (agent root,
 * generation, retrieval, tool, and a second generation or a guardrail check), with their summary
 * rows, tags and some scores, spread over a time window. Rows go in through the traces module's bulk
 * insert path (`bulkUpsert`: multi-row INSERTs on SQLite, one jsonb_array_elements INSERT per chunk on
 * Postgres), one transaction per chunk. Deterministic (seeded PRNG) so both backends hold the same data.
 */
import type { SqlValue } from '../src/spec/index.ts';
import type { KeelStore } from '../src/store/index.ts';
import { type BulkColumn, bulkUpsert } from '../src/traces/bulk-sql.ts';

export const MODELS = [
  'gpt-4o',
  'gpt-4o-mini',
  'claude-sonnet',
  'claude-haiku',
  'llama-70b',
  'mistral-large',
];
export const FEATURES = ['chat', 'search', 'summarise', 'extract', 'classify', 'agent', 'email', 'support'];
export const TEAMS = ['core', 'growth', 'platform', 'research'];
export const TAGS = ['prod', 'beta', 'eu', 'us', 'mobile', 'web', 'batch', 'vip', 'trial', 'internal'];
export const USERS = 5000;

const col = (name: string, pg: BulkColumn['pg']): BulkColumn => ({ name, pg });
const T = 'text' as const;
const B = 'bigint' as const;
const D = 'double precision' as const;
const S = 'smallint' as const;
const J = 'jsonb' as const;

const SPAN_COLUMNS = [
  col('tenant', T),
  col('trace_id', T),
  col('span_id', T),
  col('parent_id', T),
  col('start_us', B),
  col('end_us', B),
  col('duration_ms', D),
  col('name', T),
  col('kind', T),
  col('layer', T),
  col('status', T),
  col('model', T),
  col('provider', T),
  col('deployment', T),
  col('prompt_name', T),
  col('prompt_version', T),
  col('input_tokens', B),
  col('output_tokens', B),
  col('total_tokens', B),
  col('cost_usd', D),
  col('ttft_ms', D),
  col('cache_hit', S),
  col('verdict', T),
  col('user_id', T),
  col('session_id', T),
  col('source', T),
  col('partial', S),
  col('ingested_us', B),
  col('metadata', J),
  col('input', T),
  col('output', T),
];

const TRACE_COLUMNS = [
  col('tenant', T),
  col('trace_id', T),
  col('start_us', B),
  col('end_us', B),
  col('duration_ms', D),
  col('name', T),
  col('user_id', T),
  col('session_id', T),
  col('team_id', T),
  col('feature', T),
  col('status', T),
  col('span_count', 'integer'),
  col('error_count', 'integer'),
  col('model', T),
  col('provider', T),
  col('deployment', T),
  col('prompt_name', T),
  col('prompt_version', T),
  col('input_tokens', B),
  col('output_tokens', B),
  col('total_tokens', B),
  col('cost_usd', D),
  col('ttft_ms', D),
  col('layers', 'integer'),
  col('cache_hit', S),
  col('guard_triggered', S),
  col('source', T),
  col('created_us', B),
  col('updated_us', B),
  col('models', J),
  col('tags', J),
  col('metadata', J),
];

const SCORE_COLUMNS = [
  col('tenant', T),
  col('id', T),
  col('trace_id', T),
  col('name', T),
  col('value', D),
  col('data_type', T),
  col('source', T),
  col('author_id', T),
  col('time_us', B),
  col('metadata', J),
];

/** mulberry32: a small, fast, seeded PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SeedOptions {
  traces: number;
  /** Epoch µs of the newest trace; traces are spread evenly over `windowUs` before it. */
  endUs: number;
  windowUs: number;
  /** Rows per transaction. */
  chunk?: number;
}

interface Chunk {
  spans: SqlValue[][];
  traces: SqlValue[][];
  tags: SqlValue[][];
  scores: SqlValue[][];
}

const TEXT = 'Where is my order 4411? It was supposed to arrive on Tuesday and the tracking page is empty.';
const pick = <X>(list: readonly X[], r: number): X => list[Math.floor(r * list.length)] as X;

/** The rows of trace number `i`. */
function oneTrace(i: number, o: SeedOptions, rand: () => number, out: Chunk): void {
  const tenant = i % 50 === 0 ? `tenant-${i % 7}` : 'acme';
  const traceId = i.toString(16).padStart(32, '0');
  const startUs = Math.round(o.endUs - o.windowUs + ((i + rand()) / o.traces) * o.windowUs);
  const model = pick(MODELS, rand() ** 1.6);
  const provider = model.startsWith('claude') ? 'anthropic' : model.startsWith('gpt') ? 'openai' : 'other';
  const user = `user-${Math.floor(rand() ** 2 * USERS)}`;
  const session = `${user}-s${Math.floor(rand() * 5)}`;
  const feature = pick(FEATURES, rand());
  const error = rand() < 0.03;
  const guarded = rand() < 0.3;
  const blocked = guarded && rand() < 0.05;
  const cacheLookup = rand() < 0.5;
  const cacheHit = cacheLookup ? (rand() < 0.2 ? 1 : 0) : null;
  const genMs = Math.round(200 + 1800 * -Math.log(1 - rand() * 0.999) * 0.5);
  const ttft = Math.round(genMs * (0.1 + rand() * 0.3));
  const inTok = 200 + Math.floor(rand() * 800);
  const outTok = 20 + Math.floor(rand() * 400);
  const cost = (inTok * 2.5 + outTok * 10) / 1e6;
  const prompt = `prompt-${i % 10}`;
  const version = String(1 + (i % 5));
  const deployment = `${model}-${i % 2 === 0 ? 'east' : 'west'}`;
  const totalMs = genMs * 2 + 150;
  const span = (n: number, d: Partial<Record<string, SqlValue>>, at: number, ms: number): SqlValue[] => [
    tenant,
    traceId,
    `${traceId.slice(16)}${n}`.slice(-16),
    n === 0 ? null : `${traceId.slice(16)}0`.slice(-16),
    startUs + at * 1000,
    startUs + (at + ms) * 1000,
    ms,
    d.name ?? 'span',
    d.kind ?? 'span',
    d.layer ?? 'operations',
    d.status ?? 'ok',
    d.model ?? null,
    d.provider ?? null,
    d.deployment ?? null,
    d.prompt_name ?? null,
    d.prompt_version ?? null,
    d.input_tokens ?? null,
    d.output_tokens ?? null,
    d.total_tokens ?? null,
    d.cost_usd ?? null,
    d.ttft_ms ?? null,
    d.cache_hit ?? null,
    d.verdict ?? null,
    d.user_id ?? null,
    d.session_id ?? null,
    'otlp',
    0,
    o.endUs,
    d.metadata ?? '{"service":"bench"}',
    d.input ?? null,
    d.output ?? null,
  ];
  const gen = (n: number, at: number): SqlValue[] =>
    span(
      n,
      {
        name: `chat ${model}`,
        kind: 'generation',
        layer: 'model',
        status: error && n === 1 ? 'error' : 'ok',
        model,
        provider,
        deployment,
        prompt_name: prompt,
        prompt_version: version,
        input_tokens: inTok,
        output_tokens: outTok,
        total_tokens: inTok + outTok,
        cost_usd: cost,
        ttft_ms: ttft,
        cache_hit: n === 1 ? cacheHit : null,
        user_id: user,
        session_id: session,
        input: JSON.stringify([{ role: 'user', content: TEXT }]),
        output: JSON.stringify({ role: 'assistant', content: TEXT }),
      },
      at,
      genMs,
    );
  out.spans.push(
    span(
      0,
      {
        name: 'agent run',
        kind: 'agent',
        layer: 'interaction',
        status: error ? 'error' : 'ok',
        user_id: user,
        session_id: session,
      },
      0,
      totalMs,
    ),
    gen(1, 10),
    span(2, { name: 'retrieve docs', kind: 'retrieval', layer: 'knowledge' }, 20 + genMs, 60),
    span(3, { name: 'lookup_order', kind: 'tool', layer: 'interaction' }, 90 + genMs, 40),
    guarded
      ? span(
          4,
          {
            name: 'guard output',
            kind: 'guardrail',
            layer: 'safety',
            verdict: blocked ? 'block' : 'allow',
            status: blocked ? 'error' : 'ok',
          },
          140 + genMs,
          5,
        )
      : gen(4, 140 + genMs),
  );
  const gens = guarded ? 1 : 2;
  const tag = pick(TAGS, rand());
  out.traces.push([
    tenant,
    traceId,
    startUs,
    startUs + totalMs * 1000,
    totalMs,
    'agent run',
    user,
    session,
    pick(TEAMS, rand()),
    feature,
    error || blocked ? 'error' : 'ok',
    5,
    (error ? 2 : 0) + (blocked ? 1 : 0),
    model,
    provider,
    deployment,
    prompt,
    version,
    inTok * gens,
    outTok * gens,
    (inTok + outTok) * gens,
    cost * gens,
    ttft,
    guarded ? 1 | 2 | 4 | 8 : 1 | 2 | 4,
    cacheHit,
    guarded ? (blocked ? 1 : 0) : null,
    'otlp',
    o.endUs,
    o.endUs,
    JSON.stringify([model]),
    JSON.stringify([tag]),
    '{}',
  ]);
  out.tags.push([tenant, tag, traceId]);
  if (rand() < 0.1) {
    out.scores.push([
      tenant,
      `score-${i}`,
      traceId,
      'helpful',
      rand() < 0.8 ? 1 : 0,
      'numeric',
      'feedback',
      user,
      startUs + 5_000_000,
      '{}',
    ]);
  }
}

/** Seeds `o.traces` traces (5 spans each); returns the seconds it took. */
export async function seedTraces(
  store: KeelStore,
  o: SeedOptions,
): Promise<{ seconds: number; spans: number }> {
  const rand = prng(42);
  const chunk = o.chunk ?? 2000;
  const started = performance.now();
  let spans = 0;
  for (let start = 0; start < o.traces; start += chunk) {
    const out: Chunk = { spans: [], traces: [], tags: [], scores: [] };
    for (let i = start; i < Math.min(o.traces, start + chunk); i++) oneTrace(i, o, rand, out);
    spans += out.spans.length;
    await store.sql.transaction(async (tx) => {
      const insert = (table: string, columns: BulkColumn[], rows: SqlValue[][], conflict: string) =>
        bulkUpsert(tx, { table, columns, rows, conflict, action: 'DO NOTHING' });
      await insert('trace_spans', SPAN_COLUMNS, out.spans, '(tenant, trace_id, span_id)');
      await insert('traces', TRACE_COLUMNS, out.traces, '(tenant, trace_id)');
      await insert(
        'trace_tags',
        [col('tenant', T), col('tag', T), col('trace_id', T)],
        out.tags,
        '(tenant, tag, trace_id)',
      );
      await insert('trace_scores', SCORE_COLUMNS, out.scores, '(tenant, id)');
    });
  }
  return { seconds: (performance.now() - started) / 1000, spans };
}
