import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isRegionName } from './address-regions.ts';
import { gluedComma } from './address-tokens.ts';
import { detectAddresses } from './detect-address.ts';
import { detectPii } from './pii-scanner.ts';

const found = (text: string): string[] => detectAddresses(text).map((s) => text.slice(s.start, s.end));
/** Through the scanner's entry point, which reads escaped line breaks before the detectors run. */
const scanned = (text: string): string[] =>
  detectPii(text, { entities: ['ADDRESS'] }).map((s) => text.slice(s.start, s.end));

describe('addresses in structured text (no space after the separator)', () => {
  const cases: [string, string][] = [
    ['Jane Doe;1234 Elm Street, Springfield, IL 62704;555-0100', '1234 Elm Street, Springfield, IL 62704'],
    ['address=Hauptstraße 12, 10115 Berlin', 'Hauptstraße 12, 10115 Berlin'],
    [
      '{"address":"10 Downing Street, London SW1A 2AA","phone":"+44 20 7946 0958"}',
      '10 Downing Street, London SW1A 2AA',
    ],
    [
      '{"name": "Jane Doe", "address": "Keizersgracht 123, 1015 CJ Amsterdam"}',
      'Keizersgracht 123, 1015 CJ Amsterdam',
    ],
    [
      '<tr><td>Jane Doe</td><td>1234 Elm Street, Springfield, IL 62704</td></tr>',
      '1234 Elm Street, Springfield, IL 62704',
    ],
    ['name=Jane Doe|addr=221B Baker Street, London NW1 6XE|tier=gold', '221B Baker Street, London NW1 6XE'],
    ['Jane Doe,1234 Elm Street,Springfield,IL 62704,555-0100', '1234 Elm Street,Springfield,IL 62704'],
    [
      '| Jane Doe | 4 Privet Drive, Little Whinging, Surrey | 555-0100 |',
      '4 Privet Drive, Little Whinging, Surrey',
    ],
    ['Use `10 Downing Street, London SW1A 2AA` as the example', '10 Downing Street, London SW1A 2AA'],
    // A list's item numbers are neither a flat number before the street nor a district after it.
    ['1. 12 rue de la Paix, 75002 Paris\n2. Another place', '12 rue de la Paix, 75002 Paris'],
    [
      '1. 99 Queen Street West, Suite 1200, Toronto\n2. Another place',
      '99 Queen Street West, Suite 1200, Toronto',
    ],
    // Lower case in a capitalised line: the words after the separator decide.
    [
      '<td>Jane Doe</td><td>19 pierre delannoyplaats 211 apt. 098 erwetegem united states</td>',
      '19 pierre delannoyplaats 211 apt. 098 erwetegem united states',
    ],
  ];
  for (const [text, address] of cases) test(text, () => assert.deepEqual(found(text), [address]));

  test('numbers in code, markup and CSV that are not addresses', () => {
    for (const text of [
      '<b>12 Monkeys</b> is a film',
      'score=12 Points;level=3 Gold',
      'width=100 Height=200',
      'SELECT * FROM t WHERE id=12 AND Name="Main Street"',
      'items|12 Apples|3 Pears',
      'Chapter;12 Angry Men;1957',
      '{"count":12,"Name":"Elm Street"}',
      'x=12 y=14 z=3',
      'version=1.2.3; size=12 MB',
    ]) {
      assert.deepEqual(found(text), [], text);
    }
  });

  test('a comma between digits groups them; between fields it separates', () => {
    const at = (text: string): boolean => gluedComma(text, text.indexOf(',') + 1);
    assert.equal(at('Street,Springfield'), true);
    assert.equal(at('IL 62704,555-0100'), true);
    assert.equal(at('sold 1,234 units'), false);
    assert.equal(at('12,500,000'), false);
    assert.equal(at('Street, Springfield'), false);
    assert.equal(at('ends with,'), false);
  });
});

