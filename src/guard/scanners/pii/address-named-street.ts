import { COMPOUND_ENDING, NOT_COMPOUND } from './address-lexicon.ts';
import { foldName, isEnglishWord } from './names-lexicon.ts';

/**
 * A street named without a house number in running text: "shows on Bezrukov Street", "a flat off
 * Almeida Road". A street name is a location that narrows down where someone lives or works, and
 * Presidio-based tools flag it as such. Two guards keep prose clean:
 * - it must follow a preposition of place ("on", "off", "along", "near"…), so titles and headings
 *   ("Street Fighter", "Road Safety Week") are not read as streets;
 * - no word of the name may be an English word (SCOWL up to size 55), so the streets that stand for something else
 *   ("Wall Street", "Fleet Street", "Downing Street", "Sesame Street", "Main Street", "Abbey Road")
 *   stay prose, and so do descriptions ("on the Main Road").
 * One-word street names whose ending is a street type ("down Hausergasse", "on Museumstraße",
 * "off Brixtonlaan") count after the same prepositions, with the same English-word guard.
 * Scored just above the default cut (0.5): a policy with `minScore: 0.6` leaves them out.
 */

const TYPE_WORDS = 'Street|Road|Avenue|Boulevard|Lane|Drive|Terrace|Crescent|Parkway|Highway|Strasse|Straße';
/** The cheap check first: most text has none of the type words. */
const TYPE_WORD = new RegExp(`(?:${TYPE_WORDS})\\b`);
const PREPOSITION = String.raw`(?<=\b(?:on|off|onto|along|down|up|at|near|via|from|into|in)\s)`;
const NAMED_STREET = new RegExp(
  `${PREPOSITION}((?:\\p{Lu}[\\p{Ll}'’-]+\\s){1,3}?)(?:${TYPE_WORDS})\\b`,
  'gu',
);
/** Capitalised one-word names after a preposition; the ending is checked in code (COMPOUND_ENDING). */
const ONE_WORD = new RegExp(`${PREPOSITION}\\p{Lu}\\p{Ll}{4,}(?![\\p{L}\\p{N}])`, 'gu');
// Text written all in lower case ("panković street", chat without capitals) has no capital to go
// by: the same shapes in lower case, still guarded by the English-word check.
const LOWER_TYPE_WORD = new RegExp(`(?:${TYPE_WORDS.toLowerCase()})\\b`);
const NAMED_STREET_LOWER = new RegExp(
  `${PREPOSITION}((?:[\\p{Ll}'’-]+\\s){1,3}?)(?:${TYPE_WORDS.toLowerCase()})\\b`,
  'gu',
);
const ONE_WORD_LOWER = new RegExp(`${PREPOSITION}\\p{Ll}{5,}(?![\\p{L}\\p{N}])`, 'gu');
const UPPER = /\p{Lu}/u;
/** Cheap check first: most text has no word with a street ending. */
const COMPOUND_HINT =
  /(?:stra(?:ß|ss)e|str\b|gasse|weg|allee|platz|damm|ufer|laan|straat|plein|gracht|vej|vei|gata|gatan|gade|katu|tie|tänav|caddesi|sokak)/u;

export interface NamedStreet {
  start: number;
  end: number;
  score: number;
}

export function findNamedStreets(text: string): NamedStreet[] {
  const found: NamedStreet[] = [];
  const lower = !UPPER.test(text);
  if ((lower ? LOWER_TYPE_WORD : TYPE_WORD).test(text)) {
    for (const m of text.matchAll(lower ? NAMED_STREET_LOWER : NAMED_STREET)) {
      const words = (m[1] as string).trim().split(/\s+/);
      if (words.some((w) => isEnglishWord(foldName(w.replace(/['’]s$/, ''))))) continue;
      found.push({ start: m.index, end: m.index + m[0].length, score: 0.55 });
    }
  }
  if (COMPOUND_HINT.test(text)) findCompoundStreets(text, lower ? ONE_WORD_LOWER : ONE_WORD, found);
  return found;
}

function findCompoundStreets(text: string, pattern: RegExp, found: NamedStreet[]): void {
  for (const m of text.matchAll(pattern)) {
    if (m[0].length > 40) continue;
    const lw = m[0].toLowerCase();
    const ending = COMPOUND_ENDING.exec(lw);
    // The name must be more than its ending ("on Platz" is no street) and not a word ("on Untie").
    if (!ending || lw.length - ending[0].length < 3 || NOT_COMPOUND.has(lw)) continue;
    if (isEnglishWord(foldName(m[0]))) continue;
    found.push({ start: m.index, end: m.index + m[0].length, score: 0.55 });
  }
}
