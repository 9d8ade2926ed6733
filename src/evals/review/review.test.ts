import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseScale } from '../cli/review.ts';
import type { Rubric } from './repo.ts';
import { checkRating } from './service.ts';

const rubric = (scale: Rubric['scale']): Rubric => ({
  name: 'r',
  description: '',
  text: 't',
  scale,
  createdAt: 0,
  updatedAt: 0,
});

describe('review ratings', () => {
  it('binary rubrics take pass/fail (or 0/1)', () => {
    assert.deepEqual(checkRating(rubric({ type: 'binary' }), { pass: true }), { score: 1, pass: true });
    assert.deepEqual(checkRating(rubric({ type: 'binary' }), { score: 0 }), { score: 0, pass: false });
    assert.throws(() => checkRating(rubric({ type: 'binary' }), { score: 0.5 }), /pass\/fail/);
  });
  it('ordinal rubrics take a whole score on the scale', () => {
    const r = rubric({ type: 'ordinal', min: 1, max: 5 });
    assert.deepEqual(checkRating(r, { score: 4 }), { score: 4, pass: null });
    assert.throws(() => checkRating(r, { score: 6 }), /from 1 to 5/);
    assert.throws(() => checkRating(r, { score: 2.5 }), /whole score/);
  });
  it('CLI scales', () => {
    assert.deepEqual(parseScale('binary'), { type: 'binary' });
    assert.deepEqual(parseScale('1-5'), { type: 'ordinal', min: 1, max: 5 });
    assert.throws(() => parseScale('5-1'), /MIN-MAX/);
  });
});
