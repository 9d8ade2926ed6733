import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { isKeelError } from '../../errors/index.ts';
import { FILTER_KEYS, filtersFromQuery } from './filters.ts';
import { parseInput } from './parse-query.ts';

const NOW = Date.UTC(2026, 0, 1);
const query = z.strictObject(FILTER_KEYS).partial();
const filters = (q: Record<string, string>) => filtersFromQuery(parseInput(query, q), NOW);
const badRequest = (param: string) => (e: unknown) => isKeelError(e) && e.status === 400 && e.param === param;

describe('trace filters from a query string', () => {
  it('numbers must be finite: 1e999 is a 400, not an Infinity bound that Postgres refuses', () => {
    assert.throws(() => filters({ maxCost: '1e999' }), badRequest('maxCost'));
    assert.throws(() => filters({ minLatencyMs: '-1e309' }), badRequest('minLatencyMs'));
    assert.deepEqual(filters({ minCost: '1e-3' }).costUsd, { min: 0.001 });
  });

  it('times outside what a date can hold are a 400 (they failed in SQL or in the answer)', () => {
    assert.throws(() => filters({ since: '99999999999999999999' }), badRequest('since'));
    assert.throws(() => filters({ until: '1000000000w' }), badRequest('until'));
    assert.equal(filters({ since: '1700000000000' }).sinceMs, 1_700_000_000_000);
    assert.equal(filters({ since: '24h' }).sinceMs, NOW - 86_400_000);
  });
});
