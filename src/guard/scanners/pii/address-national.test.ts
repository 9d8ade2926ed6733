import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { detectAddresses } from './detect-address.ts';
import { runGeneratedEval } from './generated-eval.ts';
import { detectPii } from './pii-scanner.ts';

const found = (text: string): string[] => detectAddresses(text).map((s) => text.slice(s.start, s.end));

/** Each case: a text and the one address it holds, exactly. */
function expectEach(cases: readonly [string, string][]): void {
  for (const [text, address] of cases) test(text, () => assert.deepEqual(found(text), [address]));
}

describe('US street suffixes beyond the common ones (USPS Publication 28)', () => {
  expectEach([
    ['Her office is located at 9010 Reva Harbor and opens at 9.', '9010 Reva Harbor'],
    [
      'Deliver to: 61639 Taya Trafficway Apt. 685, Simoneside. Leave it at the door.',
      '61639 Taya Trafficway Apt. 685, Simoneside',
    ],
    [
      'He grew up at 48461 Eldora Dale\nApt. 242\nNew Ransom\nEl Salvador 08902 before moving abroad.',
      '48461 Eldora Dale\nApt. 242\nNew Ransom\nEl Salvador 08902',
    ],
    ['<td>Jane Doe</td><td>9247 Cara Viaduct</td>', '9247 Cara Viaduct'],
    ['1. 7 Maudie Vale\n2. Another place', '7 Maudie Vale'],
  ]);
  test('a name of English words needs more than the suffix; a year is not a house number', () => {
    for (const text of [
      'Section 230 Safe Harbor rules apply',
      'What factors influenced the 2011 Arab Spring?',
      'I finished the 12 Week Course last spring',
      'we moved to tekniikantie 8 last spring',
    ])
      assert.deepEqual(
        found(text).filter((a) => /harbor|spring|course/i.test(a)),
        [],
        text,
      );
  });
  test('a verb opening the sentence is not the first half of the street', () => {
    assert.deepEqual(found('Visit 12 Main Street, Springfield.'), ['12 Main Street, Springfield']);
    assert.deepEqual(found('Meet me. Visit 9010 Reva Harbor.'), ['9010 Reva Harbor']);
    assert.deepEqual(found('Carry van Bruggenweg 77 Halkoaho Street'), [
      'Carry van Bruggenweg 77 Halkoaho Street',
    ]);
  });
  test('the weak suffix still counts with a unit or town', () => {
    assert.deepEqual(found('Ship to 12 Safe Harbor Apt. 3, Springfield, IL 62704'), [
      '12 Safe Harbor Apt. 3, Springfield, IL 62704',
    ]);
  });
});

describe('national street types, units and floors', () => {
  expectEach([
    ['Muelle Olivia 12, Alcoy, Spain 28013', 'Muelle Olivia 12, Alcoy, Spain 28013'],
    ['Calle Mayor s/n, 28013 Madrid', 'Calle Mayor s/n, 28013 Madrid'],
    ['Deliver to: Sandstr. 3 Zimmer 280, Rastatt. Leave it', 'Sandstr. 3 Zimmer 280, Rastatt'],
    ['Brückenstr. 93b 8 OG, Böblingen', 'Brückenstr. 93b 8 OG, Böblingen'],
    [
      'Deliver to: 68 Boulevard La Boétie 7 étage, Montpellier. Leave',
      '68 Boulevard La Boétie 7 étage, Montpellier',
    ],
    ['Via Dutto 982, Piano 8, Cleonico, thanks', 'Via Dutto 982, Piano 8, Cleonico'],
    ['Västra Nygatan 2 Lgh. 707, Södersta until Sunday.', 'Västra Nygatan 2 Lgh. 707, Södersta'],
    ['My new address: Kærbyvej 1, 5. tv, Strib', 'Kærbyvej 1, 5. tv, Strib'],
    ['Rosenhaven 9\n8. tv\nSkive', 'Rosenhaven 9\n8. tv\nSkive'],
    [
      'Deliver to: Kristóf út 7 4.em, Gödre, Liechtenstein 3005. Leave',
      'Kristóf út 7 4.em, Gödre, Liechtenstein 3005',
    ],
    ['To: Timmermansstraat 131 III', 'Timmermansstraat 131 III'],
    [
      'Our HQ (801 Shukla Center\nApt. 817\nAdilabad\nSri Lanka 687 511) closes',
      '801 Shukla Center\nApt. 817\nAdilabad\nSri Lanka 687 511',
    ],
    ['My address: Im Winkel 668', 'Im Winkel 668'],
    ['In den Blechenhöfen 36a, 50667 Köln', 'In den Blechenhöfen 36a, 50667 Köln'],
    ['Am Markt 3, 10115 Berlin', 'Am Markt 3, 10115 Berlin'],
    ['Dahls Gate 8, 0550 Oslo', 'Dahls Gate 8, 0550 Oslo'],
    ['Idas Gate 80 Oppgang A, Gjesstrøm', 'Idas Gate 80 Oppgang A, Gjesstrøm'],
    ['To: Stāvā dambis 417', 'Stāvā dambis 417'],
    ['Can you find restaurants near Intrarea Daia, Bloc 70, Ap. 11?', 'Intrarea Daia, Bloc 70, Ap. 11'],
    ['Nechanická 6, 110 00 Praha', 'Nechanická 6, 110 00 Praha'],
    ['we moved to Na Křemínku 8, 110 00 Praha last spring', 'Na Křemínku 8, 110 00 Praha'],
  ]);
  test('look-alikes in prose stay prose', () => {
    for (const text of [
      'In den Kapiteln 5 und 6 steht mehr.',
      'I have 2 stock options and 3 ideas',
      'I was in der Strasse 5 times',
      '1. Go to the shop\n2. th',
      'Esto cuesta 5 euros en el mercado.',
      'Tickets for an event at Madison Square Garden',
      'the only way to live',
      'Please go to Departures Gate 5 now',
      'Boarding at Gate 12',
      'Nebraska 8, Alaska 3',
    ])
      assert.deepEqual(found(text), [], text);
  });
});