describe('a region written out after the town', () => {
  const cases: [string, string][] = [
    [
      'Send it to 4 Privet Drive, Little Whinging, Surrey until further notice.',
      '4 Privet Drive, Little Whinging, Surrey',
    ],
    ['Send it to 10 Main Street, Austin, Texas this week.', '10 Main Street, Austin, Texas'],
    ['Send it to 10 Main Street, Austin, Texas — thanks', '10 Main Street, Austin, Texas'],
    ['Ship to 12 Main Street, Mallow, Co. Cork tomorrow', '12 Main Street, Mallow, Co. Cork'],
    ['Ship to 12 Main Street, Mallow, County Cork tomorrow', '12 Main Street, Mallow, County Cork'],
    ['Ship to 12 High Street, Guildford, Surrey GU1 3AA', '12 High Street, Guildford, Surrey GU1 3AA'],
  ];
  for (const [text, address] of cases) test(text, () => assert.deepEqual(found(text), [address]));

  test('a town after a unit is kept before prose and before a note in brackets', () => {
    for (const [text, address] of [
      [
        'I moved to 99 Queen Street West, Suite 1200, Toronto last week',
        '99 Queen Street West, Suite 1200, Toronto',
      ],
      ['99 Queen Street West, Suite 1200, Toronto (home)', '99 Queen Street West, Suite 1200, Toronto'],
      ['Via Roma 15, 00184 Napoli (NA)', 'Via Roma 15, 00184 Napoli (NA)'],
    ])
      assert.deepEqual(found(text as string), [address], text);
  });

  test('a further capitalised word that is not a region still ends the address before prose', () => {
    assert.deepEqual(found('Send it to 10 Main Street, Austin, Bob said this week.'), [
      '10 Main Street, Austin',
    ]);
  });

  test('region names', () => {
    for (const name of [
      'surrey',
      'new south wales',
      'county cork',
      'co. cork',
      'co cork',
      'county down',
      'bayern',
    ])
      assert.equal(isRegionName(name), true, name);
    for (const name of ['down', 'county', 'springfield', 'bob'])
      assert.equal(isRegionName(name), false, name);
  });
});

describe('addresses in JSON strings, tab-separated rows and forms', () => {
  const cases: [string, string[]][] = [
    // Escaped line breaks inside a tool call's JSON arguments are read as breaks.
    [
      '{"recipient": "Robert Azevedo", "address": "02 Peter Zuidhove 188\\n Apt. 925\\n Zoetermeer\\n Laos"}',
      ['02 Peter Zuidhove 188\\n Apt. 925\\n Zoetermeer\\n Laos'],
    ],
    ['{"address": "PSC 7004, Box 8380\\nAPO AP 11949"}', ['PSC 7004, Box 8380\\nAPO AP 11949']],
    // A key such as billing_address announces an address as "address:" does.
    ['{"customer": "Bailey", "billing_address": "56 San Andrés 70"}', ['56 San Andrés 70']],
    // A tab separates columns: the name in the column before is not part of the street.
    ['Hale\tFreistädter Strasse 61\tChorzów\t4556795436818301', ['Freistädter Strasse 61\tChorzów']],
    ['Kathleen McKeon\t14 Rue Aghlab\tAasiaat', ['14 Rue Aghlab\tAasiaat']],
    // A country after a street named without a number, after a comma or on the next line.
    ['Invoices will now be sent to Gordon Street, Samoa. If this is wrong, reply.', ['Gordon Street, Samoa']],
    ['SHIP TO\nAlterio\nIvanović Street\nbahrain\n\nBILL TO', ['Ivanović Street\nbahrain']],
    ['shipping to cantú street, thailand ok?', ['cantú street, thailand']],
    // Prose before the house number is not a street name.
    ["I'm outside 32 2914 184th Street, Edmonton", ['32 2914 184th Street, Edmonton']],
  ];
  for (const [text, want] of cases) test(JSON.stringify(text), () => assert.deepEqual(scanned(text), want));
  test('a country that is also a name, followed by a verb, stays out', () => {
    assert.deepEqual(found('Send it to Bezrukov Street, Jordan will call'), ['Bezrukov Street']);
  });
  test('a Windows path is not read as line breaks into an address', () => {
    assert.deepEqual(found('path C:\\new\\temp\\file 12 Main St'), ['12 Main St']);
  });
});

