import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectAddresses } from './detect-address.ts';
import { detectPii } from './pii-scanner.ts';

const found = (text: string): string[] => detectAddresses(text).map((s) => text.slice(s.start, s.end));

test('a street named without a house number, after a preposition of place, is an address', () => {
  assert.deepEqual(found('these early shows on Bezrukov Street were important'), ['Bezrukov Street']);
  assert.deepEqual(found('I dated a girl that lived off Mack Road'), ['Mack Road']);
  assert.deepEqual(found('the bakery near Okonkwo Avenue closed'), ['Okonkwo Avenue']);
});

test('streets that stand for something else, titles and descriptions stay prose', () => {
  for (const text of [
    'he works on Wall Street',
    'news from Downing Street today',
    'we grew up on Sesame Street',
    'a shop on Main Street',
    'walking along Abbey Road',
    'Street Fighter is a game',
    'Road Safety Week starts',
    'turn left on the Main Road',
  ]) {
    assert.deepEqual(found(text), [], text);
  }
});

test('a named street and a numbered address in one text are both found', () => {
  const text = 'Ship to 12 Bezrukov Street, 10115 Berlin. We met on Almeida Street.';
  assert.deepEqual(found(text), ['12 Bezrukov Street, 10115 Berlin', 'Almeida Street']);
});

test('a one-word street whose ending is a street type, after a preposition, is an address', () => {
  assert.deepEqual(found('I walked down Hausergasse yesterday'), ['Hausergasse']);
  // Standing alone (a cell, a field), a capitalised word with a street-type ending that is no
  // English word still names a street; a handle or a short word with the ending does not.
  assert.deepEqual(found('Hausergasse is a street name'), ['Hausergasse']);
  assert.deepEqual(found('<td>Jane Doe</td><td>Skogsvägen</td>'), ['Skogsvägen']);
  assert.deepEqual(found('addr=Rue Mouffetard|tier=gold'), ['Rue Mouffetard']);
  assert.deepEqual(found('Please update my address to Peter-Neuenheuser-Str., thanks!'), [
    'Peter-Neuenheuser-Str.',
  ]);
  for (const text of [
    'RT @TheRealTootie: lol',
    'call Hootie back',
    '@ChaldeanCutie really?',
    'Shortie said hi',
  ])
    assert.deepEqual(found(text), [], text);
  assert.deepEqual(found('The museum is on Museumstraße.'), ['Museumstraße']);
  assert.deepEqual(found('we met at Eriksgatan, near the park'), ['Eriksgatan']);
  assert.deepEqual(found('a café off Brixtonlaan'), ['Brixtonlaan']);
});

test('words and towns that end like a street type stay prose', () => {
  for (const text of [
    'he fought in the Brigade',
    'we watched Renegade on TV',
    'I was born in Yamagata',
    'a trip to Niigata in May',
    'put it on Platz', // the ending alone is no name
    'She lives on hausergasse', // not capitalised in text that uses capitals
  ]) {
    assert.deepEqual(found(text), [], text);
  }
});

test('in text written all in lower case, the same shapes count, with the same English-word guard', () => {
  assert.deepEqual(found('the early shows on panković street were loud'), ['panković street']);
  assert.deepEqual(found('he walked down hausergasse'), ['hausergasse']);
  for (const text of [
    'we live on main street',
    'i am on the road again',
    'stuck in the fast lane',
    'down memory lane',
  ]) {
    assert.deepEqual(found(text), [], text);
  }
});

test('streets typed in other languages, type word first or last, count without a number', () => {
  assert.deepEqual(found('we met on Rue de la Paix yesterday'), ['Rue de la Paix']);
  assert.deepEqual(found('she lives in ul. Karpacka now'), ['ul. Karpacka']);
  assert.deepEqual(found('a bar along Calle Mayor'), ['Calle Mayor']);
  assert.deepEqual(found('I live on Gosposka ulica'), ['Gosposka ulica']);
  assert.deepEqual(found('a flat off Schönhauser Allee'), ['Schönhauser Allee']);
  assert.deepEqual(found('a café on Avenue Foch'), ['Avenue Foch']);
  assert.deepEqual(found('we live on trg revolucije'), ['trg revolucije']);
});

