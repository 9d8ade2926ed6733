import { isUnit } from './address-features.ts';
import { FLOOR_WORDS, UNIT_LEAD_WORDS } from './address-lexicon.ts';
import type { Tok } from './address-tokens.ts';

/**
 * Flat, suite, floor and door designators, in the shapes national conventions write them: after the
 * street ("Suite 100-B", "apto 52", "bus 3", "2º B", "6ª planta", "2. tv.", "12/F", "#08-45") or
 * before it ("Apt 4B, 12 Elm Street", "Flat 3\n27 Wellington Road", "305 - 1100 Davie Street",
 * "Lot 12 Bruce Hwy", "No. 1 Jianguomenwai Avenue").
 */

// "5", "4B", "100-B", "12/3", "B", "#5": a digit in it, or one or two capitals ("Flat B").
const VALUE = /^#?(?:\d[\dA-Za-z]{0,5}|[A-Za-z]{1,2}\d{1,4}|[A-Z]{1,2}|[a-z])(?:[-/][\dA-Za-z]{1,4})?$/;
const HASH_VALUE = /^#[\dA-Za-z]{1,6}(?:-[\dA-Za-z]{1,4})?$/;
const FLOOR_ORDINAL = /^\d{1,2}(?:[ºª°][A-Z]?|\.?(?:er|e|o|a))$/;
const EN_ORDINAL = /^\d{1,3}(?:st|nd|rd|th)$/i;
const HK_FLOOR = /^(?:\d{1,3}|[GL])\/F$/i;
// "B-42, Sector 15, Noida": India writes block and house as a letter and a number.
const BLOCK_HOUSE = /^[A-Z]{1,2}[-/]\d{1,3}$/;
const LETTER = /^[A-Z]$/;
const FLOOR_NOUNS = new Set(['floor', 'fl', 'flr']);
const FLOOR_ONLY = new Set(['og', 'étage', 'etage', 'hoog', 'obergeschoss', 'stock', 'emelet', 'ajtó']);
const FLOOR_SIDES = new Set(['achter', 'voor']);
const NAMED_FLOORS = new Set(['bajo', 'ático', 'atico', 'entresuelo', 'principal', 'entlo', 'pral']);
const ROMAN = /^(?:I{1,3}|IV|i{1,3}|iv)$/;
// "7.em", "3. em." (Hungarian emelet, a floor), written as one token.
const HU_FLOOR = /^\d{1,2}\.em(?:elet)?$/i;

export const isUnitValue = (t: Tok | undefined): boolean => t !== undefined && VALUE.test(t.w);

/** Prepositions and the copula: after "I" they show it is a numeral, not the pronoun ("… 493 I in Utrecht"). */
const NOT_AFTER_PRONOUN = new Set([
  'before',
  'after',
  'until',
  'till',
  'since',
  'in',
  'on',
  'at',
  'near',
  'from',
  'to',
  'is',
]);
const TIMES = new Set([
  'spring',
  'summer',
  'autumn',
  'fall',
  'winter',
  'week',
  'month',
  'year',
  'night',
  'weekend',
]);

/**
 * toks[i] opens prose that cannot follow the pronoun "I": a preposition, or "last"/"next" and a
 * time ("I last saw" is the pronoun and a verb; "I last spring" is not).
 */
function clauseAt(toks: readonly Tok[], i: number): boolean {
  const t = toks[i];
  if (!t || t.cap) return false;
  if (NOT_AFTER_PRONOUN.has(t.lw)) return true;
  const time = toks[i + 1];
  return (t.lw === 'last' || t.lw === 'next') && !t.brk && time !== undefined && TIMES.has(time.lw);
}

/**
 * "7 étage", "2e étage", "4 OG", "2 hoog": a floor number (bare or ordinal) at toks[i], then a word
 * that can only name a floor. After a street such a number is the floor, not the house number.
 */
export function floorAt(toks: readonly Tok[], i: number): boolean {
  const t = toks[i];
  const next = toks[i + 1];
  if (!t || t.brk || !next || !FLOOR_ONLY.has(next.lw)) return false;
  return (t.kind === 'num' && t.w.length <= 2) || FLOOR_ORDINAL.test(t.w);
}