describe('where an address ends beside other things', () => {
  const cases: [string, string[]][] = [
    // A town that can only be a place stays before prose; a given name does not ("…, Tom and I").
    [
      'They shipped it to 87 Rue Joseph Vernet, Larnaka instead of my place.',
      ['87 Rue Joseph Vernet, Larnaka'],
    ],
    ['I live at 12 Main St, Tom and I moved in May', ['12 Main St']],
    // A weekday, a date or a time after the town or country starts something else.
    ['charge it and ship to 30 Veslebakken 48, HARSTAD Wednesday', ['30 Veslebakken 48, HARSTAD']],
    [
      'Venue: 07 Celso Emilio Ferreiro 23, Selwyn Heights, Denmark 2/19/1956 19:00',
      ['07 Celso Emilio Ferreiro 23, Selwyn Heights, Denmark'],
    ],
    // The house number before a one-word street whose ending is its type (English word order).
    ['the 5th floor of 98 Koenigstrasse, Berlin', ['98 Koenigstrasse, Berlin']],
    ['I bought 5 Sweeties and 3 Hootie tickets', []],
    // A country after the street: before prose, and typed in lower case when it is no English word.
    [
      'They shipped it to Slepička Street, Czech Republic instead of my place.',
      ['Slepička Street, Czech Republic'],
    ],
    ['Yahoo, Gesäusestrasse 6, norway — registered office', ['Gesäusestrasse 6, norway']],
    ['I shipped 12 Main Street, turkey included', ['12 Main Street']],
    // An address typed in lower case from a foreign street type on, in a capitalised text.
    [
      "I'm outside 21 114 rue sidi apt. 789, valverde de valdelacasa, swaziland 14385 and the driver",
      ['21 114 rue sidi apt. 789, valverde de valdelacasa, swaziland 14385'],
    ],
    ['Send it to 12 rue de la paix, Paris', ['12 rue de la paix, Paris']],
    ['Our new office at 12 rue de la Paix, 75002 Paris opens Monday.', ['12 rue de la Paix, 75002 Paris']],
    // A phone right after the postcode is not a second postcode.
    [
      'at 40 Avenue Millies Lacroix Apt. 968, Agios Epiktitos, Iran 65400 0688 777 97 84 if they get lost',
      ['40 Avenue Millies Lacroix Apt. 968, Agios Epiktitos, Iran 65400'],
    ],
  ];
  for (const [text, want] of cases) test(text, () => assert.deepEqual(found(text), want));
});

test('question marks where an encoding lost a bullet, after a comma, do not end the address', () => {
  const address = '04 Rua das Hortências 1428, ??? Apt. 004, ??? Americana, ??? Brazil 25071';
  assert.deepEqual(found(`Ship to ${address} today`), [address]);
  assert.deepEqual(found('Is it 12 Elm Street, ??? really?'), ['12 Elm Street']);
});

test('text typed all in capitals is read as lower-case text, offsets unchanged', () => {
  assert.deepEqual(found('SHIP TO 12 ELM STREET, SPRINGFIELD, IL 62704'), [
    '12 ELM STREET, SPRINGFIELD, IL 62704',
  ]);
  assert.deepEqual(found('DELIVER TO HEDEMANNSTASSE 15 BEFORE NOON'), ['HEDEMANNSTASSE 15']);
  // "İ" lowers to two characters: its base letter stands in, so what follows keeps its offsets.
  assert.deepEqual(found('İZMİR OFFICE: 12 ELM STREET, SPRINGFIELD, IL 62704'), [
    '12 ELM STREET, SPRINGFIELD, IL 62704',
  ]);
  assert.deepEqual(found('CALL ME AT 555 1234 TOMORROW, PAGE 12 OF 30'), []);
});
