import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tokenRuns } from './token-runs.ts';

/** The look-behind regexes tokenRuns replaces: the reference it must agree with. */
const reference = (min: number, max: number, notAfterEquals: boolean) =>
  new RegExp(
    `(?<![A-Za-z0-9+/_${notAfterEquals ? '=' : ''}-])[A-Za-z0-9+/_-]{${min},${max}}={0,2}(?![A-Za-z0-9+/_=-])`,
    'g',
  );

test('token runs are exactly the matches of the look-behind regex', () => {
  let seed = 5;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const pieces = [
    'a',
    'Z',
    '9',
    '+',
    '/',
    '_',
    '-',
    '=',
    '==',
    '===',
    ' ',
    '.',
    '\n',
    'é',
    'abcdefgh',
    'QUJDREVG',
  ];
  const texts = [
    'key=QUJDREVGR0hJSktMTU5PUFFSU1RVVldY and QUJDREVGR0hJSktMTU5PUFFSU1RVVldY== ok',
    `${'x'.repeat(30)}=== then ${'y'.repeat(30)}=z and ${'w'.repeat(2000)}`,
    '',
  ];
  for (let k = 0; k < 4000; k++) {
    let s = '';
    for (let i = Math.floor(rnd() * 30); i > 0; i--) s += pieces[Math.floor(rnd() * pieces.length)];
    texts.push(s);
  }
  let matched = 0;
  for (const [min, max, notAfterEquals] of [
    [20, 1024, true],
    [24, 4096, false],
    [4, 12, true],
    [4, 12, false],
  ] as const) {
    const re = reference(min, max, notAfterEquals);
    for (const text of texts) {
      const expected = [...text.matchAll(re)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
      matched += expected.length;
      assert.deepEqual(
        tokenRuns(text, { minLength: min, maxLength: max, notAfterEquals }),
        expected,
        `${min}-${max} ${notAfterEquals}: ${text}`,
      );
    }
  }
  assert.ok(matched > 1000, `only ${matched} matches: the comparison needs runs`);
});
