import { COUNTRIES, MAX_COUNTRY_WORDS, PEOPLE_COUNTRIES } from './address-countries.ts';
import {
  CODE,
  COUNTRY_START,
  feat,
  isStop,
  isUnit,
  LOWER2,
  PARTICLE,
  REGION,
  twoTokenCode,
  YEARISH,
} from './address-features.ts';
import { STREET_PREFIX, WEAK_PREFIX } from './address-lexicon.ts';
import type { Tok } from './address-tokens.ts';
import { foldName, givenNameKind, isEnglishWord } from './names-lexicon.ts';

/**
 * Readers of one address part in a segment of the tail (address-tail.ts): postcodes in the national
 * shapes, countries, region codes and towns, and where prose starts after them. Each answers how
 * many tokens the part takes at a given index; the tail parser decides the order they may come in.
 */

/** Tokens toks[from, end) of one segment. */
export interface Seg {
  toks: Tok[];
  end: number;
}

const DIGITS = /^\d+$/;

/**
 * "737 859 318", "736 664 435": digit groups in a run of three or more are a phone or account
 * number, not a "123 45" or "560 001" postcode with a digit group before or after it.
 */
function inDigitRun(seg: Seg, i: number): boolean {
  const [t, next, third, prev] = [seg.toks[i], seg.toks[i + 1], seg.toks[i + 2], seg.toks[i - 1]];
  if (!t || !next || !DIGITS.test(t.w) || !DIGITS.test(next.w)) return false;
  const after = !next.brk && third !== undefined && i + 2 < seg.end && DIGITS.test(third.w);
  return after || (prev !== undefined && !prev.brk && DIGITS.test(prev.w));
}

/** Postcodes in the common national shapes; returns how many tokens the code takes (0: none). */
export function postcodeAt(seg: Seg, i: number): number {
  const t = seg.toks[i];
  if (!t || i >= seg.end) return 0;
  const next = seg.toks[i + 1];
  if (next && i + 1 < seg.end && !t.brk && twoTokenCode(t, next) && !inDigitRun(seg, i)) return 2;
  // "…, Iran 65400 0688 777 97 84": digits right after another digit group are the next number
  // (a phone), not a second postcode.
  const prev = seg.toks[i - 1];
  if (prev && !prev.brk && DIGITS.test(prev.w) && DIGITS.test(t.w)) return 0;
  // "…, Hellendoorn\n9469 9966": digit groups opening a line or part are a phone.
  const opens = prev?.brk !== '';
  if (opens && next && !t.brk && DIGITS.test(t.w) && DIGITS.test(next.w)) return 0;
  return feat(t) & CODE ? 1 : 0;
}

/**
 * A part may end at the segment's end, before a postcode, or before prose: a function word ("… Laos
 * in case of") or, in mixed-case text, any lower-case word ("… Latvia last week").
 */
export function boundary(seg: Seg, i: number, lower: boolean): boolean {
  if (i >= seg.end || postcodeAt(seg, i) > 0 || yearish(seg, i)) return true;
  const t = seg.toks[i] as Tok;
  // "…, Denmark 2/19/1956 19:00": a date or a time starts something else.
  return isStop(t) || (!lower && !t.cap && t.kind === 'word') || DATE_OR_TIME.test(t.w);
}
const DATE_OR_TIME = /^(?:\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}|\d{1,2}:\d\d(?::\d\d)?)$/;

/** "CA", "NSW", and in lower-case text "tv", but not "is" or "to". */
export const isStateCode = (t: Tok, lower: boolean): boolean =>
  (feat(t) & (lower ? REGION | LOWER2 : REGION)) !== 0 && !isStop(t);

/**
 * Longest country name starting at i that ends at a boundary. In mixed-case text a country typed
 * in lower case counts when it is no English word ("…, dominican republic", "…, norway"; not
 * "turkey", "china", "jersey").
 */
export function countryAt(seg: Seg, i: number, lower: boolean): number {
  const first = seg.toks[i];
  if (!first || i >= seg.end || !(feat(first) & COUNTRY_START)) return 0;
  const cased = first.cap || lower;
  let name = '';
  let best = 0;
  for (let n = 1; n <= MAX_COUNTRY_WORDS && i + n <= seg.end; n++) {
    const t = seg.toks[i + n - 1] as Tok;
    name = n === 1 ? t.lw : `${name} ${t.lw}`;
    const typed = cased || n > 1 || !isEnglishWord(foldName(name));
    // "…, Jordan will call": a country that is also a given name, before prose, is the subject.
    const person =
      n === 1 && !t.brk && i + 1 < seg.end && PEOPLE_COUNTRIES.has(name) && postcodeAt(seg, i + 1) === 0;
    if (typed && COUNTRIES.has(name) && !person && (t.brk || boundary(seg, i + n, lower))) best = n;
    if (t.brk) break;
  }
  return best;
}

export function townWord(t: Tok, first: boolean, lower: boolean): boolean {
  if (t.kind === 'num') return !first && t.w.length <= 3;
  if (t.kind !== 'word' || isUnit(t)) return false;
  if (!first && feat(t) & PARTICLE) return true;
  // "14th Cross", "5th Block": an ordinal opens many place names in India.
  if (/^\d/.test(t.w)) return true;
  if (isStop(t)) return false;
  // "…, it's quiet", "…, we're moving": a contraction opens prose, in lower-case text too.
  if (CONTRACTION.test(t.lw)) return false;
  return lower || t.cap;
}

