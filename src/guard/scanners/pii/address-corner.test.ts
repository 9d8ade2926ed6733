import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectAddresses } from './detect-address.ts';

const found = (text: string): string[] => detectAddresses(text).map((s) => text.slice(s.start, s.end));

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
