import { z } from 'zod';
import { KeelError } from '../../errors/index.ts';
import type { SqlValue } from '../../spec/index.ts';
import { LAYER_BITS, LAYERS, type Layer, SPAN_STATUSES, type SpanStatus } from '../model.ts';
import { parseWhen } from './time.ts';

/** Filters of a trace list, a stats query or an alert rule (all optional; times are epoch ms). */
export interface TraceFilters {
  sinceMs?: number;
  untilMs?: number;
  /** Narrows to one tenant inside the caller's scope. */
  tenant?: string;
  /** The trace's primary model (see docs/traces.md), not any span's. */
  model?: string;
  provider?: string;
  deployment?: string;
  promptName?: string;
  promptVersion?: string;
  user?: string;
  session?: string;
  team?: string;
  feature?: string;
  name?: string;
  tag?: string;
  source?: string;
  status?: SpanStatus;
  /** Traces that touched this layer (a span of it). */
  layer?: Layer;
  /** Traces with a score of this name, optionally within [min, max]. */
  score?: { name: string; min?: number; max?: number };
  costUsd?: { min?: number; max?: number };
  latencyMs?: { min?: number; max?: number };
}

const text = z.string().min(1).max(1024);
const number = z
  .string()
  .regex(/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i, 'must be a number')
  .transform(Number)
  .refine(Number.isFinite, 'must be a finite number');

/** Query-string form of the filters (HTTP and CLI share it); strict, so a typo is a 400. */
export const FILTER_KEYS = {
  since: text,
  until: text,
  tenant: text,
  model: text,
  provider: text,
  deployment: text,
  prompt: text,
  promptVersion: text,
  user: text,
  session: text,
  team: text,
  feature: text,
  name: text,
  tag: text,
  source: text,
  status: z.enum(SPAN_STATUSES),
  layer: z.enum(LAYERS),
  score: text,
  scoreMin: number,
  scoreMax: number,
  minCost: number,
  maxCost: number,
  minLatencyMs: number,
  maxLatencyMs: number,
} as const;

type FilterQuery = { [K in keyof typeof FILTER_KEYS]?: z.output<(typeof FILTER_KEYS)[K]> };

const range = (min: number | undefined, max: number | undefined) => {
  if (min === undefined && max === undefined) return undefined;
  const out: { min?: number; max?: number } = {};
  if (min !== undefined) out.min = min;
  if (max !== undefined) out.max = max;
  return out;
};

/** Typed filters from already-validated query values; times relative to `now`. */
export function filtersFromQuery(q: FilterQuery, now: number): TraceFilters {
  const f: TraceFilters = {};
  if (q.since !== undefined) f.sinceMs = parseWhen(q.since, 'since', now);
  if (q.until !== undefined) f.untilMs = parseWhen(q.until, 'until', now);
  if (f.sinceMs !== undefined && f.untilMs !== undefined && f.untilMs < f.sinceMs) {
    throw new KeelError('invalid_request', "Invalid value for 'until': must not be before 'since'", {
      param: 'until',
    });
  }
  const copy = ['tenant', 'model', 'provider', 'deployment', 'user', 'session', 'team', 'feature'] as const;
  for (const key of copy) if (q[key] !== undefined) f[key] = q[key];
  if (q.prompt !== undefined) f.promptName = q.prompt;
  if (q.promptVersion !== undefined) f.promptVersion = q.promptVersion;
  if (q.name !== undefined) f.name = q.name;
  if (q.tag !== undefined) f.tag = q.tag;
  if (q.source !== undefined) f.source = q.source;
  if (q.status !== undefined) f.status = q.status;
  if (q.layer !== undefined) f.layer = q.layer;
  if (q.score !== undefined) f.score = { name: q.score, ...range(q.scoreMin, q.scoreMax) };
  else if (q.scoreMin !== undefined || q.scoreMax !== undefined) {
    throw new KeelError('invalid_request', "Invalid value for 'score': scoreMin/scoreMax need a score name", {
      param: 'score',
    });
  }
  const cost = range(q.minCost, q.maxCost);
  if (cost) f.costUsd = cost;
  const latency = range(q.minLatencyMs, q.maxLatencyMs);
  if (latency) f.latencyMs = latency;
  return f;
}

const EQUALS: ReadonlyArray<[keyof TraceFilters, string]> = [
  ['model', 'model'],
  ['provider', 'provider'],
  ['deployment', 'deployment'],
  ['promptName', 'prompt_name'],
  ['promptVersion', 'prompt_version'],
  ['user', 'user_id'],
  ['session', 'session_id'],
  ['team', 'team_id'],
  ['feature', 'feature'],
  ['name', 'name'],
  ['source', 'source'],
  ['status', 'status'],
];

function rangeConds(column: string, r: { min?: number; max?: number } | undefined, out: Where): void {
  if (r?.min !== undefined) out.push(`${column} >= ?`, r.min);
  if (r?.max !== undefined) out.push(`${column} <= ?`, r.max);
}

/** Accumulates `AND`-ed conditions and their parameters. */
export class Where {
  readonly conds: string[] = [];
  readonly params: SqlValue[] = [];

  push(cond: string, ...params: SqlValue[]): this {
    this.conds.push(cond);
    this.params.push(...params);
    return this;
  }

  sql(): string {
    return this.conds.length === 0 ? 'TRUE' : this.conds.join(' AND ');
  }
}

/**
 * Conditions on `traces` rows (alias `t`) for everything but the tenant. Times become µs. Tag and
 * score filters are EXISTS probes on their (tenant, …, trace_id) keys.
 */
export function traceConditions(f: TraceFilters, out: Where = new Where(), alias = 't'): Where {
  if (f.sinceMs !== undefined) out.push(`${alias}.start_us >= ?`, Math.floor(f.sinceMs * 1000));
  if (f.untilMs !== undefined) out.push(`${alias}.start_us < ?`, Math.floor(f.untilMs * 1000));
  for (const [key, column] of EQUALS) {
    const value = f[key];
    if (typeof value === 'string') out.push(`${alias}.${column} = ?`, value);
  }
  if (f.layer !== undefined) out.push(`(${alias}.layers & ${LAYER_BITS[f.layer]}) <> 0`);
  rangeConds(`${alias}.cost_usd`, f.costUsd, out);
  rangeConds(`${alias}.duration_ms`, f.latencyMs, out);
  if (f.tag !== undefined) {
    out.push(
      `EXISTS (SELECT 1 FROM trace_tags g WHERE g.tenant = ${alias}.tenant AND g.tag = ? AND g.trace_id = ${alias}.trace_id)`,
      f.tag,
    );
  }
  if (f.score !== undefined) {
    const inner = new Where().push('s.name = ?', f.score.name);
    rangeConds('s.value', f.score, inner);
    out.push(
      `EXISTS (SELECT 1 FROM trace_scores s WHERE s.tenant = ${alias}.tenant AND s.trace_id = ${alias}.trace_id AND ${inner.sql()})`,
      ...inner.params,
    );
  }
  return out;
}

/** `?, ?, ?` for an IN list. */
export const marks = (n: number): string => new Array<string>(n).fill('?').join(', ');
