import { contextBefore } from './address-context.ts';

/**
 * Numbered streets named without a house number: "the bar on 6th street", "meet me on W 42nd St",
 * "just off 3rd Avenue". The number-led finders start from a house number and a word, so an
 * ordinal alone never reached them. A preposition of place or a phrase that puts a place next must
 * come right before ("the 5th Avenue of the parade" and "in 3rd place" stay prose: "place" is no
 * type word here).
 */

export interface OrdinalStreet {
  start: number;
  end: number;
  score: number;
}

const DIRECTION = String.raw`(?:(?:N|S|E|W|North|South|East|West)\.?[ \t]+)?`;
const TYPE = '(?:street|st|avenue|ave|road|rd|boulevard|blvd|drive|dr|lane|ln|terrace|parkway|pkwy)';
// Matched from the ordinal (a lookbehind over the blanks before it would rescan a long run of
// spaces from every position); the preposition is checked on the few characters before it.
const ORDINAL_STREET = new RegExp(
  String.raw`(?<![\p{L}\p{N}])${DIRECTION}\d{1,3}(?:st|nd|rd|th)[ \t]+${TYPE}\b\.?`,
  'giu',
);
const PREPOSITION_BEFORE =
  /\b(?:on|off|onto|along|down|up|near|past|opposite|behind|towards?|at|to|from|and|of)[ \t]{1,4}$/i;
const HINT = /\d(?:st|nd|rd|th)\s/i;
// Prepositions that lead to a street by themselves; the others need a place phrase before them.
const WAY = /\b(?:on|off|onto|along|down|up|near|past|opposite|behind|towards?)[ \t]{1,4}$/i;

export function findOrdinalStreets(text: string): OrdinalStreet[] {
  if (!HINT.test(text)) return [];
  const found: OrdinalStreet[] = [];
  for (const m of text.matchAll(ORDINAL_STREET)) {
    const before = text.slice(Math.max(0, m.index - 16), m.index);
    if (!PREPOSITION_BEFORE.test(before)) continue;
    if (!WAY.test(before) && contextBefore(text, m.index) === 0) continue;
    // A trailing full stop ends the sentence unless the type word is abbreviated ("St.").
    const dot =
      m[0].endsWith('.') && /(?:street|avenue|road|boulevard|drive|lane|terrace|parkway)\.$/i.test(m[0]);
    found.push({ start: m.index, end: m.index + m[0].length - (dot ? 1 : 0), score: 0.85 });
  }
  return found;
}
