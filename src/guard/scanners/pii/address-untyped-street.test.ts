import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectAddresses } from './detect-address.ts';

const found = (text: string): string[] => detectAddresses(text).map((s) => text.slice(s.start, s.end));

test('a street with no type word and its number, after a preposition of place, is an address', () => {
  assert.deepEqual(found('I grew up on Castelao 71 and never left.'), ['Castelao 71']);
  assert.deepEqual(found('Houses on Republica de Chile 8305 have doubled in price.'), [
    'Republica de Chile 8305',
  ]);
  assert.deepEqual(found('meet me outside Ηλίου 64 at noon'), ['Ηλίου 64']);
  assert.deepEqual(found('Everyone knows the market on 56 San Andrés 70.'), ['56 San Andrés 70']);
  // "to" needs a phrase that puts a place next.
  assert.deepEqual(found('Please deliver the parcel to Bygget 91 instead.'), ['Bygget 91']);
  assert.deepEqual(found('We talked to Bygget 91 times'), []);
});

test('a house number, a name and the street number need no preposition', () => {
  assert.deepEqual(found('Police closed 76 Stubben 149 after the fire.'), ['76 Stubben 149']);
  assert.deepEqual(found('Read 1 Corinthians 13 tonight, then 2 Samuel 7.'), []);
  assert.deepEqual(found('The score was Liverpool 4 Tottenham 2 at Anfield.'), []);
});

test('a name and "and" before a street, after a preposition, is the corner it is on', () => {
  assert.deepEqual(found('Turn left onto Felicity and Hraunás 84, then right.'), ['Felicity and Hraunás 84']);
  assert.deepEqual(found('Go past Merle and P.O. Box 255 and keep going.'), ['Merle and P.O. Box 255']);
  assert.deepEqual(found('Kevin and 12 Elm Street'), ['Kevin and 12 Elm Street']);
  assert.deepEqual(found('We saw Kevin and 12 Elm Street'), ['12 Elm Street']);
});

test('versions, models, counts, years and people with a number stay prose', () => {
  for (const text of [
    'It runs fine on Ubuntu 22 and Debian 12.',
    'We upgraded to Vue 3 last week.',
    'Moving to Nuxt 3 was painful.',
    'I played it on Xbox 360 for years.',
    'She flew in on Boeing 747 from Tokyo',
    'on Diablo 4 the loot is better',
    'PSG won in Ligue 1 again.',
    'We met at Wimbledon 2024, remember?',
    'I talked to Sarah 2 hours ago.',
    'Give it to Kevin 3 times a day.',
    'Meet me at Gate 12.',
    'She scored at Anfield 3 times this season.',
    'on Monday 12 people came',
    'The release is based on Kotlin 2 and Gradle 8.',
    'We stayed at Hilton 2 nights',
    'Players: at Kevin Smith 10, Suarez 9.',
    'on Ubuntu 22.04 LTS',
  ]) {
    assert.deepEqual(found(text), [], text);
  }
});

test('a capitalised preposition counts where a sentence starts, not inside a line', () => {
  assert.deepEqual(found('At Castelao 71 we met.'), ['Castelao 71']);
  assert.deepEqual(found('Nice. Along Bezrukov Street there are trees.'), ['Bezrukov Street']);
  for (const text of [
    'On Writing Well is a book',
    'On Monday 12 people came',
    'In Python 3 you can',
    'Read Notes On Castelao 71',
  ]) {
    assert.deepEqual(found(text), [], text);
  }
});