test('English type words keep the English-word guard; weak and bare type words are not enough', () => {
  for (const text of [
    'tickets for the show at Brandenburg Gate', // "gate" is an English word, so not a type word
    'we saw Avenue Q on Broadway',
    'a song on Boulevard of Broken Dreams',
    'a concert on Calle 13',
    'we stood on Place de la Concorde', // "place" is weak
    'I went on Monday',
    'it is in Calle',
  ]) {
    assert.deepEqual(found(text), [], text);
  }
});

test('a house number after the named street belongs to it, a count does not', () => {
  assert.deepEqual(found('contact me at my house in Koontz Lane 19, thanks'), ['Koontz Lane 19']);
  assert.deepEqual(found('we live on Gosposka ulica 47.'), ['Gosposka ulica 47']);
  assert.deepEqual(found('we drove down Bezrukov Street 3 times'), ['Bezrukov Street']);
});

test('a named street with a type word that is no surname stands alone, with no preposition', () => {
  assert.deepEqual(found('Police closed Anderson Street after the fire.'), ['Anderson Street']);
  assert.deepEqual(found('Gordon Street is closed for roadworks.'), ['Gordon Street']);
  // A function word before it is no part of a name; a capitalised name before it is.
  assert.deepEqual(found('Is Adams Street far from the station?'), ['Adams Street']);
  for (const text of [
    'Glenn Close and Lois Lane came to the premiere.',
    'Margaret Court won again.',
    'I read the Wall Street Journal every day.',
    'Sesame Street is on at nine.',
    'Jump Street Reunion Tour',
    'Senator Adams Street',
  ]) {
    assert.deepEqual(found(text), [], text);
  }
});

test('after a phrase that puts a place next weaker type words count, after "address" English names too', () => {
  assert.deepEqual(found('Her office is located at Gulgowski Harbors and opens at 9.'), [
    'Gulgowski Harbors',
  ]);
  assert.deepEqual(found('My address is Green Street.'), ['Green Street']);
  // After "address" the street outranks a name it overlaps.
  const text = 'Please update my address to Shawn Manor, thanks!';
  assert.deepEqual(
    detectPii(text, { entities: ['ADDRESS', 'PERSON'] }).map((s) => [s.type, text.slice(s.start, s.end)]),
    [['ADDRESS', 'Shawn Manor']],
  );
  for (const t of [
    'He works on Wall Street',
    'Sent to Wall Street',
    'Please go to Departures Gate 5 now',
    'I grew up near here but now I live in Forest Park.',
    'stay in your lane and go to the club',
    'You a hoe if you take a taxi to the club',
  ]) {
    assert.deepEqual(found(t), [], t);
  }
});

test('a street found by its name takes the town or country after it, as a numbered one does', () => {
  assert.deepEqual(found('They shipped it to Gordon Street, Arsuk instead of my place.'), [
    'Gordon Street, Arsuk',
  ]);
  assert.deepEqual(found('registered to Koupil at Ivanović Street, Weimar, according to the file.'), [
    'Ivanović Street, Weimar',
  ]);
  assert.deepEqual(found('College Board, Anderson Street, Australia — registered office'), [
    'Anderson Street, Australia',
  ]);
  // A name after it is no town.
  assert.deepEqual(found('we met on Bezrukov Street, Tom said'), ['Bezrukov Street']);
});

