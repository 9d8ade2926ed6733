import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDurationMs, parseRetryAfterMs } from './retry-after.ts';

const NOW = Date.parse('2025-01-01T00:00:00Z');

describe('parseRetryAfterMs', () => {
  it('reads Retry-After in seconds', () => {
    assert.equal(parseRetryAfterMs({ 'retry-after': '7' }, NOW), 7000);
    assert.equal(parseRetryAfterMs({ 'retry-after': '0.5' }, NOW), 500);
  });

  it('reads Retry-After as an HTTP date, relative to now, never negative', () => {
    assert.equal(parseRetryAfterMs({ 'retry-after': 'Wed, 01 Jan 2025 00:00:30 GMT' }, NOW), 30_000);
    assert.equal(parseRetryAfterMs({ 'retry-after': 'Tue, 31 Dec 2024 23:00:00 GMT' }, NOW), 0);
  });

  it('prefers retry-after-ms', () => {
    assert.equal(parseRetryAfterMs({ 'retry-after-ms': '250', 'retry-after': '9' }, NOW), 250);
  });

  it('falls back to the exhausted x-ratelimit-reset bucket, else the later one', () => {
    const both = { 'x-ratelimit-reset-requests': '1s', 'x-ratelimit-reset-tokens': '6m0s' };
    assert.equal(parseRetryAfterMs(both, NOW), 360_000);
    assert.equal(parseRetryAfterMs({ ...both, 'x-ratelimit-remaining-requests': '0' }, NOW), 1000);
  });

  it('returns undefined when nothing usable is there', () => {
    assert.equal(parseRetryAfterMs({}, NOW), undefined);
    assert.equal(parseRetryAfterMs({ 'retry-after': 'soon' }, NOW), undefined);
  });
});

describe('parseDurationMs', () => {
  it('parses OpenAI reset durations', () => {
    assert.equal(parseDurationMs('20ms'), 20);
    assert.equal(parseDurationMs('1h2m3.5s'), 3_723_500);
    assert.equal(parseDurationMs('2'), 2000);
    assert.equal(parseDurationMs('2 parsecs'), undefined);
  });
});
