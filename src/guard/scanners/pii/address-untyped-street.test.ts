import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectAddresses } from './detect-address.ts';

const found = (text: string): string[] => detectAddresses(text).map((s) => text.slice(s.start, s.end));

test('a street with no type word and its number, after a phrase that puts a place next, is an address', () => {
  assert.deepEqual(found('I live on Castelao 71 and never left.'), ['Castelao 71']);
  assert.deepEqual(found('Our office is on Republica de Chile 8305, second floor.'), [
    'Republica de Chile 8305',
  ]);
  assert.deepEqual(found('meet me at Ηλίου 64'), ['Ηλίου 64']);
  assert.deepEqual(found('We moved to 56 San Andrés 70.'), ['56 San Andrés 70']);
  assert.deepEqual(found('Please deliver the parcel to Bygget 91 instead.'), ['Bygget 91']);
  // A preposition alone leads to versions, games, flights and venues as often.
  assert.deepEqual(found('I grew up on Castelao 71 and never left.'), []);
  assert.deepEqual(found('We talked to Bygget 91 times'), []);
});

test('a house number, a name and the street number count after a place phrase only', () => {
  assert.deepEqual(found('They shipped it to 76 Stubben 149 by mistake.'), ['76 Stubben 149']);
  for (const text of [
    'Police closed 76 Stubben 149 after the fire.',
    'Read 1 Corinthians 13 tonight, then 2 Samuel 7.',
    'The score was Liverpool 4 Tottenham 2 at Anfield.',
    '1 Verstappen 437\n2 Norris 374',
    'Meeting on 5 Junio 10:30 in Madrid',
  ]) {
    assert.deepEqual(found(text), [], text);
  }
});

test('a name and "and" before a numbered street, after a place phrase, is the corner it is on', () => {
  assert.deepEqual(found('Please return it to Felicity and Hraunás 84, thanks.'), [
    'Felicity and Hraunás 84',
  ]);
  assert.deepEqual(found('Go past Merle and P.O. Box 255 and keep going.'), ['Merle and P.O. Box 255']);
  assert.deepEqual(found('Kevin and 12 Elm Street'), ['Kevin and 12 Elm Street']);
  assert.deepEqual(found('We saw Kevin and 12 Elm Street'), ['12 Elm Street']);
  // No number: the first name stays out of a street named alone.
  assert.deepEqual(found('Thanks to Mark and Okonkwo Avenue for the campaign.'), ['Okonkwo Avenue']);
});

test('versions, models, games, flights, venues, counts, years and people with a number stay prose', () => {
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
    'Our dashboards run on Grafana 11 now.',
    'I am flying on Lufthansa 456 tomorrow.',
    'We stayed at Marriott 2 nights',
    'Take off Saka 7 and bring on Trossard 19.',
    'I bought it at Aldi 3 quid',
    'stayed at marriott 2 nights lol',
    'MEET ME AT HACHIKO 5 TONIGHT',
  ]) {
    assert.deepEqual(found(text), [], text);
  }
});

test('a capitalised preposition counts where a sentence starts, not inside a line', () => {
  assert.deepEqual(found('Nice. Along Bezrukov Street there are trees.'), ['Bezrukov Street']);
  for (const text of [
    'On Writing Well is a book',
    'On Monday 12 people came',
    'In Python 3 you can',
    'Read Notes On Castelao 71',
    'Outside Wembley 2 fans were arrested.',
  ]) {
    assert.deepEqual(found(text), [], text);
  }
});