describe('Romanian blocks, Latvian flats, Croatian saints', () => {
  expectEach([
    // The block stands where the house number would; block, staircase and flat fill several parts.
    ['address=Aleea Valului, Bloc 58, Ap. 16, Carei', 'Aleea Valului, Bloc 58, Ap. 16, Carei'],
    ['Trimiteți la Aleea Morii Bloc 12, 734112 Novaci.', 'Aleea Morii Bloc 12, 734112 Novaci'],
    [
      'Str. Mihai Eminescu nr. 12, bl. A3, sc. 2, ap. 15, 010101 București',
      'Str. Mihai Eminescu nr. 12, bl. A3, sc. 2, ap. 15, 010101 București',
    ],
    ['12 Main Street, Apt 4, Floor 2, Springfield', '12 Main Street, Apt 4, Floor 2, Springfield'],
    // Latvia: the flat after the house number and a dash, then the town and an LV postcode.
    ['I live at Pērses bulvāris 74 - 353, Ainaži.', 'Pērses bulvāris 74 - 353, Ainaži'],
    [
      'Slāvu iela 87 - 212, Preiļi, Latvia LV-1051 last spring',
      'Slāvu iela 87 - 212, Preiļi, Latvia LV-1051',
    ],
    ['Brīvības iela 74, Rīga LV1010', 'Brīvības iela 74, Rīga LV1010'],
    // "Sv." (sveti, saint) keeps its stop inside a street name.
    ['Is "Sv. Roka 265, 73663 Korčula, Croatia" a valid address?', 'Sv. Roka 265, 73663 Korčula, Croatia'],
  ]);
  test('a dash and a number after a street or a phone are not a flat', () => {
    assert.deepEqual(found('Meet at 12 Main St - 5 minutes from the station'), ['12 Main St']);
    assert.deepEqual(found('Call 555 - 1234, thanks'), []);
    assert.deepEqual(found('The bloc 12 countries voted; the AP. reported it.'), []);
  });
});

describe('generated addresses (Faker, 40 locales)', () => {
  // Floors a little under the figures measured when the rules were written (docs/guard.md): the
  // dev locales are a development set, the held-out locales were only scored.
  test('dev locales', () => {
    const r = runGeneratedEval('dev');
    assert.ok(r.f1 >= 0.8, `dev F1 ${r.f1}`);
    assert.ok(r.precision >= 0.87, `dev precision ${r.precision}`);
  });
  test('held-out locales', () => {
    const r = runGeneratedEval('heldOut');
    assert.ok(r.f1 >= 0.5, `held-out F1 ${r.f1}`);
  });
});

