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
 * Scored just above the default cut (0.5): a policy with `minScore: 0.6` leaves them out.
 */

const TYPE_WORDS = 'Street|Road|Avenue|Boulevard|Lane|Drive|Terrace|Crescent|Parkway|Highway|Strasse|Straße';
/** The cheap check first: most text has none of the type words. */
const TYPE_WORD = new RegExp(`(?:${TYPE_WORDS})\\b`);
const NAMED_STREET = new RegExp(
  `(?<=\\b(?:on|off|onto|along|down|up|at|near|via|from|into|in)\\s)((?:\\p{Lu}[\\p{Ll}'’-]+\\s){1,3}?)(?:${TYPE_WORDS})\\b`,
  'gu',
);

export interface NamedStreet {
  start: number;
  end: number;
  score: number;
}

export function findNamedStreets(text: string): NamedStreet[] {
  const found: NamedStreet[] = [];
  if (!TYPE_WORD.test(text)) return found;
  for (const m of text.matchAll(NAMED_STREET)) {
    const words = (m[1] as string).trim().split(/\s+/);
    if (words.some((w) => isEnglishWord(foldName(w.replace(/['’]s$/, ''))))) continue;
    found.push({ start: m.index, end: m.index + m[0].length, score: 0.55 });
  }
  return found;
}
