import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findBareStreets } from './address-bare-street.ts';

const found = (text: string): string[] => findBareStreets(text).map((s) => text.slice(s.start, s.end));

test('a named street with a strong type word needs no preposition', () => {
  for (const [text, street] of [
    ['Bezrukov Street is where I live now.', 'Bezrukov Street'],
    ['Send the invoice to John Smith, Chloupková Street, by Friday.', 'Chloupková Street'],
    ['Our HQ (Almeida Street) closes at noon.', 'Almeida Street'],
    ['Is "Grunewald Road" a valid address?', 'Grunewald Road'],
    ['the Van der Merwe Avenue branch', 'Van der Merwe Avenue'],
  ]) {
    assert.deepEqual(found(text as string), [street], text);
  }
});

test('idioms, institutions, names and lower-case type words stay prose', () => {
  for (const text of [
    'Wall Street fell again', // an English word in the name
    'Back to Sesame Street', // an English word in the name
    'Penny Lane and Lois Lane', // "Lane" does not count
    'the Supreme Court ruled', // "Court" does not count
    'Jimmy Road', // one given name
    'we crossed the street', // lower-case type word
    'Street Fighter II', // the type word opens the phrase
    'on Park Avenue',
  ]) {
    assert.deepEqual(found(text), [], text);
  }
});

test('long inputs stay linear', () => {
  for (const text of [
    'Street '.repeat(20_000),
    `${' '.repeat(100_000)}Street`,
    'Ab Cd Street '.repeat(10_000),
  ]) {
    const t0 = performance.now();
    findBareStreets(text);
    assert.ok(performance.now() - t0 < 2000, text.slice(0, 20));
  }
});