describe('digit groups after an address', () => {
  test('a phone written in groups of three is not a postcode', () => {
    for (const [text, address] of [
      ['136 Xanthoudidou Street 736 667 884', '136 Xanthoudidou Street'],
      ['Ship to 85 Gimblett Street, 736 664 435', '85 Gimblett Street'],
      [
        '53 Änggårda Anga 24\n Suite 420\n GRUMS\n Bahamas, 946 879 888',
        '53 Änggårda Anga 24\n Suite 420\n GRUMS\n Bahamas',
      ],
    ] as const) {
      const spans = detectPii(text, { entities: ['ADDRESS', 'PHONE_NUMBER'] }).filter(
        (s) => s.type === 'ADDRESS',
      );
      assert.deepEqual(
        spans.map((s) => text.slice(s.start, s.end)),
        [address],
        text,
      );
    }
  });
  test('two-group postcodes still read', () => {
    assert.deepEqual(found('Storgatan 1, 114 55 Stockholm'), ['Storgatan 1, 114 55 Stockholm']);
    assert.deepEqual(found('Kerkstraat 12 1011 AB Amsterdam'), ['Kerkstraat 12 1011 AB Amsterdam']);
  });
});

describe('streets named without a number', () => {
  expectEach([
    ['The shop moved to Mueller Glens last year.', 'Mueller Glens'],
    ['address=Kowalczyk Trail', 'Kowalczyk Trail'],
    ['ship it to Bezrukov Street Street please', 'Bezrukov Street'],
  ]);
  test('a longer proper name or an English name is not a street', () => {
    for (const text of [
      'We had tickets to an event at Madison Square Garden.',
      'the only place where you can relax',
      'They walked along Silver Trail for hours.',
    ])
      assert.deepEqual(found(text), [], text);
  });
});

describe('national conventions that used to cut an address short', () => {
  expectEach([
    // Spain: "s/n" (sin número) where the house number would be, then the floor and door.
    [
      'please update my address to camino jacobo s/n. 2º b, gecho, estonia 76771, thanks!',
      'camino jacobo s/n. 2º b, gecho, estonia 76771',
    ],
    [
      'Carretera Sergi Aguilera Vázquez s/n., 69279 Huelva',
      'Carretera Sergi Aguilera Vázquez s/n., 69279 Huelva',
    ],
    [
      '<td>Puerta Antonio s/n.\nBajo A\nGandía\nBelarus 70687</td>',
      'Puerta Antonio s/n.\nBajo A\nGandía\nBelarus 70687',
    ],
    ['Deliver to: Quinta María Soledad s/n.. Leave it', 'Quinta María Soledad s/n.'],
    // Spain: "Street, number", with the road types of the street registers ("Terrenos", "Mercado").
    ['address=Terrenos Lucía, 30, 58300 Roquetas de Mar', 'Terrenos Lucía, 30, 58300 Roquetas de Mar'],
    [
      'Billing address - Mercado David, 37, 35721 Madrid, Ireland; more',
      'Mercado David, 37, 35721 Madrid, Ireland',
    ],
    ['we moved to Explanada Pablo Esquibel Mares, 1 last spring', 'Explanada Pablo Esquibel Mares, 1'],
    ['`gran subida tomás, 45 2º dcha., mijas`', 'gran subida tomás, 45 2º dcha., mijas'],
    [
      'addr=Cuesta María de los Ángeles Quiñones Montañez, 47 Ático, Aýna, Malaysia 48158|',
      'Cuesta María de los Ángeles Quiñones Montañez, 47 Ático, Aýna, Malaysia 48158',
    ],
    // France and Canada: the floor after a street with no type word.
    [
      "I'm staying at 706 Archibald du Dahomey 7 étage, Fort Marcelineton until Sunday.",
      '706 Archibald du Dahomey 7 étage, Fort Marcelineton',
    ],
    [
      '350 Perrot La Boétie\n3 étage\nCyrilleville\nGeorgia P9Z 8S4',
      '350 Perrot La Boétie\n3 étage\nCyrilleville\nGeorgia P9Z 8S4',
    ],
    ['J’habite au 12 Rue Victor Hugo 2e étage, Lyon', '12 Rue Victor Hugo 2e étage, Lyon'],
    // Finland: the staircase letter and flat, in lower case too, or on a line of its own.
    ['`kaarinapenger 718 c 22, sastamala`', 'kaarinapenger 718 c 22, sastamala'],
    ['veikkolinja 750 c, rovaniemi is where i live now.', 'veikkolinja 750 c, rovaniemi'],
    ['Marikakaari 8\nA\nEspoo\nSaint Helena 81706', 'Marikakaari 8\nA\nEspoo\nSaint Helena 81706'],
    [
      '1. sinikkakaari 944\na\nrovaniemi\npalau 38319\n2. another',
      'sinikkakaari 944\na\nrovaniemi\npalau 38319',
    ],
    // The Netherlands: particles of a surname street; a Roman flat number before prose.
    ['He grew up at van Doornpark 32, 5867 DH Lierenbosch before', 'van Doornpark 32, 5867 DH Lierenbosch'],
    ['we moved to Jairoplantsoen 493 I last spring', 'Jairoplantsoen 493 I'],
    // Poland: "park", a type word written in lower case.
    [
      'Address\npark Górecki 40b, 80-410 Żarów, Suriname\nPhone: 555-0100',
      'park Górecki 40b, 80-410 Żarów, Suriname',
    ],
  ]);
  test('look-alikes stay prose', () => {
    for (const text of [
      // "s/n" is a signal-to-noise ratio or a serial number without a street type word before it.
      'The S/N ratio is 20 dB at 5 kHz.',
      'the s/n ratio of 12 dB',
      'Serial S/N: 4471, Model 5',
      'Printer HP LaserJet S/N CN12345 Madrid',
      // A floor alone, or stars, are no address.
      'Le bureau est au 2e étage.',
      'The hotel has 7 étoiles, Paris',
      'We booked 3 Nights 2 étage',
      // A letter after a number with no street.
      "i'm at level c 22",
      'room 12 b 3, thanks',
      // "I" the pronoun after a house number; "park" in English prose.
      'Chapter 12 I last read',
      'We met in the park Sunday 5, Paris',
      // A count after "Street, number"; a weak type word with no town or code.
      'Rue Saint-Denis, 12 of us went',
      'On Avenue Q, 5 before noon',
      'Mercado Libre, 5 de mayo',
      'Mercado David, 37',
    ])
      assert.deepEqual(found(text), [], text);
    assert.deepEqual(found('I live at Hauptstraße 5 I think'), ['Hauptstraße 5']);
    assert.deepEqual(found('We stayed at Kerkstraat 12 I last saw him there'), ['Kerkstraat 12']);
    assert.deepEqual(found('Marikakaari 8\nA'), ['Marikakaari 8']);
  });
});

