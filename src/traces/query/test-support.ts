/**
 * Test helper (not shipped API): builds trace items and writes them through the real write path
 * (`writeBatch`), so query tests read exactly what ingest would have stored.
 */
import { KeelError } from '../../errors/index.ts';
import type { SqlExecutor } from '../../spec/index.ts';
import {
  blankSpan,
  blankTrace,
  type QueueItem,
  type ScoreRow,
  type SpanRow,
  type TraceUpsert,
} from '../model.ts';
import { writeBatch } from '../write-batch.ts';
import type { AuthorizeTraces } from './routes.ts';

export const HOUR_US = 3_600_000_000;

export function span(
  init: Partial<SpanRow> & { traceId: string; spanId: string; startUs: number },
): QueueItem {
  const row = blankSpan({
    tenant: init.tenant ?? 'default',
    traceId: init.traceId,
    spanId: init.spanId,
    startUs: init.startUs,
    source: init.source ?? 'otlp',
  });
  const endUs = init.endUs ?? init.startUs + 100_000;
  return {
    type: 'span',
    row: {
      ...row,
      name: 'span',
      status: 'ok',
      endUs,
      durationMs: (endUs - init.startUs) / 1000,
      ...init,
    },
  };
}

export function trace(init: Partial<TraceUpsert> & { traceId: string }): QueueItem {
  return {
    type: 'trace',
    row: {
      ...blankTrace({ tenant: init.tenant ?? 'default', traceId: init.traceId, source: 'otlp' }),
      ...init,
    },
  };
}

export function score(
  init: Partial<ScoreRow> & { id: string; traceId: string; name: string; timeUs: number },
): QueueItem {
  return {
    type: 'score',
    row: {
      tenant: 'default',
      spanId: null,
      value: 1,
      stringValue: null,
      dataType: 'numeric',
      source: 'api',
      comment: null,
      authorId: null,
      metadata: '{}',
      ...init,
    },
  };
}

/** A one-generation trace (plus an optional guardrail span) with the given facts. */
export function generation(o: {
  traceId: string;
  startUs: number;
  tenant?: string;
  model?: string;
  durationMs?: number;
  ttftMs?: number | null;
  status?: 'ok' | 'error';
  costUsd?: number;
  outputTokens?: number;
  userId?: string | null;
  feature?: string | null;
  tags?: string[];
  cacheHit?: boolean | null;
  guard?: 'allow' | 'block' | null;
}): QueueItem[] {
  const tenant = o.tenant ?? 'default';
  const endUs = o.startUs + Math.round((o.durationMs ?? 100) * 1000);
  const items: QueueItem[] = [
    span({
      tenant,
      traceId: o.traceId,
      spanId: `${o.traceId}-g`,
      startUs: o.startUs,
      endUs,
      name: `chat ${o.model ?? 'm1'}`,
      kind: 'generation',
      layer: 'model',
      model: o.model ?? 'm1',
      status: o.status ?? 'ok',
      costUsd: o.costUsd ?? 0.001,
      inputTokens: 10,
      outputTokens: o.outputTokens ?? 20,
      totalTokens: 10 + (o.outputTokens ?? 20),
      ttftMs: o.ttftMs === undefined ? 50 : o.ttftMs,
      cacheHit: o.cacheHit ?? null,
      userId: o.userId ?? null,
    }),
    trace({
      tenant,
      traceId: o.traceId,
      userId: o.userId ?? null,
      feature: o.feature ?? null,
      tags: o.tags ?? [],
    }),
  ];
  if (o.guard) {
    items.push(
      span({
        tenant,
        traceId: o.traceId,
        spanId: `${o.traceId}-s`,
        parentId: `${o.traceId}-g`,
        startUs: o.startUs + 1,
        endUs: o.startUs + 2,
        name: 'guard input',
        kind: 'guardrail',
        layer: 'safety',
        verdict: o.guard,
        status: o.guard === 'block' ? 'error' : 'ok',
      }),
    );
  }
  return items;
}

export async function write(sql: SqlExecutor, items: QueueItem[]): Promise<void> {
  await writeBatch(sql, items, Date.now() * 1000);
}

/**
 * Stands in for the access module in route tests: header `x-test-tenants` names the caller's
 * tenants (comma-separated; absent = every tenant), `deny` is an unauthenticated caller and
 * `none` an org user whose org has no projects yet.
 */
export const headerTenants: AuthorizeTraces = (request) => {
  const header = request.headers['x-test-tenants'];
  if (header === 'deny') throw new KeelError('unauthorized', 'no admin token');
  if (header === 'none') return { tenants: [] };
  return typeof header === 'string' ? { tenants: header.split(',') } : {};
};
