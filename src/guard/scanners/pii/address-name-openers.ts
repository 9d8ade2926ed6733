import { DUTCH_ENDING, DUTCH_PARTICLES } from './address-street-forms.ts';

/**
 * Words that open a one-word street's name without being street words themselves, for the streets
 * found without a house number (address-named-street.ts, address-lower-street.ts):
 * - Swedish, Norwegian and Danish quarters and ages: "Södra Skolgränden" (south), "Östra
 *   Kyrkvägen" (east), "Gamle Furumoen" (old). Alone they are everyday adjectives, so they only
 *   extend a street already found;
 * - Dutch surname particles, written in lower case: "de Vriesgracht", "van de Veldengracht" (streets
 *   named after De Vries, Van de Velde), before a name with a Dutch type ending.
 * The numbered streets take them through address-street.ts (capitalised words before a typed name,
 * dutchParticlesBefore).
 */

const QUARTERS = new Set([
  'norra',
  'södra',
  'östra',
  'västra',
  'gamla',
  'nordre',
  'søndre',
  'østre',
  'vestre',
  'gamle',
]);

/** A quarter word, capitalised (any case in lower-case text). */
export function quarterWord(w: string, lower: boolean): boolean {
  return QUARTERS.has(w.toLowerCase()) && (lower || w[0] !== (w[0] as string).toLowerCase());
}

/** A Dutch particle may open a street whose name ends so. */
export const dutchOpener = (w: string, street: string): boolean =>
  DUTCH_PARTICLES.has(w) && DUTCH_ENDING.test(street.toLowerCase());

/** The word right before `at`, after exactly one blank, standing alone (not glued to a letter before it). */
const WORD_BEFORE = /(?<![\p{L}\p{M}\p{N}'’])\p{L}[\p{L}\p{M}'’]*[ \t]$/u;

function wordBefore(text: string, at: number): string | undefined {
  const m = WORD_BEFORE.exec(text.slice(Math.max(0, at - 12), at));
  // A match at the slice's start may be a cut word: the character before it decides.
  if (!m || (m.index === 0 && at - 12 > 0 && /[\p{L}\p{M}\p{N}'’]/u.test(text[at - 12 - 1] as string)))
    return undefined;
  return m[0].trimEnd();
}

/**
 * Where the one-word street `street` found at `start` really starts: before a quarter word, or
 * before up to three Dutch particles.
 */
export function openerStart(text: string, start: number, street: string, lower: boolean): number {
  const first = wordBefore(text, start);
  if (first === undefined) return start;
  if (quarterWord(first, lower)) return start - first.length - 1;
  let at = start;
  let w: string | undefined = first;
  for (let n = 0; n < 3 && w !== undefined && dutchOpener(w, street); n++) {
    at -= w.length + 1;
    w = wordBefore(text, at);
  }
  return at;
}
