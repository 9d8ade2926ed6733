import { feat, YEARISH } from './address-features.ts';
import { PARTICLES, WEAK_EN_SUFFIX } from './address-lexicon.ts';
import type { Tok } from './address-tokens.ts';
import { foldName, isEnglishWord } from './names-lexicon.ts';

/**
 * National street forms that carry no type word in the usual place, for address-street.ts: the
 * weaker US and British suffixes, German and Czech streets named by a preposition, Czech, Slovak and
 * Croatian adjective streets, Dutch particles and Norwegian genitive "Gate" streets. Each comes from
 * a country's own convention; the look-alikes that keep them narrow are in address-national.test.ts.
 */

/**
 * A word of a street name (lower case) that is an English word, possessive dropped; particles
 * ("de", "van") are not. Shared with the named streets (address-named-street.ts).
 */
export const englishNameWord = (lw: string): boolean =>
  !PARTICLES.has(lw) && isEnglishWord(foldName(lw.replace(/['’]s$/, '')));

/** toks[from, to) are words, all English ("Warehouse", "Customer Pickup", "Thunder"); false when empty. */
export function englishRun(toks: readonly Tok[], from: number, to: number): boolean {
  for (let j = from; j < to; j++) {
    const t = toks[j] as Tok;
    if (t.kind !== 'word' || !englishNameWord(t.lw)) return false;
  }
  return to > from;
}

/**
 * "9010 Reva Harbor", "7 Maudie Vale": the run after a house number ends in a type word that is also
 * an everyday word (WEAK_EN_SUFFIX), after one to three name words. Strength 3 when no name word is
 * an English word, so the name can only be a name; 2 otherwise ("12 Safe Harbor" needs a town or a
 * unit as well); 0 when it is no such street, or the number is a year ("the 2011 Arab Spring").
 */
export function weakSuffixed(toks: Tok[], run: number[], lower: boolean): number {
  if (run.length < 2 || run.length > 4) return 0;
  // The number before the run: a year is not a house number.
  if (feat(toks[(run[0] as number) - 1] as Tok) & YEARISH) return 0;
  const last = toks[run.at(-1) as number] as Tok;
  if (!WEAK_EN_SUFFIX.has(last.lw) || !(last.cap || lower)) return 0;
  const names = run.slice(0, -1).map((j) => toks[j] as Tok);
  if (names.some((t) => !(t.cap || lower) || /^\d/.test(t.w))) return 0;
  // In lower-case text every word looks like a name: "tekniikantie 8 last spring".
  if (names.some((t) => englishNameWord(t.lw))) return lower ? 0 : 2;
  return 3;
}

/**
 * Streets named by a preposition: German ("Am Markt 3", "Im Winkel 6", "An der Bergerweide 34b"),
 * Czech and Slovak ("Na Křemínku 8", "U Staré skládky 917", "Pod Vlkem 552").
 */
const LEAD = new Set(['am', 'im', 'zum', 'zur', 'beim', 'na', 'u', 'k', 've', 'pod', 'nad', 'za', 'pri']);
const LEAD_WITH_ARTICLE = new Set(['an', 'auf', 'in', 'hinter', 'unter', 'vor', 'über', 'bei', 'zu']);
const GERMAN_ARTICLE = new Set(['der', 'dem', 'den', 'die']);

/**
 * Where such a name starts among the words before the number at k (`first`: where nameBefore
 * started it), or -1. The name after the preposition is one to three words of three letters or
 * more, the first capitalised (any case in lower-case text), the last not an English word ("Am
 * Station 5" is not German).
 */
export function prepositionLed(toks: Tok[], first: number, k: number, lower: boolean): number {
  // The name's first word may sit after the preposition and article, which nameBefore drops.
  for (let j = Math.max(0, first - 2); j < k - 1; j++) {
    const t = toks[j] as Tok;
    if (!(t.cap || lower) || t.brk) continue;
    const next = toks[j + 1] as Tok;
    const article = LEAD_WITH_ARTICLE.has(t.lw) && GERMAN_ARTICLE.has(next.lw) && !next.brk;
    if (!article && !LEAD.has(t.lw)) continue;
    const names = toks.slice(j + (article ? 2 : 1), k);
    if (names.length === 0 || names.length > 3 || names.some((n) => n.kind !== 'word' || n.w.length < 3))
      return -1;
    if (!((names[0] as Tok).cap || lower)) return -1;
    return isEnglishWord(foldName((names.at(-1) as Tok).lw)) ? -1 : j;
  }
  return -1;
}

const SLAVIC_ADJECTIVE = /\p{L}{3}(?:ská|cká|ní|ová|ovská|ska|čka|ška|ačka)$/u;

/** "Nechanická 6", "Bjelovarska 25": Czech, Slovak and Croatian streets are adjectives. */
export const slavicAdjective = (word: Tok, lower: boolean): boolean =>
  (word.cap || lower) && SLAVIC_ADJECTIVE.test(word.lw) && !isEnglishWord(foldName(word.lw));

export const DUTCH_ENDING =
  /(?:straat|weg|laan|plein|gracht|singel|dreef|dijk|kade|plantsoen|park|steeg|hof)$/;
export const DUTCH_PARTICLES = new Set(['van', 'de', 'der', 'den', 'ter', 'ten', 'het', "'t"]);

/**
 * "van der Meulenweg 543", "de Ruiterstraat 734": Dutch names keep their lower-case particles.
 * Where the name starts, given where it starts without them and its last word.
 */
export function dutchParticlesBefore(toks: Tok[], from: number, last: Tok): number {
  if (!DUTCH_ENDING.test(last.lw)) return from;
  let start = from;
  for (let j = from - 1; j >= 0 && from - j <= 3; j--) {
    const t = toks[j] as Tok;
    if (t.brk || t.cap || !DUTCH_PARTICLES.has(t.lw)) break;
    start = j;
  }
  return start;
}

/**
 * "Emils Gate 48", "Karl Johans gate 22": a type word that also numbers things ("Gate 5" at an
 * airport) is a street after a genitive name that is not an English word ("Departures Gate 5").
 */
export const genitiveOwner = (owner: Tok): boolean =>
  owner.lw.endsWith('s') && !isEnglishWord(foldName(owner.lw));

/**
 * "park Górecki 40b" (Poland): Polish writes its type words in lower case, and "park" is the one
 * that is also an English word, so it is not among the prefixes. Lower case itself is the sign, in
 * a text that is not all lower case, before one or two capitalised names that are no English words
 * ("in the park Sunday 5" stays prose). Index of "park", or -1.
 */
export function lowerPark(toks: Tok[], first: number, k: number, lower: boolean): number {
  if (lower) return -1;
  for (let j = k - 1; j >= Math.max(first, k - 3); j--) {
    const t = toks[j] as Tok;
    if (t.w === 'park' && !t.brk) return j < k - 1 ? j : -1;
    if (!t.cap || t.brk || t.kind !== 'word' || englishNameWord(t.lw)) return -1;
  }
  return -1;
}