test('a quarter word or a Dutch particle opens a one-word street', () => {
  // Swedish and Norwegian quarters and ages (south, east, old); Dutch surname particles.
  assert.deepEqual(found('Deliver to: Södra Skolgränden. Leave it at the door.'), ['Södra Skolgränden']);
  assert.deepEqual(found('Please update my address to Södra Bäckallén, thanks!'), ['Södra Bäckallén']);
  assert.deepEqual(found('Her office is located at Södra Gengärdet and opens at 9.'), ['Södra Gengärdet']);
  assert.deepEqual(found('Please update my address to Gamle Torgsvingen, thanks!'), ['Gamle Torgsvingen']);
  assert.deepEqual(found('Ship it to de Vriesgracht.'), ['de Vriesgracht']);
  assert.deepEqual(found('Deliver to: de Grootdijk. Leave it'), ['de Grootdijk']);
  assert.deepEqual(found('Please update my address to van de Veldengracht, thanks!'), [
    'van de Veldengracht',
  ]);
  // Alone the quarter is an adjective; an article before a street that is no Dutch name stays out.
  for (const text of [
    'Södra is a district',
    'We walked to the Södra district',
    'We visited Södra Station 5 times',
  ])
    assert.deepEqual(found(text), [], text);
  assert.deepEqual(found('Ship it to the Keizersgracht.'), ['Keizersgracht']);
  assert.deepEqual(found('I walked down de Hausergasse'), ['Hausergasse']);
});

test('famous streets named for what they stand for are not addresses; with a number or a town they are', () => {
  for (const text of [
    'Dalal Street rallied today',
    'Investors on Dalal Street cheered',
    'Harley Street doctors charge a lot',
    'She shops on Savile Row',
    'the Madison Avenue ad agencies',
  ]) {
    assert.deepEqual(found(text), [], text);
  }
  assert.deepEqual(found('Sherlock Holmes lived at 221B Baker Street'), ['221B Baker Street']);
  assert.deepEqual(found('Harley Street, London W1G 9QD'), ['Harley Street, London W1G 9QD']);
  assert.deepEqual(found('ship to Dalal Street, Mumbai 400001'), ['Dalal Street, Mumbai 400001']);
  // Other streets named alone after a place phrase still count.
  assert.deepEqual(found('Investors on Bezrukov Street cheered'), ['Bezrukov Street']);
});

test('after a preposition that leads to a way, English names before a plain type word are streets', () => {
  assert.deepEqual(found('Viewing at 3 Ashgrove Mews, just off Chapel Lane, for 5.30'), [
    '3 Ashgrove Mews',
    'Chapel Lane',
  ]);
  assert.deepEqual(found('Suspect was last seen walking towards Gorse Hill Road carrying a bag.'), [
    'Gorse Hill Road',
  ]);
  assert.deepEqual(found('He lives on Church Street'), ['Church Street']);
  for (const text of [
    'a trip down Memory Lane',
    'Life on Easy Street',
    'the pain on Main Street',
    'Cars on the Information Highway',
    'He was on Death Row',
    'We went to Church Street Market',
  ]) {
    assert.deepEqual(found(text), [], text);
  }
});

test('numbered streets named by their ordinal after a preposition of place are streets', () => {
  assert.deepEqual(found('the bar on 6th street was packed and the cover was $20'), ['6th street']);
  assert.deepEqual(found('meet me on W 42nd St. at noon'), ['W 42nd St.']);
  assert.deepEqual(found('we live on 3rd Avenue.'), ['3rd Avenue']);
  assert.deepEqual(found('shipped to 5th Ave, New York, NY 10010'), ['5th Ave, New York, NY 10010']);
  for (const text of ['I finished in 3rd place', 'the 5th Avenue parade was long', 'the 2nd road test']) {
    assert.deepEqual(found(text), [], text);
  }
});

test('after "on" English names need two words or an abbreviated type; storage, songs and games stay prose', () => {
  assert.deepEqual(found('redirect it to the post office on Oxford St instead?'), ['Oxford St']);
  assert.deepEqual(found('the shop on Gorse Hill Road'), ['Gorse Hill Road']);
  for (const text of [
    'I saved the slides on Google Drive, can you summarise them?',
    "What's the chord progression on Thunder Road?",
    "I'm struggling on Top Lane as Darius",
    'I keep falling off Rainbow Road on the last lap',
    'Stocks slid on Wall St as Treasury yields rose.',
    'Traders on Wall Street, London and Frankfurt all sold off.',
  ]) {
    assert.deepEqual(found(text), [], text);
  }
});