const CONTRACTION =
  /^(?:it|that|there|here|what|he|she|who|i|we|you|they|let)['’](?:s|re|m|ve|ll|d)$|n['’]t$/;

/** "Tel Aviv", "The Hague": a town may open with a capitalised word that is otherwise a stop word. */
const openingStop = (t: Tok, next: Tok | undefined): boolean =>
  t.cap && !t.brk && (t.lw === 'tel' || t.lw === 'the') && next?.cap === true && !isStop(next);

/** toks[i] is a street type word followed by a name and a number within the segment. */
function streetOpens(seg: Seg, i: number): boolean {
  const t = seg.toks[i] as Tok;
  if (!STREET_PREFIX.has(t.lw) || WEAK_PREFIX.has(t.lw)) return false;
  for (let j = i + 2; j < seg.end && j < i + 6; j++) if ((seg.toks[j] as Tok).kind === 'num') return true;
  return false;
}

/** Town words from i (at most five), stopping before a country or a region code. */
export function townLength(seg: Seg, i: number, lower: boolean): number {
  let n = 0;
  while (i + n < seg.end && n < 5 && countryAt(seg, i + n, lower) === 0) {
    const t = seg.toks[i + n] as Tok;
    // "FONTAINE RA", "Quebec QC", "CA 13241": a code before a boundary is the region.
    if (isStateCode(t, lower) && boundary(seg, i + n + 1, lower)) break;
    // "London SW1A 2AA": the town ends at its postcode (and a code is not a town).
    if (postcodeAt(seg, i + n) > 0) break;
    if (!townWord(t, n === 0, lower) && !(n === 0 && openingStop(t, seg.toks[i + 1]))) break;
    // "…, 75001 Paris, Avenue Foch 8": a street type word, a name and a house number open the
    // next address of a list ("Borgo San Dalmazzo" is a town).
    if (n === 0 && streetOpens(seg, i)) break;
    n++;
    if (t.brk) break;
  }
  if (n > 0 && !lower && i === 0) n += lowerTownWords(seg, i + n);
  // "Stock: 300" is a label, not a town.
  return n > 0 && (seg.toks[i + n - 1] as Tok).brk.includes(':') ? 0 : n;
}

/**
 * "Settimo Orsolina a mare", "Caporaso del friuli", "Maida sardo": lower-case words that end a
 * town filling its own line of a block (Italian towns carry them). Prose after a town ("…,
 * Springfield downtown", "…, Berlin correct?") stays out: the town must open its line and the words
 * run to its end with no punctuation.
 */
function lowerTownWords(seg: Seg, i: number): number {
  if (seg.end !== seg.toks.length || seg.end - i > 2 || (seg.toks[seg.end - 1] as Tok).brk !== '') return 0;
  for (let j = i; j < seg.end; j++) {
    const t = seg.toks[j] as Tok;
    if (t.kind !== 'word' || t.cap || (isStop(t) && !(feat(t) & PARTICLE)) || isUnit(t)) return 0;
  }
  return seg.end - i;
}

/** A function word or any lower-case word: prose after a town ("…, Larnaka instead of …"). */
export const proseAt = (t: Tok): boolean => isStop(t) || (!t.cap && t.kind === 'word');

/**
 * Town words that can only be a place: capitalised, none a given name or an English word
 * ("Barzheim", "SANKT LORENZEN"; not "Tom", "Sunday"). Such a town is kept before prose
 * ("…Wiesenstrasse 31, Barzheim is where I live"), where a name would be dropped ("…, Tom and I").
 */
export function placeName(toks: readonly Tok[], from: number, to: number): boolean {
  for (let j = from; j < to; j++) {
    const t = toks[j] as Tok;
    if (t.kind !== 'word' || !t.cap || PEOPLE_COUNTRIES.has(t.lw)) return false;
    const folded = foldName(t.lw);
    const kind = givenNameKind(folded);
    if ((kind !== undefined && kind !== 'place' && kind !== 'city') || isEnglishWord(folded)) return false;
  }
  return true;
}

/** Words that open or join town names without being a place alone: "West Connellyfield", "Alcalá de Henares". */
const TOWN_LINKS = new Set([
  'new',
  'old',
  'north',
  'south',
  'east',
  'west',
  'upper',
  'lower',
  'saint',
  'port',
  'fort',
  'mount',
  'little',
  'great',
]);

/**
 * Leading words of toks[from, to) that can only be a place, in lower-case text (see placeName), with
 * particles and TOWN_LINKS words between or before them ("west connellyfield", "alcalá de henares").
 */
export function placeRun(toks: readonly Tok[], from: number, to: number, afterCode: boolean): number {
  let n = 0;
  for (let j = from; j < to; j++) {
    const t = toks[j] as Tok;
    if (t.kind !== 'word') break;
    if (TOWN_LINKS.has(t.lw) || (j > from && feat(t) & PARTICLE)) continue;
    if (isStop(t)) break;
    const folded = foldName(t.lw);
    const kind = givenNameKind(folded);
    // Right after a postcode a given name is a town ("58179-540 janaína do sul").
    const person = kind !== undefined && kind !== 'place' && kind !== 'city' && !afterCode;
    if (person || isEnglishWord(folded)) break;
    n = j - from + 1;
  }
  return n;
}

/** Four digits shaped like a year ("2000 Antwerpen", "NSW 2000"), which only context makes a postcode. */
export function yearish(seg: Seg, i: number): boolean {
  const t = seg.toks[i];
  return t !== undefined && i < seg.end && (feat(t) & YEARISH) !== 0;
}