test('a UK, Canadian or Irish postcode after a town vouches for the street before it', () => {
  assert.deepEqual(found('The cafe’s at 17 Heol y Frenhines, Carmarthen SA31 1JT, right opposite.'), [
    '17 Heol y Frenhines, Carmarthen SA31 1JT',
  ]);
  assert.deepEqual(found('Please send it to 6 The Paddocks, Long Whatton, Loughborough LE12 5BZ?'), [
    '6 The Paddocks, Long Whatton, Loughborough LE12 5BZ',
  ]);
  // No house number: the street before the town and code.
  assert.deepEqual(found('Wedding venue: The Old Barn, Hollow Lane, Wadhurst TN5 6HP. Ceremony at 2pm'), [
    'Hollow Lane, Wadhurst TN5 6HP',
  ]);
  assert.deepEqual(found('Wellington Street, Ottawa K1A 0B1'), ['Wellington Street, Ottawa K1A 0B1']);
  // A numeric code does not vouch for a title, and a list keeps its two addresses apart.
  assert.deepEqual(found('Top 5 Restaurants, Paris 75008'), []);
  assert.deepEqual(found('I have 6 The Beatles albums'), []);
  assert.deepEqual(found('Flight BA 2490 from LHR'), []);
});

test('a contraction after a comma opens prose, not a town', () => {
  assert.deepEqual(found("i live in apartment 305, it's nice"), ['apartment 305']);
  assert.deepEqual(found("we live on koontz lane, it's quiet"), ['koontz lane']);
  assert.deepEqual(found("ship to 12 main st, o'fallon, il 62269"), ["12 main st, o'fallon, il 62269"]);
});

test('Colombian grid addresses stand alone, with the flat and town after them', () => {
  assert.deepEqual(found('El paquete quedó en Calle 93 # 13-45, apartamento 601, en Bogotá, pero'), [
    'Calle 93 # 13-45, apartamento 601',
  ]);
  assert.deepEqual(found('Carrera 7 No. 71-21, Bogotá'), ['Carrera 7 No. 71-21, Bogotá']);
  assert.deepEqual(found('Diagonal 40A Bis # 20-16'), ['Diagonal 40A Bis # 20-16']);
  assert.deepEqual(found('In Row 5 # 3-2 of the Table, see Note 4.'), []);
});

