import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ASSIGNMENT, assignmentMatches } from './assignment-matches.ts';

const spans = (matches: Iterable<RegExpMatchArray>) =>
  [...matches].map((m) => [m.index, m[0], m[1], m[2], m[3]]);

test('assignments found from each operator are exactly the matches of the full scan', () => {
  const texts = [
    'password = "hunter2hunter2"\napi_key: sk-live-abc123\nuser := admin; token=>xyz',
    'DB_PASSWORD="p@ss w0rd" # comment\n  "secret": "value", \'key\' : \'v\'',
    `${'k'.repeat(81)}=value\n${'k'.repeat(82)}=value\n9key=value\n.key=value\n-key: v`,
    'a = = b\nx :=: y\nname: !!str value\nurl: http://x.io/a:b=c\n== =: :',
    'The time is 10:30 and the ratio = 3:2. Note: this is fine. Q: what? A: yes',
  ];
  let seed = 3;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const pieces = [
    'a',
    'K',
    '9',
    '_',
    '.',
    '-',
    ':',
    '=',
    '>',
    '"',
    "'",
    ' ',
    '\t',
    '\n',
    '#',
    ';',
    ',',
    '!!',
    'key',
    'é',
  ];
  for (let k = 0; k < 5000; k++) {
    let s = '';
    for (let i = Math.floor(rnd() * 30); i > 0; i--) s += pieces[Math.floor(rnd() * pieces.length)];
    texts.push(s);
  }
  let matched = 0;
  for (const text of texts) {
    const expected = spans(text.matchAll(ASSIGNMENT));
    matched += expected.length;
    assert.deepEqual(spans(assignmentMatches(text)), expected, JSON.stringify(text));
  }
  assert.ok(matched > 1000, `only ${matched} matches: the comparison needs assignments`);
});
