import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectAddresses } from './detect-address.ts';

const found = (text: string): string[] => detectAddresses(text).map((s) => text.slice(s.start, s.end));

test('in lower-case text a street named alone opens its phrase', () => {
  assert.deepEqual(found('final answer: adams street'), ['adams street']);
  assert.deepEqual(found('<address>almeida street</address><phone>20-32-85-26</phone>'), ['almeida street']);
  assert.deepEqual(found('esri, chloupková street'), ['chloupková street']);
  assert.deepEqual(found('chloupková street is where the keys are'), ['chloupková street']);
  // A one-word street with a street ending, with its house number, in a CSV line.
  assert.deepEqual(found('google public data explorer,gesäusestrasse 6,9320 7126,carol@einrot.com'), [
    'gesäusestrasse 6',
  ]);
  assert.deepEqual(found('meet me outside boyle street at noon?'), ['boyle street']);
  assert.deepEqual(found('go past rolc street and keep going'), ['rolc street']);
});

test('in lower-case text English names, words inside a phrase and chat stay prose', () => {
  for (const text of [
    'lil wayne street',
    'on the main street',
    'stay in your lane',
    'wall street is down again',
    'the road trip was fun',
    'fuck this street',
    'we have a strong brigade',
    'shortie and sweetie',
  ]) {
    assert.deepEqual(found(text), [], text);
  }
});

test('in lower-case text a street with no type word needs a place phrase or a house number first', () => {
  assert.deepEqual(found('they shipped it to hedemannstasse 15, qeqertarsuaq.'), [
    'hedemannstasse 15, qeqertarsuaq',
  ]);
  assert.deepEqual(found('they sent it to 76 stubben 149 on 2/25/1998'), ['76 stubben 149']);
  assert.deepEqual(found('card was used at a shop near 76 stubben 149 on 2/25/1998'), []);
  assert.deepEqual(found('ship to 26 veres pálné u. 91.\ntoftlund\n, sy\n 04828.'), [
    '26 veres pálné u. 91.\ntoftlund\n, sy\n 04828',
  ]);
  for (const text of [
    'i grew up on castelao 71',
    'liverpool 4 tottenham 2',
    'at lvl 50 now',
    'moving to vue 3 next week',
    'going to penang street food market tmrw',
    'tokyo street food is the best',
    'cappadocia road trip photos',
    'der spielplatz ist neu',
  ]) {
    assert.deepEqual(found(text), [], text);
  }
});

test('in lower-case text a town before prose keeps only the words that can only be a place', () => {
  assert.deepEqual(found('is 50 massbyntie 27, järvenpää inside your delivery zone?'), [
    '50 massbyntie 27, järvenpää',
  ]);
  assert.deepEqual(found('charge it and ship to 30 veslebakken 48, harstad wednesday'), [
    '30 veslebakken 48, harstad',
  ]);
  assert.deepEqual(found('we moved to rua heloísa 547, 58179-540 janaína do sul last spring'), [
    'rua heloísa 547, 58179-540 janaína do sul',
  ]);
  // A count after a postcode, a name after a street: prose.
  assert.deepEqual(
    found(
      'ordered a pizza to 07 hansinegata 120\nspringdale heights\n, nsw\n 53218 forty minutes ago and nothing yet.',
    ),
    ['07 hansinegata 120\nspringdale heights\n, nsw\n 53218'],
  );
  assert.deepEqual(found('ship to 12 elm street, tom and i will wait'), ['12 elm street']);
});

test('in lower-case text prose before a street with a type word last stays out of it', () => {
  assert.deepEqual(found('police closed hochstrasse 96 after the fire'), ['hochstrasse 96']);
  assert.deepEqual(found('meet me outside freistädter strasse 61 at noon?'), ['freistädter strasse 61']);
  assert.deepEqual(found('hij woont sinds kort aan de erzsébet tér 92.'), ['erzsébet tér 92.']);
  // Given names that are also English words stay in the name.
  assert.deepEqual(found('he lives on dirk de derdelaan 149 now'), ['dirk de derdelaan 149']);
  assert.deepEqual(found('final answer: 78 victor hugo u. 97.'), ['78 victor hugo u. 97.']);
});

test('in lower-case text a Dutch particle or a quarter word opens a one-word street', () => {
  assert.deepEqual(found('name=jane doe|addr=de jongdijk|tier=gold'), ['de jongdijk']);
  assert.deepEqual(found('ship it to södra skolgränden.'), ['södra skolgränden']);
  // The phrase must still open before them: after a verb it does not.
  assert.deepEqual(found('ik zag de jongdijk'), []);
});
