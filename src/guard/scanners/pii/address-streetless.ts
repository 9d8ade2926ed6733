import { CODE, feat, isStop, PARTICLE, REGION, twoTokenCode } from './address-features.ts';
import { EN_SUFFIX, FOREIGN_SUFFIX, NUMBERED_NOUNS, STREET_PREFIX, WEAK_PREFIX } from './address-lexicon.ts';
import type { StreetCore } from './address-street.ts';
import type { Tok } from './address-tokens.ts';
import { isEnglishWord } from './names-lexicon.ts';

/**
 * A street named without a house number, found back from the postcode after it: "King Fahd Road,
 * Al Olaya, Riyadh 12214", "Wall Street, New York, NY 10005", "Rue de Rivoli, 75001 Paris". Many
 * addresses in the Middle East, India, Ireland and rural areas have no house number. A named street
 * alone stays prose ("works on Wall Street", "Wall Street, Dow 35000"): the places between it and
 * the code must show a second sign (two places, a region code, or the code before its town).
 */

const MAX_SEGMENTS = 4;
const MAX_WORDS = 5;
/** Type words that are also everyday nouns ("Green", "Point", "Park") do not make a street here. */
const AMBIGUOUS_SUFFIX = new Set([
  'place',
  'green',
  'hill',
  'point',
  'rise',
  'row',
  'walk',
  'path',
  'loop',
  'center',
]);

const placeWord = (t: Tok): boolean =>
  (t.kind === 'word' && (t.cap || (feat(t) & PARTICLE) !== 0 || /^\d/.test(t.w)) && !isStop(t)) ||
  (t.kind === 'num' && t.w.length <= 3);

/** toks[from, to] is a street with a type word: "King Fahd Road", "Rue de Rivoli". */
function typedStreet(toks: Tok[], from: number, to: number): boolean {
  const first = toks[from] as Tok;
  const last = toks[to] as Tok;
  if (to > from && STREET_PREFIX.has(first.lw) && !WEAK_PREFIX.has(first.lw)) return true;
  if (to <= from || !first.cap) return false;
  // "Senapati Bapat Marg", "Gosposka ulica": a foreign type word last that is no English word.
  if (FOREIGN_SUFFIX.has(last.lw) && last.lw.length > 2 && !isEnglishWord(last.lw)) return true;
  return EN_SUFFIX.has(last.lw) && !AMBIGUOUS_SUFFIX.has(last.lw);
}

/** Start of the comma-free run of place words ending at token `end`, or -1. */
function segmentStart(toks: Tok[], end: number): number {
  let j = end;
  while (j >= 0 && end - j < MAX_WORDS && placeWord(toks[j] as Tok) && (j === end || !(toks[j] as Tok).brk))
    j--;
  return j === end ? -1 : j + 1;
}

/** "75001 Paris Cedex": the town after a code that opens its segment. */
function townAfter(toks: Tok[], k: number): number {
  let to = k;
  while (to - k < 3 && !(toks[to] as Tok).brk && toks[to + 1] && placeWord(toks[to + 1] as Tok)) to++;
  return to;
}

/** The street before the numeric postcode at k, as a core from the street to the code. */
export function streetBeforeCode(toks: Tok[], k: number): StreetCore | undefined {
  const code = toks[k] as Tok;
  if (!(feat(code) & CODE) || code.brk === '.') return undefined;
  return streetBefore(toks, k, k, false);
}

/**
 * The street before a postcode with letters in it, in two tokens, at k: "Hollow Lane, Wadhurst TN5
 * 6HP" (UK), "Wellington Street, Ottawa K1A 0B1" (Canada), "Main Street, Cork T12 X2Y3" (Eircode).
 * The code's shape is a sign of its own, so one town between it and the street is enough.
 */
export function streetBeforeLetteredCode(toks: Tok[], k: number): StreetCore | undefined {
  const first = toks[k] as Tok;
  const second = toks[k + 1];
  if (!second || first.brk || !/\p{Lu}/u.test(first.w) || !twoTokenCode(first, second)) return undefined;
  return streetBefore(toks, k, k + 1, true);
}

function streetBefore(toks: Tok[], k: number, codeEnd: number, lettered: boolean): StreetCore | undefined {
  const before = toks[k - 1];
  if (!before) return undefined;
  // "Rue de Rivoli, 75001 Paris": the code opens the segment after the street. Otherwise a town
  // (or "NY") ends right before the code: "Riyadh 12214".
  const codeFirst = !lettered && before.brk === ',' && toks[k + 1]?.cap === true;
  if (!codeFirst && (before.brk || NUMBERED_NOUNS.has(before.lw))) return undefined;
  // Signs besides the street: a lettered code, the code before its town, a region code, each
  // place in between.
  let signs = lettered || codeFirst || feat(before) & REGION ? 1 : 0;
  let end = k - 1;
  for (let segment = codeFirst ? 1 : 0; segment <= MAX_SEGMENTS; segment++) {
    const start = segmentStart(toks, end);
    if (start < 0) return undefined;
    if (segment > 0 && typedStreet(toks, start, end)) {
      if (signs === 0) return undefined;
      const to = codeFirst ? townAfter(toks, k) : codeEnd;
      return { shape: 'named', from: start, to, strength: 3, keepDot: false };
    }
    if (segment > 0) signs++;
    if (toks[start - 1]?.brk !== ',') return undefined;
    end = start - 1;
  }
  return undefined;
}
