import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findCuedParts } from './address-cued.ts';
import { detectAddresses } from './detect-address.ts';

const found = (text: string): string[] => detectAddresses(text).map((s) => text.slice(s.start, s.end));

describe('a postcode the text names as one', () => {
  const cases: [string, string][] = [
    ['my zip code is 48083', '48083'],
    ['ZIP: 94043-1234, thanks', '94043-1234'],
    ['Zipcode 10001', '10001'],
    ['Postcode: SW1A 2AA', 'SW1A 2AA'],
    ['postal code is K1A 0B1', 'K1A 0B1'],
    ['postcode 1011 AB', '1011 AB'],
    ['PLZ 10115', '10115'],
    ['CEP 01310-200', '01310-200'],
    ['código postal: 28013', '28013'],
  ];
  for (const [text, code] of cases) test(text, () => assert.deepEqual(found(text), [code]));

  test('other numbers near the same words are not postcodes', () => {
    for (const text of [
      'unzip the zip 2024 archive',
      'the zip is 12 MB',
      'ZIP code 12',
      'my PIN code is 482913', // a PIN is a secret, not a place
      'a rate cap of 50000',
      'the code is 12345',
      'post 12345 on the forum',
    ]) {
      assert.deepEqual(found(text), [], text);
    }
  });
});

describe('a US town, state and ZIP', () => {
  const cases: [string, string][] = [
    ['she lives in Springfield, IL 62704', 'Springfield, IL 62704'],
    ['Our CEO lives in Salt Lake City, UT 84101.', 'Salt Lake City, UT 84101'],
    ['ship it to Austin, Texas 78701-1234 please', 'Austin, Texas 78701-1234'],
    ['Then we moved to Springfield, IL 62704', 'Springfield, IL 62704'],
    ['mail it to Winston-Salem, NC 27101', 'Winston-Salem, NC 27101'],
  ];
  for (const [text, span] of cases) test(text, () => assert.deepEqual(found(text), [span]));

  test('look-alikes without a real state or a five-digit ZIP stay prose', () => {
    for (const text of [
      'the Model X, CA 2024',
      'Section 3, PA 12',
      'Call us, CA 90210',
      'Version 2, XX 12345',
      'Springfield IL 62704', // no comma: ambiguous
      'Austin, Texas has 978000 people',
      'Iron Man 3 Premiere, Los Angeles, CA 90028', // a venue, with no place-of-someone phrase
      'Springfield, IL 62704 was home', // no phrase that puts a place next
    ]) {
      assert.deepEqual(found(text), [], text);
    }
  });

  test('next to a street line it becomes part of one block', () => {
    assert.deepEqual(found('Ship to 500 Oracle Parkway, Redwood City, CA 94065 today'), [
      '500 Oracle Parkway, Redwood City, CA 94065',
    ]);
  });
});

test('long hostile runs stay linear', () => {
  for (const text of [
    `zip code${' '.repeat(200_000)}`,
    'zip code is '.repeat(20_000),
    `${'Aa '.repeat(60_000)}, CA 12345`,
    `A${'a'.repeat(300_000)}, CA 12345`,
    `postcode ${'1'.repeat(200_000)}`,
  ]) {
    // Best of two under a generous ceiling: quadratic behaviour on these sizes takes minutes.
    let best = Number.POSITIVE_INFINITY;
    for (let run = 0; run < 2; run++) {
      const t0 = performance.now();
      findCuedParts(text);
      detectAddresses(text);
      best = Math.min(best, performance.now() - t0);
    }
    assert.ok(best < 3000, `${text.slice(0, 20)}… took ${best.toFixed(0)} ms`);
  }
});

describe('a European town line where the text puts a place next', () => {
  const cases: [string, string][] = [
    ['I moved to 10115 Berlin last year.', '10115 Berlin'],
    ['She lives in 8001 Zürich now.', '8001 Zürich'],
    ['Ship to London SW1A 1AA please', 'London SW1A 1AA'],
    ['We are based in 69002 Lyon, France.', '69002 Lyon, France'],
    ['I moved to 60311 Frankfurt am Main in May', '60311 Frankfurt am Main'],
  ];
  for (const [text, line] of cases) test(text, () => assert.deepEqual(found(text), [line]));

  test('not without such a phrase, not years or amounts', () => {
    for (const text of [
      'The 10115 Berlin dataset is large',
      'In 2019 Berlin hosted the games',
      'I paid 5000 Euros to move to Berlin',
      'we sold 12000 The Sims copies',
    ])
      assert.deepEqual(found(text), [], text);
  });
});

