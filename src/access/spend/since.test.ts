import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseReportTime } from './since.ts';

const now = Date.UTC(2026, 10, 22, 12);
const at = (text: string) => parseReportTime(text, { now, name: 'since' });

test('spans and ISO dates', () => {
  assert.equal(at('1d'), now - 86_400_000);
  assert.equal(at('2026-11-01'), Date.UTC(2026, 10, 1));
  assert.equal(at('2024-02-29'), Date.UTC(2024, 1, 29));
});

test('impossible dates and absurd spans are 400s, not silently moved', () => {
  for (const bad of ['2026-02-30', '2026-04-31', '2026-13-01', '99999d', '99999w']) {
    assert.throws(() => at(bad), { code: 'invalid_request' }, bad);
  }
  assert.throws(() => at('99999d'), /too long/);
});
