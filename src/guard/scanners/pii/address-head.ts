import { CODE, feat, isStop } from './address-features.ts';
import { DWELLING_WORDS, EN_SUFFIX, WEAK_EN_SUFFIX } from './address-lexicon.ts';
import type { LineRest } from './address-tail.ts';
import { isWhite, type Lines, type Tok } from './address-tokens.ts';
import { unitLine, unitsBefore } from './address-units.ts';

/**
 * Where an address block starts, before its street line (detect-address.ts): the corner it is on
 * ("Eloise and 226 Thomas Avenue"), flats and suites written first ("Apt 4B, 12 Elm Street", "Flat
 * 3\n27 Wellington Road"), or a postcode and town first (Hungary's "1051 Budapest, Nádor u. 9.").
 */

/** A house number, postcode or English street type word: the token can end an address. */
function endsStreet(tok: Tok): boolean {
  return tok.kind === 'num' || EN_SUFFIX.has(tok.lw) || WEAK_EN_SUFFIX.has(tok.lw);
}

/** "Eloise and 226 Thomas Avenue" after "to", "at", ":" or a line start: an intersection. */
function intersectionStart(toks: Tok[], from: number, lower: boolean): number {
  const and = toks[from - 1];
  const name = toks[from - 2];
  if (and?.lw !== 'and' || and.brk || !name || name.brk || name.kind !== 'word') return -1;
  if (isStop(name) || !(name.cap || lower)) return -1;
  const intro = toks[from - 3];
  // "45 Oak Ave, Portland and 9 Elm Road": a name after a street and a comma is the town that
  // ends that address, and "and" starts the next one of a list.
  if (intro && intro.brk.trim() === ',' && endsStreet(intro)) return -1;
  return !intro || intro.brk || isStop(intro) ? from - 2 : -1;
}

/** Where the block starts: an intersection, flats and suites before the street, a postcode and town first. */
export interface Head {
  from: number;
  start: number;
  /** Opened by a flat, suite or plot ("Apt 4B, 12 Elm Street"): a sign of an address. */
  dwelling: boolean;
  crossing: boolean;
}

export function headOf(lines: Lines, rest: LineRest, from: number, lower: boolean): Head {
  const { toks } = rest;
  const crossing = intersectionStart(toks, from, lower);
  if (crossing >= 0)
    return { from: crossing, start: (toks[crossing] as Tok).s, dwelling: false, crossing: true };
  // "Apt 4B, 12 Elm Street", "Flat B, 12/F, 88 Nathan Road"; "Level 5, World 3" is no sign.
  const unitFrom = unitsBefore(toks, from);
  const first = toks[unitFrom] as Tok;
  if (unitFrom < from)
    return { from: unitFrom, start: first.s, dwelling: DWELLING_WORDS.has(first.lw), crossing: false };
  if (from > 0)
    return { from, start: (toks[townFirst(toks, from)] as Tok).s, dwelling: false, crossing: false };
  // "Flat 3\n27 Wellington Road".
  const start = unitLineBefore(lines, rest.li, first.s);
  return { from, start, dwelling: start < first.s, crossing: false };
}

/** Start of the line before when it holds only a flat or suite ("Flat 3\n27 Wellington Road"). */
function unitLineBefore(lines: Lines, li: number, start: number): number {
  const { text } = lines;
  for (let i = lines.start(li); i < start; i++) if (!isWhite(text.charCodeAt(i))) return start;
  if (li === 0) return start;
  const prev = lines.head(li - 1);
  if (prev.cut || !unitLine(prev.toks)) return start;
  return (prev.toks[0] as Tok).s;
}

/**
 * "1051 Budapest, Nádor u. 9.": Hungary (and some forms elsewhere) write the postcode and town
 * before the street. Index of the postcode, or `from` when the street is not preceded by one.
 */
function townFirst(toks: Tok[], from: number): number {
  const town = toks[from - 1];
  if (town?.brk !== ',' || !town.cap) return from;
  let j = from - 1;
  while (j > 0 && from - j < 3 && (toks[j - 1] as Tok).cap && !(toks[j - 1] as Tok).brk) j--;
  const code = toks[j - 1];
  if (!code || code.brk || code.kind !== 'num' || !(feat(code) & CODE)) return from;
  const intro = toks[j - 2];
  // "Hauptstraße 5, 10115 Berlin, Marienplatz 8", "5 Rue de Rivoli, 75001 Paris, Avenue Foch 8":
  // a postcode and town after a street and a comma end the address before; the street after them
  // opens the next one of a list.
  if (intro && intro.brk.trim() === ',' && streetRunBefore(toks, j - 2)) return from;
  return !intro || intro.brk || isStop(intro) ? j - 1 : from;
}

/** A number among toks[i] and the words run up to it with no separator ("5 Rue de Rivoli,"). */
function streetRunBefore(toks: Tok[], i: number): boolean {
  for (let j = i; j >= 0 && i - j < 6; j--) {
    const t = toks[j] as Tok;
    if (j < i && t.brk) return false;
    if (t.kind === 'num') return true;
  }
  return false;
}
