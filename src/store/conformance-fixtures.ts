import type { RequestRecord } from '../spec/index.ts';
import { uuidv7 } from './ids.ts';

/** 2025-01-01T00:00:00Z: fixed so time filters in the conformance suite are exact. */
export const BASE_TIME = Date.UTC(2025, 0, 1);

/** A complete, valid record; ids come from uuidv7() so creation order is id order. */
export function makeRecord(overrides: Partial<RequestRecord> = {}): RequestRecord {
  return {
    id: uuidv7(),
    startedAt: BASE_TIME,
    endedAt: BASE_TIME + 120,
    endpoint: 'chat',
    stream: false,
    model: 'gpt-test',
    deployment: 'sim/gpt-test',
    provider: 'sim',
    upstreamModel: 'gpt-test-2025',
    attempts: 1,
    status: 200,
    errorCode: null,
    latencyMs: 120,
    upstreamMs: 118.25,
    ttftMs: null,
    overheadMs: 0.375,
    promptTokens: 12,
    completionTokens: 34,
    cachedTokens: 0,
    reasoningTokens: 0,
    tokensEstimated: false,
    costUsd: 0.000123,
    cache: 'miss',
    tenant: 'default',
    user: null,
    session: null,
    feature: null,
    tags: [],
    metadata: {},
    ...overrides,
  };
}

/** `count` records one second apart from `start`, oldest first. */
export function makeSeries(
  count: number,
  start: number,
  overrides: Partial<RequestRecord> = {},
): RequestRecord[] {
  return Array.from({ length: count }, (_, i) =>
    makeRecord({ startedAt: start + i * 1000, endedAt: start + i * 1000 + 50, ...overrides }),
  );
}

/** A record with every nullable field set and every flag flipped from makeRecord's defaults. */
export function makeFullRecord(): RequestRecord {
  return makeRecord({
    endpoint: 'messages',
    stream: true,
    attempts: 3,
    status: 502,
    errorCode: 'upstream_stream_broken',
    ttftMs: 42.5,
    cachedTokens: 5,
    reasoningTokens: 7,
    tokensEstimated: true,
    costUsd: 1.5e-7,
    cache: 'hit',
    tenant: 'team-a',
    user: 'user-1',
    session: 'sess-1',
    feature: 'summarise',
    tags: ['a', 'b'],
    metadata: { nested: { list: [1, 2.5, 'x', null, true] }, n: 0 },
  });
}
