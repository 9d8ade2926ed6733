import { isStop, isUnit } from './address-features.ts';
import {
  DIRECTIONS,
  EN_SUFFIX,
  NUMBER_SUFFIX,
  NUMBERED_NOUNS,
  PARTICLES,
  QUANTITY_WORDS,
  STREET_PREFIX,
  UNIT_LEAD_WORDS,
  WEAK_PREFIX,
} from './address-lexicon.ts';
import {
  blockNumber,
  isCompound,
  LONG,
  prefixStrength,
  type StreetCore,
  unitCore,
  YEAR,
} from './address-street.ts';
import { weakSuffixed } from './address-street-forms.ts';
import type { Tok } from './address-tokens.ts';
import { isUnitValue } from './address-units.ts';
import { foldName, isEnglishWord } from './names-lexicon.ts';

/**
 * The number-first street line, the English and French order: "12 Main Street", "14 Rue Aghlab",
 * "221, Baker Street", "98 Koenigstrasse". Split from address-street.ts (the number-last order, boxes
 * and units), which it shares its primitives with.
 */

const KOREAN_ROAD = /\p{L}-(?:ro|gil|daero)$/u;

/**
 * "Exit 14 New Jersey Turnpike", "COVID 19 Vaccine Centre": the number belongs to the word before
 * it (a numbered noun or an acronym), not to the street after it. Units keep theirs ("Lot 12 …").
 */
function numberedBefore(toks: Tok[], k: number): boolean {
  const before = toks[k - 1];
  if (!before || before.brk || before.kind !== 'word' || isUnit(before) || UNIT_LEAD_WORDS.has(before.lw))
    return false;
  if (NUMBERED_NOUNS.has(before.lw)) return true;
  const after = toks[k + 1];
  return /^[A-Z]{3,}$/.test(before.w) && after !== undefined && after.w !== after.w.toUpperCase();
}

const FULL_TYPE: Record<string, string> = {
  st: 'street',
  rd: 'road',
  ave: 'avenue',
  av: 'avenue',
  blvd: 'boulevard',
  dr: 'drive',
  ln: 'lane',
};
const sameType = (a: Tok, b: Tok): boolean => (FULL_TYPE[a.lw] ?? a.lw) === (FULL_TYPE[b.lw] ?? b.lw);

/**
 * A street type word before the name that is no English type and no everyday word ("rue", "calle",
 * "strada", "ulica"; not "avenue", "via", "place"): a street typed after it in lower case is one.
 */
export const foreignTypeWord = (lw: string): boolean =>
  STREET_PREFIX.has(lw) && !WEAK_PREFIX.has(lw) && !EN_SUFFIX.has(lw);

/** Indices of the name words after the number at k, up to a unit, a function word or a comma. */
function nameAfter(toks: Tok[], k: number, lower: boolean): number[] {
  const num = toks[k] as Tok;
  const next = toks[k + 1];
  const run: number[] = [];
  // "12 bis rue Victor Hugo": bis, ter, quater belong to the number.
  // "7 bis, avenue des Tilleuls": a comma may follow it before a type word.
  const after = toks[k + 2];
  const suffixComma = next?.brk === ',' && after !== undefined && STREET_PREFIX.has(after.lw);
  const skip = next && !num.brk && (!next.brk || suffixComma) && NUMBER_SUFFIX.has(next.lw) ? 1 : 0;
  // "21 rue sidi", "12 rue de la paix, Paris": after a foreign type word (not "avenue", "place"),
  // a name of words that are no English words may be typed in lower case in a capitalised text.
  let typedLower = false;
  for (let j = k + 1 + skip; j < toks.length && run.length < 6; j++) {
    const t = toks[j] as Tok;
    // "12 Main St Apt 5" ends before the unit; "12 Villa Road" does not. British houses on a
    // close or a green open with "The": "6 The Paddocks", "1 The Green".
    const the = run.length === 0 && t.w === 'The' && !t.brk && toks[j + 1]?.cap === true;
    if (
      t.kind !== 'word' ||
      (isUnit(t) && isUnitValue(toks[j + 1])) ||
      (isStop(t) && !PARTICLES.has(t.lw) && !the)
    )
      break;
    const prefixFirst = run.length === 0 && STREET_PREFIX.has(t.lw);
    if (prefixFirst && foreignTypeWord(t.lw)) typedLower = true;
    const lowerName = typedLower && run.length > 0 && run.length < 4 && !isEnglishWord(foldName(t.lw));
    if (!lower && !t.cap && !PARTICLES.has(t.lw) && !prefixFirst && !lowerName && !/^\d/.test(t.w)) break;
    run.push(j);
    if (t.brk) break;
  }
  return run;
}

