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

test('intersections and junctions are read like corners', () => {
  assert.deepEqual(found('The accident happened at the intersection of Koontz Lane and Hansen Street.'), [
    'the intersection of Koontz Lane and Hansen Street',
  ]);
  assert.deepEqual(found('the crash at the junction of Main Street and Elm Road'), [
    'the junction of Main Street and Elm Road',
  ]);
  assert.deepEqual(found('the intersection of art and science'), []);
  assert.deepEqual(found('the junction of AI and Ethics'), []);
});

test('corners in other languages: esquina, angle, Ecke, angolo; "y", "et", "e" and a slash join them', () => {
  assert.deepEqual(found('On se retrouve à l’angle de la rue de Rivoli et rue du Louvre'), [
    'l’angle de la rue de Rivoli et rue du Louvre',
  ]);
  assert.deepEqual(found('Ci vediamo all’angolo tra Via Roma e Via Garibaldi'), [
    'all’angolo tra Via Roma e Via Garibaldi',
  ]);
  assert.deepEqual(found('se cayó un árbol en la esquina de avenida juárez y calle 5 de mayo'), [
    'la esquina de avenida juárez y calle 5 de mayo',
  ]);
  assert.ok(
    found('Treffpunkt: Ecke Kastanienallee / Oderberger Straße heute').includes(
      'Ecke Kastanienallee / Oderberger Straße',
    ),
  );
  assert.deepEqual(
    found('Rendez-vous au 45 rue du Marché aux Herbes, 1000 Bruxelles, devant la pharmacie.'),
    ['45 rue du Marché aux Herbes, 1000 Bruxelles'],
  );
  assert.deepEqual(found('the corner of the room and the door'), []);
});

test('intersections of numbered things, famous streets and ways with a trailing year are not corners', () => {
  for (const text of [
    'Find the intersection of Line 1 and Line 2 given their slopes.',
    'Primers span the junction of Exon 2 and Exon 3 to avoid genomic DNA.',
    'Fintech sits at the intersection of Silicon Valley and Wall Street.',
    'The book explores the intersection of Main Street and Wall Street after 2008.',
  ]) {
    assert.deepEqual(found(text), [], text);
  }
});

test('corners of grids, pages and shop floors, angles and regions are not street corners', () => {
  for (const text of [
    'the corner of Row 5 and Column 7',
    'I found it at the corner of Aisle 5 and Aisle 6.',
    'the corner of Figure 3 and Figure 4',
    'l’angle des vecteurs u et v vaut 30 degrés',
    'Wir haben in der Ecke Stuttgart und Heilbronn 3 Filialen.',
    'Ecke Spielplatz / Parkplatz',
  ]) {
    assert.deepEqual(found(text), [], text);
  }
});
