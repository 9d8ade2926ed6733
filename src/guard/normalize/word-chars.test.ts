import assert from 'node:assert/strict';
import { it } from 'node:test';
import { isWordCharCode } from './word-chars.ts';

it('words are lower-case ASCII letters, digits and non-ASCII letters, not punctuation', () => {
  const word = (text: string) => [...text].map((c) => isWordCharCode(c.charCodeAt(0)));
  assert.deepEqual(word('az09éж中'), [true, true, true, true, true, true, true]);
  assert.deepEqual(word('A _-.\'"'), [false, false, false, false, false, false, false]);
  assert.deepEqual(word('\u2019\u201c\u3001«»¿¡·'), [false, false, false, false, false, false, false, false]);
});