/**
 * "98 Koenigstrasse", "12 Hauptstraße": the number written before a one-word street whose ending is
 * its type (the national order is "Koenigstrasse 98", but English text and forms swap it). 3, or 2
 * for Finnish "-tie", whose short words are too much like English pet names to count alone; 0 when
 * the word is an English word or the run goes on past it.
 */
function compoundFirst(toks: Tok[], run: number[]): number {
  const t = toks[run[0] as number] as Tok;
  if (!t.cap || !isCompound(t) || isEnglishWord(foldName(t.lw))) return 0;
  const next = run[1] === undefined ? undefined : (toks[run[1]] as Tok);
  if (next && !t.brk && next.cap) return 0;
  return t.lw.endsWith('tie') ? 2 : 3;
}

/** The last English type word in the run ("12 Main Street", "770 Broadway"), or -1. */
function suffixIn(toks: Tok[], run: number[]): number {
  for (let r = run.length - 1; r >= 0; r--) {
    const lw = (toks[run[r] as number] as Tok).lw;
    if ((r >= 1 && (EN_SUFFIX.has(lw) || lw === 'str')) || (r === 0 && lw === 'broadway'))
      return run[r] as number;
  }
  return -1;
}

/** Where a street that ends in a type word at `suffix` ends: "… Street St." at the first, "… Street NW". */
function suffixEnd(toks: Tok[], first: number, suffix: number): number {
  const prev = toks[suffix - 1] as Tok;
  const end = suffix > first && sameType(prev, toks[suffix] as Tok) ? suffix - 1 : suffix;
  const after = toks[end + 1];
  if (!after || (toks[end] as Tok).brk) return end;
  // "… Street NW", and Singapore's numbered roads ("Ang Mo Kio Ave 6,").
  const more =
    (DIRECTIONS.has(after.lw) && after.cap) ||
    (after.kind === 'num' && after.w.length <= 3 && after.brk === ',');
  return more ? end + 1 : end;
}

/** A street name after the number at k ("12 Main Street", "14 Rue Aghlab", "291 Adelianos Kambos"). */
export function numberFirst(toks: Tok[], k: number, lower: boolean): StreetCore | undefined {
  const num = toks[k] as Tok;
  const next = toks[k + 1];
  // "12, rue de la Paix": a comma after the number before a type word. "221, Baker Street",
  // "12, MG Road" (India, the UK): before a name with an English type word, as a weaker street
  // (strength 2: it needs two signs, one close, such as a town and postcode or an address phrase;
  // "12, Main Street shops" has none). After a flat or plot ("Plot No. 7, Nehru Place") the unit
  // rule reads the block instead.
  const comma = num.brk === ',';
  if (num.brk && !(comma && next && STREET_PREFIX.has(next.lw) && !WEAK_PREFIX.has(next.lw))) {
    if (!comma || !next?.cap || unitCore(toks, k)) return undefined;
    const run = nameAfter(toks, k, lower);
    const suffix = suffixIn(toks, run);
    if (suffix < 0) return undefined;
    const to = suffixEnd(toks, run[0] as number, suffix);
    return { shape: 'numberFirst', from: k, to, strength: 2, keepDot: false };
  }
  if (numberedBefore(toks, k)) return undefined;
  const run = nameAfter(toks, k, lower);
  if (run.length === 0) return undefined;
  const head = run[0] as number;
  const first = toks[head] as Tok;
  // "110 Sejong-daero": Korean road names carry their type.
  if (KOREAN_ROAD.test(first.lw))
    return { shape: 'numberFirst', from: k, to: head, strength: 3, keepDot: false };
  const suffix = suffixIn(toks, run);
  if (suffix >= 0)
    return { shape: 'numberFirst', from: k, to: suffixEnd(toks, head, suffix), strength: 3, keepDot: false };
  const weak = weakSuffixed(toks, run, lower);
  if (weak > 0)
    return { shape: 'numberFirst', from: k, to: run.at(-1) as number, strength: weak, keepDot: false };
  const compound = compoundFirst(toks, run);
  if (compound > 0) return { shape: 'numberFirst', from: k, to: head, strength: compound, keepDot: false };
  let to = run.at(-1) as number;
  while (to > head && !(toks[to] as Tok).cap && PARTICLES.has((toks[to] as Tok).lw)) to--;
  if (STREET_PREFIX.has(first.lw) && to > head) {
    const strength = prefixStrength(first, toks[head + 1] as Tok, to - head, lower);
    return { shape: 'numberFirst', from: k, to, strength, keepDot: false };
  }
  if (LONG.test(num.w) || YEAR.test(num.w) || STREET_PREFIX.has(first.lw) || QUANTITY_WORDS.has(first.lw)) {
    return undefined;
  }
  // Capitalised words after a number: a street only with other evidence. At most three words.
  to = Math.min(to, head + 2);
  return { shape: 'numberFirst', from: k, to, strength: (lower ? 0 : 1) + blockNumber(num), keepDot: false };
}