describe('a country and its postcode', () => {
  test('after a town and a comma it is an address part; opening a line it closes a block above', () => {
    assert.deepEqual(found('The office is in Qeqertarsuaq, Greece 79976.'), ['Qeqertarsuaq, Greece 79976']);
    assert.deepEqual(found('I live in Lepassaare, Marshall Islands 56293'), [
      'Lepassaare, Marshall Islands 56293',
    ]);
    assert.deepEqual(found('Qeqertarsuaq, Greece 79976'), ['Qeqertarsuaq, Greece 79976']);
    // A line of its own with nothing above: a table row as often ("France 68170\nGermany 84480").
    assert.deepEqual(found('Acme Ltd\nMarshall Islands 56293'), []);
    assert.deepEqual(found('Population (thousands):\nFrance 68170\nGermany 84480\nItaly 58850'), []);
  });
  test('ratings, prices and counts after a country are no postcode', () => {
    for (const text of [
      '1. Carlsen, Norway 2830\n2. Nakamura, United States 2802',
      'Japan 10000 yen per night is fine.',
      'Nokia, Finland 12000 employees',
      'Greece 79976 was the lottery number.',
      'I stayed in Tokyo 10000 yen a night.',
      'The details are in Ticket 45678.',
      'We shipped to 4500 Customers last week.',
    ]) {
      assert.deepEqual(found(text), [], text);
    }
  });
  test('alone in prose it needs a phrase that puts a place next', () => {
    assert.deepEqual(found('He lives in Gabon 66298 now'), ['Gabon 66298']);
    assert.deepEqual(found('We sold the Gabon 66298 lot'), []);
  });
  test('years and counts after a country are no postcode', () => {
    for (const text of [
      'We went to Japan 2020',
      'Berlin, Germany 10000 people came',
      'He scored in Brazil 2014',
    ]) {
      assert.deepEqual(found(text), [], text);
    }
  });
  test('opening the line after a block, it closes that block across one town line', () => {
    const text = 'Sarıkaya Caddesi 83b\nApt. 228\nİçel (Mersin)\nLatvia 18440';
    assert.deepEqual(found(text), [text]);
    const greek = 'Λ. Μιχαλακοπούλου 171 Grandpré Street\n Apt. 421\n ΕΛ∆ΥΚ\n Liberia 72550';
    assert.deepEqual(found(greek), [greek]);
  });
});

test('lower-case words end a town that fills its own line, not a town before prose', () => {
  const text = 'Strada Giovenzio 16\nAppartamento 83\nSettimo Orsolina a mare\nGambia 89038';
  assert.deepEqual(found(`Her office is located at ${text} and opens at 9.`), [text]);
  assert.deepEqual(found('is Hauptstraße 12, 10115 Berlin correct?'), ['Hauptstraße 12, 10115 Berlin']);
});

test('a town then five digits is a town line where the text puts a place next', () => {
  assert.deepEqual(found('He lives in Lepassaare 56293 now'), ['Lepassaare 56293']);
  assert.deepEqual(found('I live in El Tornadizo, 66298'), ['El Tornadizo, 66298']);
  assert.deepEqual(found('She lives in Berlin 10115, Germany'), ['Berlin 10115, Germany']);
  for (const text of [
    'He scored in Madrid 2019',
    'The population of Berlin 3500000',
    'Tokyo 12345 is a code',
    'in Paris 75008.5 was the mean',
  ]) {
    assert.deepEqual(found(text), [], text);
  }
});

test('a town then five digits counts after a phrase about living there, not after "is in"', () => {
  const found = (text: string): string[] => detectAddresses(text).map((s) => text.slice(s.start, s.end));
  assert.deepEqual(found('she lives in Lepassaare 56293 now'), ['Lepassaare 56293']);
  assert.deepEqual(found('my address is Lepassaare 56293'), ['Lepassaare 56293']);
  assert.deepEqual(found('The ticket is in Jira 12345'), []);
});
