import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectAddresses } from './detect-address.ts';

const found = (text: string): string[] => detectAddresses(text).map((s) => text.slice(s.start, s.end));

test('a flat or suite named alone after a phrase that puts a place next is an address', () => {
  assert.deepEqual(found('I live in apartment 305.'), ['apartment 305']);
  assert.deepEqual(found('Send it to Suite 242 please'), ['Suite 242']);
  assert.deepEqual(found('We moved to Apt. 983 last week'), ['Apt. 983']);
  assert.deepEqual(found('Our office is in Suite 300 on the third floor'), ['Suite 300']);
  assert.deepEqual(found('she moved into flat B'), ['flat B']);
  assert.deepEqual(found('she moved into flat a few years ago'), []);
  assert.deepEqual(found('My address is Flat B'), ['Flat B']);
  assert.deepEqual(found('I live in unit 5'), ['unit 5']);
  // What follows is read as after a street: the town, state and ZIP join the unit.
  assert.deepEqual(found('we shipped it to Suite 200, Austin, TX 78701'), ['Suite 200, Austin, TX 78701']);
  // With a street, the unit stays part of the street's block.
  assert.deepEqual(found('she lives in Apt 4B, 12 Elm Street'), ['Apt 4B, 12 Elm Street']);
});

test('units without a place phrase, course units and numbers that are not flats stay prose', () => {
  for (const text of [
    'Most of the flaky failures are in Suite 12, the payments integration tests.',
    'Go to Suite 7 in the test explorer',
    'In a minor blues the blue note is at flat 5.',
    "We're moving to Unit 4 next week, so finish the Unit 3 quiz.",
    'It is in Suite No. 1 in G major.',
    'Suite 242 of the benchmark failed',
    'Go to Unit 5 for fractions',
    'Please move on to Unit 3: Fractions',
    'I moved to flat a few weeks ago',
    'move to suite 2.0 of the tests',
    'prices went to flat 12% this year',
    'The apartment 305 listing is gone',
    // A street's unit line, with the phrase far above it, belongs to the street finder.
    'Please update my address to Parc de l’ Escalier 882/2\nApt. 368\nHavelange',
  ]) {
    const spans = found(text);
    assert.ok(!spans.some((s) => /^(?:suite|unit|flat|apartment|apt)/i.test(s)), `${text}: ${spans}`);
  }
});

test('a house number the text names as one is an address part; door and home numbers are not', () => {
  assert.deepEqual(found('My house number is 98.'), ['98']);
  assert.deepEqual(found('Our building number is 12'), ['12']);
  assert.deepEqual(found('… by the church. House number is 311'), ['311']);
  assert.deepEqual(found('Hausnummer: 12a'), ['12a']);
  assert.deepEqual(found('Street no.: 45'), ['45']);
  for (const text of [
    'I pick door number 3',
    'my home number is 555-1234',
    'house number 12.5 on the chart',
    'the house numbers 1-20',
    'What does Saturn in house number 10 mean for my career?',
    'Our form rejects addresses when the house number is 0',
    'my house number is 0',
    'Street number 1 has no left neighbour, so handle it as a boundary case.',
  ]) {
    assert.deepEqual(found(text), [], text);
  }
});
