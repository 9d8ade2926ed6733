import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isKeelError } from '../errors/index.ts';
import { parseDuration, parseSince, parseTime } from './duration.ts';

const invalid = (error: unknown) => isKeelError(error) && error.code === 'invalid_request';

test('parseDuration reads units and sums', () => {
  assert.equal(parseDuration('500ms'), 500);
  assert.equal(parseDuration('30s'), 30_000);
  assert.equal(parseDuration('30m'), 1_800_000);
  assert.equal(parseDuration('1h'), 3_600_000);
  assert.equal(parseDuration('7d'), 604_800_000);
  assert.equal(parseDuration('2w'), 1_209_600_000);
  assert.equal(parseDuration('1h30m'), 5_400_000);
  assert.equal(parseDuration('1.5s'), 1500);
  assert.equal(parseDuration(' 2m '), 120_000);
  assert.equal(parseDuration('0s'), 0);
});

test('parseDuration accepts bare numbers only when a unit is implied', () => {
  assert.equal(parseDuration('250', { bareUnit: 'ms' }), 250);
  assert.throws(() => parseDuration('250'), invalid);
});

test('parseDuration rejects junk with a message naming the flag', () => {
  for (const bad of ['', 'h', '1y', '-1h', '1h junk', '1 h', 'abc', '1e3s']) {
    assert.throws(
      () => parseDuration(bad, { name: '--since' }),
      (error: unknown) => {
        assert.ok(invalid(error));
        assert.match((error as Error).message, /^--since: '.*' is not a duration like/);
        return true;
      },
    );
  }
});

test('parseTime reads ISO dates and date-times, rejects the rest', () => {
  assert.equal(parseTime('2025-01-31'), Date.UTC(2025, 0, 31));
  assert.equal(parseTime('2025-01-31T10:00:00Z'), Date.UTC(2025, 0, 31, 10));
  assert.equal(parseTime('2025-01-31T10:00:00.250+02:00'), Date.UTC(2025, 0, 31, 8, 0, 0, 250));
  for (const bad of ['2025-13-40', 'yesterday', '31/01/2025', '2025-01-31T25:00Z']) {
    assert.throws(() => parseTime(bad), invalid, bad);
  }
});

test('parseSince takes a duration before now or an ISO time', () => {
  const now = Date.UTC(2025, 5, 1, 12);
  assert.equal(parseSince('1h', { now }), now - 3_600_000);
  assert.equal(parseSince('7d', { now }), now - 7 * 86_400_000);
  assert.equal(parseSince('2025-06-01T00:00:00Z', { now }), Date.UTC(2025, 5, 1));
  assert.throws(() => parseSince('soon', { now, name: '--since' }), /--since: 'soon' is neither a duration/);
});

test('absurd durations are a clear usage error, not a crash or a date in year 275000', () => {
  const now = Date.UTC(2025, 5, 1, 12);
  for (const text of ['99999999d', '9999999999d', '36501d', '1e400s']) {
    assert.throws(() => parseDuration(text, { name: '--expires' }), invalid, text);
    assert.throws(() => parseSince(text, { now, name: '--since' }), invalid, text);
  }
  assert.throws(() => parseSince('99999999d', { now, name: '--since' }), /--since: '99999999d' is too long/);
  assert.equal(parseDuration('36500d'), 36_500 * 86_400_000);
});

test('impossible calendar dates are refused, not rolled over into the next month', () => {
  for (const bad of ['2026-02-30', '2026-02-29', '2025-04-31', '2026-00-10', '2026-01-00']) {
    assert.throws(() => parseTime(bad), invalid, bad);
    assert.throws(() => parseSince(bad), invalid, bad);
  }
  assert.equal(parseTime('2024-02-29'), Date.UTC(2024, 1, 29));
});
