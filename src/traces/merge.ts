import type { QueueItem, ScoreRow, SpanRow, TraceUpsert } from './model.ts';

/**
 * Folds a batch so each key appears once (Postgres refuses an upsert that touches a row twice),
 * applying the same rules the SQL upsert applies across batches: for spans the last non-null value
 * of each field wins, except that a partial row (a Langfuse `*-update`) never moves the start time,
 * kind or parent of a full one; for trace declarations the last non-null value wins, tags are
 * unioned and metadata keys merged; for scores the last write wins.
 */
export interface MergedBatch {
  spans: SpanRow[];
  traces: TraceUpsert[];
  scores: ScoreRow[];
}

const key = (...parts: string[]): string => parts.join('\u0000');

export function mergeBatch(items: readonly QueueItem[]): MergedBatch {
  const spans = new Map<string, SpanRow>();
  const traces = new Map<string, TraceUpsert>();
  const scores = new Map<string, ScoreRow>();
  for (const item of items) {
    if (item.type === 'span') {
      const k = key(item.row.tenant, item.row.traceId, item.row.spanId);
      const seen = spans.get(k);
      spans.set(k, seen ? mergeSpan(seen, item.row) : item.row);
    } else if (item.type === 'trace') {
      const k = key(item.row.tenant, item.row.traceId);
      const seen = traces.get(k);
      traces.set(k, seen ? mergeTrace(seen, item.row) : item.row);
    } else {
      scores.set(key(item.row.tenant, item.row.id), item.row);
    }
  }
  return { spans: [...spans.values()], traces: [...traces.values()], scores: [...scores.values()] };
}

export function mergeSpan(stored: SpanRow, next: SpanRow): SpanRow {
  const merged: SpanRow = { ...stored };
  // A partial row (an update) never moves what the create said; SQL applies the same rule.
  const keepShape = next.partial;
  for (const field of Object.keys(next) as Array<keyof SpanRow>) {
    const value = next[field];
    if (value === null) continue;
    (merged as Record<string, unknown>)[field] = value;
  }
  if (keepShape) {
    merged.startUs = stored.startUs;
    merged.kind = stored.kind;
    merged.layer = stored.layer;
    merged.parentId = stored.parentId ?? next.parentId;
  }
  if (next.name === '') merged.name = stored.name;
  if (next.status === 'unset') merged.status = stored.status;
  merged.source = stored.source;
  merged.partial = stored.partial && next.partial;
  merged.metadata = mergeJson(stored.metadata, next.metadata);
  if (next.durationMs === null || keepShape) {
    const end = merged.endUs;
    merged.durationMs = end === null ? null : Math.max(0, (end - merged.startUs) / 1000);
  }
  if (merged.completionStartUs !== null) {
    merged.ttftMs = Math.max(0, (merged.completionStartUs - merged.startUs) / 1000);
  }
  return merged;
}

export function mergeTrace(stored: TraceUpsert, next: TraceUpsert): TraceUpsert {
  const merged: TraceUpsert = { ...stored };
  for (const field of Object.keys(next) as Array<keyof TraceUpsert>) {
    const value = next[field];
    if (value === null) continue;
    (merged as Record<string, unknown>)[field] = value;
  }
  merged.timestampUs = minOrNull(stored.timestampUs, next.timestampUs);
  merged.tags = stored.tags.length === 0 ? next.tags : [...new Set([...stored.tags, ...next.tags])];
  merged.metadata =
    stored.metadata === null || next.metadata === null
      ? (next.metadata ?? stored.metadata)
      : mergeJson(stored.metadata, next.metadata);
  merged.source = stored.source;
  return merged;
}

function minOrNull(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}

/** Shallow merge of two JSON object texts; the cheap path when one side is empty. */
export function mergeJson(stored: string, next: string): string {
  if (next === '{}' || next === stored) return stored;
  if (stored === '{}') return next;
  try {
    return JSON.stringify({ ...JSON.parse(stored), ...JSON.parse(next) });
  } catch {
    return next;
  }
}
