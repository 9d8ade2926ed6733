import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PeriodClock, parsePeriodKey, periodWindow } from './periods.ts';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

describe('budget periods (UTC)', () => {
  it('day: the last millisecond of a month and the first of the next are different days', () => {
    const last = periodWindow('day', at('2026-01-31T23:59:59.999Z'));
    assert.deepEqual(
      [last.key, iso(last.start), iso(last.end)],
      ['2026-01-31', '2026-01-31T00:00:00.000Z', '2026-02-01T00:00:00.000Z'],
    );
    assert.equal(periodWindow('day', at('2026-02-01T00:00:00.000Z')).key, '2026-02-01');
    assert.equal(periodWindow('day', at('2028-02-29T12:00:00Z')).key, '2028-02-29');
  });

  it('month: boundaries at the 1st, including February and the year end', () => {
    const feb = periodWindow('month', at('2026-02-28T23:59:59.999Z'));
    assert.deepEqual(
      [feb.key, iso(feb.start), iso(feb.end)],
      ['2026-02', '2026-02-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z'],
    );
    const leap = periodWindow('month', at('2028-02-29T23:00:00Z'));
    assert.equal(iso(leap.end), '2028-03-01T00:00:00.000Z');
    const dec = periodWindow('month', at('2026-12-31T23:59:59.999Z'));
    assert.deepEqual([dec.key, iso(dec.end)], ['2026-12', '2027-01-01T00:00:00.000Z']);
    assert.equal(periodWindow('month', at('2027-01-01T00:00:00Z')).key, '2027-01');
  });

  it('month: local time zones do not matter (UTC only)', () => {
    // 2026-11-30T23:30 in UTC-5 is already December in UTC.
    assert.equal(periodWindow('month', at('2026-11-30T23:30:00-05:00')).key, '2026-12');
  });

  it('week: ISO weeks start on Monday; the ISO year differs from the calendar year at the edges', () => {
    const w = periodWindow('week', at('2026-11-22T10:00:00Z')); // a Sunday
    assert.deepEqual(
      [w.key, iso(w.start), iso(w.end)],
      ['2026-W47', '2026-11-16T00:00:00.000Z', '2026-11-23T00:00:00.000Z'],
    );
    assert.equal(periodWindow('week', at('2026-11-23T00:00:00Z')).key, '2026-W48');
    assert.equal(periodWindow('week', at('2026-12-31T12:00:00Z')).key, '2026-W53'); // 2026 has 53 weeks
    assert.equal(periodWindow('week', at('2027-01-01T12:00:00Z')).key, '2026-W53');
    assert.equal(periodWindow('week', at('2024-12-30T00:00:00Z')).key, '2025-W01');
    assert.equal(periodWindow('week', at('2021-01-03T23:59:59Z')).key, '2020-W53');
  });

  it('total: never starts, never resets', () => {
    assert.deepEqual(periodWindow('total', Date.now()), { key: 'total', start: null, end: null });
  });

  it('PeriodClock caches the window and moves on exactly at the boundary', () => {
    let now = at('2026-03-31T23:59:59.999Z');
    const clock = new PeriodClock(() => now);
    const march = clock.window('month');
    assert.equal(march.key, '2026-03');
    assert.equal(clock.window('month'), march);
    now += 1;
    assert.equal(clock.window('month').key, '2026-04');
    assert.equal(clock.window('day').key, '2026-04-01');
  });

  it('parsePeriodKey reads months, days and ISO weeks back into their windows', () => {
    const month = parsePeriodKey('2026-11');
    assert.deepEqual(
      [month.period, iso(month.start), iso(month.end)],
      ['month', '2026-11-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z'],
    );
    const day = parsePeriodKey('2026-11-22');
    assert.deepEqual([day.period, iso(day.end)], ['day', '2026-11-23T00:00:00.000Z']);
    const week = parsePeriodKey('2026-W53');
    assert.deepEqual([week.period, iso(week.start)], ['week', '2026-12-28T00:00:00.000Z']);
    assert.equal(parsePeriodKey('2025-W01').start, at('2024-12-30T00:00:00Z'));
    for (const bad of ['2026-13', '2026-02-30', '2026-W54', '2025-W53', 'last month', '']) {
      assert.throws(() => parsePeriodKey(bad), /is not a period/, bad);
    }
  });
});
