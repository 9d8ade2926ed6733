import { KeelError } from '../../errors/index.ts';
import type { ContentPolicy } from '../content.ts';
import type { QueueItem, TraceSource } from '../model.ts';
import { type MapContext, mapOtlpSpan } from './map-span.ts';
import { collectAttributes, dict, field, isObj } from './values.ts';

export interface CollectOptions {
  tenant: string;
  source: TraceSource;
  content: ContentPolicy;
  maxMetadataChars: number;
}

export interface Collected {
  items: QueueItem[];
  accepted: number;
  rejected: number;
  /** Up to a few per-span problems, for the OTLP partial-success message. */
  errors: string[];
}

const MAX_ERRORS = 5;

function list(value: unknown, path: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value))
    throw new KeelError('invalid_request', `${path} must be an array`, { param: path });
  return value;
}

function scopeLabel(scope: unknown): string | null {
  if (!isObj(scope) || typeof scope.name !== 'string' || scope.name === '') return null;
  const version = typeof scope.version === 'string' && scope.version !== '' ? `@${scope.version}` : '';
  return `${scope.name}${version}`.slice(0, 256);
}

/**
 * Walks an ExportTraceServiceRequest (protobuf-decoded or OTLP/JSON) into queue items. A wrong
 * shape above the span level (resourceSpans not an array…) is a 400; a bad span is rejected alone
 * and counted, so every valid span in the same request is still stored.
 */
export function collectSpans(request: unknown, options: CollectOptions): Collected {
  if (!isObj(request))
    throw new KeelError('invalid_request', 'Body must be an ExportTraceServiceRequest object');
  const out: Collected = { items: [], accepted: 0, rejected: 0, errors: [] };
  const reject = (where: string, error: string) => {
    out.rejected++;
    if (out.errors.length < MAX_ERRORS) out.errors.push(`${where}: ${error}`);
  };
  const resourceSpans = list(field(request, 'resourceSpans', 'resource_spans'), 'resourceSpans');
  for (const [r, rs] of resourceSpans.entries()) {
    if (!isObj(rs)) {
      reject(`resourceSpans[${r}]`, 'must be an object');
      continue;
    }
    const resource = dict();
    const res = field(rs, 'resource');
    if (isObj(res)) collectAttributes(field(res, 'attributes'), resource);
    const scopes = list(field(rs, 'scopeSpans', 'scope_spans'), `resourceSpans[${r}].scopeSpans`);
    for (const [s, ss] of scopes.entries()) {
      const where = `resourceSpans[${r}].scopeSpans[${s}]`;
      if (!isObj(ss)) {
        reject(where, 'must be an object');
        continue;
      }
      const ctx: MapContext = { ...options, resource, scope: scopeLabel(field(ss, 'scope')) };
      const spans = list(field(ss, 'spans'), `${where}.spans`);
      for (const [i, raw] of spans.entries())
        collectOne(raw, { ctx, out, reject, where: `${where}.spans[${i}]` });
    }
  }
  return out;
}

function collectOne(
  raw: unknown,
  c: { ctx: MapContext; out: Collected; reject: (where: string, error: string) => void; where: string },
): void {
  let result: ReturnType<typeof mapOtlpSpan>;
  try {
    result = mapOtlpSpan(raw, c.ctx);
  } catch {
    // A mapper bug must cost one span, never the batch (and never a 500).
    result = { ok: false, error: 'span could not be mapped' };
  }
  if (!result.ok) {
    c.reject(c.where, result.error);
    return;
  }
  c.out.accepted++;
  c.out.items.push({ type: 'span', row: result.span });
  if (result.trace) c.out.items.push({ type: 'trace', row: result.trace });
}
