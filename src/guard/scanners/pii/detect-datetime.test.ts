import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { detectDateTimes } from './detect-datetime.ts';
import { detectDatesOfBirth } from './detect-dob.ts';
import { detectPii } from './pii-scanner.ts';

const dates = (text: string): string[] => detectDateTimes(text).map((s) => text.slice(s.start, s.end));

describe('DATE_TIME (opt-in) detector', () => {
  test('dates, timestamps, times and weekdays', () => {
    assert.deepEqual(dates('Date: 2007-03-23 18:43:36'), ['2007-03-23 18:43:36']);
    assert.deepEqual(dates('deployed 2024-05-01T09:30:00Z by ops'), ['2024-05-01T09:30:00Z']);
    assert.deepEqual(dates("We'll meet Thursday"), ['Thursday']);
    assert.deepEqual(dates('see you on Monday, March 3, 2025 at 10:30 am'), [
      'Monday, March 3, 2025 at 10:30 am',
    ]);
    assert.deepEqual(dates('due 12/15/1995 or 3 March 2024'), ['12/15/1995', '3 March 2024']);
    assert.deepEqual(dates('the 3rd of May works, or June 5th'), ['the 3rd of May', 'June 5th']);
    assert.deepEqual(dates('call at 5pm or 17:45 UTC'), ['5pm', '17:45 UTC']);
  });

  test('benign look-alikes are not dates', () => {
    for (const text of [
      'upgrade to version 1.2.3 or v2.10.2024',
      'the server 10.1.2.33 is down',
      'I ate 3/4 of the pie',
      'final score 21-14',
      'you may 2 times retry',
      'ratio 16:9 and chapter 12',
      'it costs 5 dollars',
      'ISBN 978-3-16-148410-0',
      'call +1 415-555-0132',
    ]) {
      assert.deepEqual(dates(text), [], text);
    }
  });

  test('linear on hostile input', () => {
    const hostile = '1/1/1 12:12:12 Monday, '.repeat(5000);
    const t0 = performance.now();
    detectDateTimes(hostile);
    assert.ok(performance.now() - t0 < 1000);
  });
});

describe('dates of birth versus other dates', () => {
  test('a date is a date of birth only after birth context', () => {
    const text = 'She was born on 2/7/1961 and the meeting is on 3/8/2024.';
    assert.deepEqual(
      detectDatesOfBirth(text).map((s) => text.slice(s.start, s.end)),
      ['2/7/1961'],
    );
  });

  test('default PII screening reports the birth date but not ordinary dates', () => {
    const text = 'DOB: 4/22/1965. Deadline Friday, 3/8/2024 at 17:00.';
    const found = detectPii(text).map((s) => [s.type, text.slice(s.start, s.end)]);
    assert.deepEqual(found, [['DATE_OF_BIRTH', '4/22/1965']]);
    const all = detectPii(text, { entities: ['DATE_OF_BIRTH', 'DATE_TIME'] }).map((s) => [
      s.type,
      text.slice(s.start, s.end),
    ]);
    assert.deepEqual(all, [
      ['DATE_OF_BIRTH', '4/22/1965'],
      ['DATE_TIME', 'Friday, 3/8/2024 at 17:00'],
    ]);
  });
});
