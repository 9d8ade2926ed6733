import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { extractJsonObject, readBinary, readScore, scoreFromText } from './parse.ts';

const five = { min: 1, max: 5 };
const unit = { min: 0, max: 1 };

describe('judge output parsing', () => {
  test('JSON inside a code fence, with prose before and after', () => {
    const text = 'Sure! Here is my grade:\n```json\n{"reason": "clear", "score": 4}\n```\nHope that helps.';
    assert.deepEqual(extractJsonObject(text), { reason: 'clear', score: 4 });
  });
  test('bare JSON with trailing text, and braces inside strings', () => {
    assert.deepEqual(extractJsonObject('{"reason": "uses {braces}", "score": 1} -- end'), {
      reason: 'uses {braces}',
      score: 1,
    });
    assert.equal(extractJsonObject('no json at all'), undefined);
    assert.equal(extractJsonObject('{"unterminated": '), undefined);
  });
  test('scores: numbers, numeric strings and fractions; out of range rejected, not clamped', () => {
    assert.equal(readScore(4, five), 4);
    assert.equal(readScore('4', five), 4);
    assert.equal(readScore('4/5', five), 4);
    assert.equal(readScore('4 out of 5', five), 4);
    assert.equal(readScore('4/5', unit), 0.8);
    assert.equal(readScore('8/10', five), undefined);
    assert.equal(readScore(7, five), undefined);
    assert.equal(readScore(0, five), undefined);
    assert.equal(readScore(-0.1, unit), undefined);
    assert.equal(readScore('good', five), undefined);
  });
  test('prose fallbacks: "Score: 4/5", "rating = 3", "4 out of 5"', () => {
    assert.equal(scoreFromText('The answer is fine.\nScore: 4/5', five), 4);
    assert.equal(scoreFromText('**Score:** 3', five), 3);
    assert.equal(scoreFromText('My rating = 2.', five), 2);
    assert.equal(scoreFromText("I'd give it 4 out of 5.", five), 4);
    assert.equal(scoreFromText('Score: 0.7', unit), 0.7);
    assert.equal(scoreFromText('Score: 9/10', five), undefined);
    assert.equal(scoreFromText('It was great', five), undefined);
  });
  test('binary verdicts in their many spellings', () => {
    for (const v of [true, 1, 'yes', 'Y', 'TRUE', 'supported', '"yes".'])
      assert.equal(readBinary(v), true, String(v));
    for (const v of [false, 0, 'no', 'N', 'false', 'unsupported'])
      assert.equal(readBinary(v), false, String(v));
    for (const v of ['maybe', 2, null, undefined]) assert.equal(readBinary(v), undefined, String(v));
  });
});