/** Length in tokens of the designator at toks[i] (before index `end`), or 0. */
export function unitLength(toks: readonly Tok[], i: number, end: number): number {
  const t = toks[i];
  if (!t || i >= end) return 0;
  const next = i + 1 < end ? toks[i + 1] : undefined;
  if (isUnit(t) && !t.brk && isUnitValue(next)) return 2;
  if (
    HASH_VALUE.test(t.w) ||
    HK_FLOOR.test(t.w) ||
    HU_FLOOR.test(t.w) ||
    (BLOCK_HOUSE.test(t.w) && t.brk === ',')
  )
    return 1;
  if (t.w === '#' && isUnitValue(next)) return 2;
  // "2º B", "6ª planta", "4º izq.", "2. tv.", "3. OG": a floor, then a side or door.
  const floor = FLOOR_ORDINAL.test(t.w) || (t.kind === 'num' && t.w.length <= 2 && t.e > t.s + t.w.length);
  // "5th Floor".
  if (EN_ORDINAL.test(t.w) && next && !t.brk && FLOOR_NOUNS.has(next.lw)) return 2;
  // "4 OG", "7 étage", "2 hoog": a bare floor number before a word that can only name a floor.
  if (!floor && floorAt(toks, i) && next) {
    // "3 hoog achter": the Dutch floor and its side.
    const side = i + 2 < end && !next.brk ? toks[i + 2] : undefined;
    return side && FLOOR_SIDES.has(side.lw) ? 3 : 2;
  }
  // "Bajo Izda.", "Ático A", "Entresuelo": Spanish floors named, not numbered.
  if (NAMED_FLOORS.has(t.lw))
    return 1 + (next && !t.brk && (FLOOR_WORDS.has(next.lw) || LETTER.test(next.w)) ? 1 : 0);
  // "Vosweg 340 III": a Dutch house-number addition in Roman numerals, ending the line or part,
  // or before prose that the pronoun "I" cannot open ("Jairoplantsoen 493 I last spring").
  if (
    ROMAN.test(t.w) &&
    (t.brk !== '' || i + 1 >= end || unitLength(toks, i + 1, end) > 0 || clauseAt(toks, i + 1))
  )
    return 1;
  if (!floor) return 0;
  // "1º a": a door letter in lower case only after a written ordinal, closing its part.
  const lowerDoor =
    next !== undefined &&
    /^[a-z]$/.test(next.w) &&
    FLOOR_ORDINAL.test(t.w) &&
    (next.brk !== '' || i + 2 >= end);
  const side = next !== undefined && !t.brk && (FLOOR_WORDS.has(next.lw) || LETTER.test(next.w) || lowerDoor);
  if (side) return 2;
  return FLOOR_ORDINAL.test(t.w) ? 1 : 0;
}

/**
 * Where the designators written before a street start ("Apt 4B, 12 Elm Street", "Flat B, 12/F,
 * 88 Nathan Road", "Unit 5/12 Smith St", "Lot 12 Bruce Hwy"): a token index at or before `from`,
 * the street's first token.
 */
export function unitsBefore(toks: readonly Tok[], from: number): number {
  let start = from;
  const first = toks[from];
  const prev = toks[from - 1];
  if (first?.kind === 'num' && prev) {
    // "Unit 5/12 Smith St", "No. 1 Jianguomenwai Avenue": the word names the street's number.
    if (prev.brk === '' && (isUnit(prev) || UNIT_LEAD_WORDS.has(prev.lw))) start--;
    // "305 - 1100 Davie Street": Canada writes the suite first, joined by a dash.
    else if (prev.kind === 'num' && DASH.test(prev.brk) && prev.w.length <= 4) start--;
  }
  for (let round = 0; round < 3; round++) {
    const at = unitEndingAt(toks, start);
    if (at < 0) break;
    start = at;
  }
  return start;
}

const DASH = /^[-–]$/;

/** Start of one designator that ends right before token `end`, followed by a comma or nothing. */
function unitEndingAt(toks: readonly Tok[], end: number): number {
  const last = toks[end - 1];
  if (!last || !(last.brk === '' || last.brk === ',')) return -1;
  if (end >= 2 && unitLength(toks, end - 2, end) === 2) return end - 2;
  // One token alone ("2º", "12/F") has a digit or a capital: "til i Kongens gate 6" is Norwegian
  // "in", not a Roman floor.
  if (unitLength(toks, end - 1, end) === 1 && /\d|^\p{Lu}/u.test(last.w)) return end - 1;
  return -1;
}

/** All of a line's tokens are designators ("Flat 3", "Suite 200"): it may head the street line. */
export function unitLine(toks: readonly Tok[]): boolean {
  let i = 0;
  while (i < toks.length) {
    const n = unitLength(toks, i, toks.length);
    if (n === 0) return false;
    i += n;
  }
  return i > 0;
}