test('a shipping label opening its line announces an address', () => {
  assert.deepEqual(found('Ship to: 221 Lê Lợi, Phường 3'), ['221 Lê Lợi, Phường 3']);
  assert.deepEqual(found('Please ship to 12 Noon'), []);
});

test('what stands before a street named alone joins it; prepositions before a street do not', () => {
  assert.deepEqual(
    found('Corporate office: Plot 1102, Adeola Odeku Street, Victoria Island, Lagos. Visitors'),
    ['Plot 1102, Adeola Odeku Street, Victoria Island, Lagos'],
  );
  assert.deepEqual(found('She was found in the 1400 block of Ridgeway Avenue, according to police'), [
    '1400 block of Ridgeway Avenue',
  ]);
  assert.deepEqual(found('Chapter 5, Gordon Street'), ['Gordon Street']);
  assert.deepEqual(found('Vi holder til i Kongens gate 6, 0153 Oslo, rett ved torvet'), [
    'Kongens gate 6, 0153 Oslo',
  ]);
  assert.deepEqual(found('bitte ändern Sie meine Lieferanschrift auf Wilhelmstraße 88, 72764 Reutlingen.'), [
    'Wilhelmstraße 88, 72764 Reutlingen',
  ]);
  assert.deepEqual(found('Send the parcel to odos Ermou 45, Athina 105 63, Greece, and mark it'), [
    'odos Ermou 45, Athina 105 63, Greece',
  ]);
  assert.deepEqual(
    found('Le cabinet a déménagé au 7 bis, avenue des Tilleuls, 69006 Lyon, au deuxième étage.'),
    ['7 bis, avenue des Tilleuls, 69006 Lyon'],
  );
  assert.deepEqual(found('Senapati Bapat Marg, Lower Parel, Mumbai 400013 with effect from April'), [
    'Senapati Bapat Marg, Lower Parel, Mumbai 400013',
  ]);
  assert.deepEqual(found('Order 123456 shipped on time'), []);
});

test('in lower-case text a further town closing the sentence must read as a place', () => {
  assert.deepEqual(found('new place is 22 willow bend ct, fairhope al 36532, come visit whenever'), [
    '22 willow bend ct, fairhope al 36532',
  ]);
  assert.deepEqual(found('send to 4 rue sidi, 75001 paris, ile de france'), [
    '4 rue sidi, 75001 paris, ile de france',
  ]);
});

test('sizes, catalogue numbers, scores and company places are not the postcodes, grids and labels they look like', () => {
  for (const text of [
    'For sale: MacBook Pro 14 Space Black, Apple M4 1TB, boxed.',
    'Thunder Road, Bruce Springsteen, Columbia 104725',
    'TV 2 # 3-1 in the ratings this week.',
    'Calle 7 # 2-0 contra el América',
    'Ship to: Warehouse 12',
    'Deliver to: Dock 4',
    'Send to: Printer 2',
    'Addr: Node 12',
  ]) {
    assert.deepEqual(found(text), [], text);
  }
});

test('phrases about living somewhere in other languages put a place next; prose stays out of names', () => {
  assert.deepEqual(found("J'habite au 12 rue Sidi"), ['12 rue Sidi']);
  assert.deepEqual(found('ik woon op prinsengracht 45 hs, gewoon aanbellen'), ['prinsengracht 45']);
  assert.deepEqual(found('vivimos en pachergasse 64 desde hace diez años.'), ['pachergasse 64']);
  assert.ok(
    found('abito in via garibaldi 38, scala c, interno 7, a bologna').some((s) =>
      s.startsWith('via garibaldi 38'),
    ),
  );
});

test('foreign phrases about living somewhere do not make districts, buildings or heights streets', () => {
  for (const text of [
    'Wir wohnen in 1200 Metern Höhe, im Winter liegt viel Schnee.',
    'Abito in Trastevere 2, dietro la piazza.',
    'Ik woon in Blok 4 in Delft.',
    'I moved the bug to Jira 12345.',
    'We stayed at Marriott 10234 near the airport.',
    'Cartons: Box 400100 Spain, Box 400101 Portugal',
  ]) {
    assert.deepEqual(found(text), [], text);
  }
});
