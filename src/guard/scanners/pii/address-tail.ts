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
import { isRegionName } from './address-regions.ts';
import type { Lines, Tok } from './address-tokens.ts';
import { unitLength } from './address-units.ts';
import { foldName, givenNameKind, isEnglishWord } from './names-lexicon.ts';

/**
 * What follows a street line: unit, town, state or region, country and postcode, in that order,
 * each optional, separated by spaces, commas or line breaks ("Apt. 5, Lyon, France 69001",
 * "\n Suite 242\n Qeqertarsuaq\n\n Greece 79976", "Budel-Dorplein\n, NB\n 11933"). The parser reads
 * one segment (tokens up to a comma, a line end or sentence punctuation) at a time and stops at
 * the first that is not an address part, so a block never runs into the sentence that follows.
 */

/** Address parts as bit flags. */
export const UNIT = 1;
export const TOWN = 2;
export const STATE = 4;
export const COUNTRY = 8;
export const POSTCODE = 16;

export interface Tail {
  /** Offset just after the last address part, or -1 when nothing followed the street. */
  end: number;
  /** The parts found, as a bit set. */
  parts: number;
}

/** The street line's tokens (a window of it); `cut` when the line goes on past them. */
export interface LineRest {
  li: number;
  toks: Tok[];
  cut: boolean;
}

const ORDER: Record<number, number> = { [UNIT]: 0, [TOWN]: 1, [STATE]: 2, [COUNTRY]: 3, [POSTCODE]: 3 };
const PART_BITS = [UNIT, TOWN, STATE, COUNTRY, POSTCODE] as const;
// A field separator ends the address as a full stop does: "| 12 Elm St, Springfield | 555-0100 |".
const SENTENCE_END = /[.?!;:|={}<>"`]/;
const MAX_SEGMENT = 12;

/** Tokens toks[from, end) of one segment. */
interface Seg {
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
function postcodeAt(seg: Seg, i: number): number {
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
function boundary(seg: Seg, i: number, lower: boolean): boolean {
  if (i >= seg.end || postcodeAt(seg, i) > 0 || yearish(seg, i)) return true;
  const t = seg.toks[i] as Tok;
  // "…, Denmark 2/19/1956 19:00": a date or a time starts something else.
  return isStop(t) || (!lower && !t.cap && t.kind === 'word') || DATE_OR_TIME.test(t.w);
}
const DATE_OR_TIME = /^(?:\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}|\d{1,2}:\d\d(?::\d\d)?)$/;

/** "CA", "NSW", and in lower-case text "tv", but not "is" or "to". */
const isStateCode = (t: Tok, lower: boolean): boolean =>
  (feat(t) & (lower ? REGION | LOWER2 : REGION)) !== 0 && !isStop(t);

/**
 * Longest country name starting at i that ends at a boundary. In mixed-case text a country typed
 * in lower case counts when it is no English word ("…, dominican republic", "…, norway"; not
 * "turkey", "china", "jersey").
 */
function countryAt(seg: Seg, i: number, lower: boolean): number {
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

function townWord(t: Tok, first: boolean, lower: boolean): boolean {
  if (t.kind === 'num') return !first && t.w.length <= 3;
  if (t.kind !== 'word' || isUnit(t)) return false;
  if (!first && feat(t) & PARTICLE) return true;
  // "14th Cross", "5th Block": an ordinal opens many place names in India.
  if (/^\d/.test(t.w)) return true;
  if (isStop(t)) return false;
  return lower || t.cap;
}

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
function townLength(seg: Seg, i: number, lower: boolean): number {
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
const proseAt = (t: Tok): boolean => isStop(t) || (!t.cap && t.kind === 'word');

/**
 * Town words that can only be a place: capitalised, none a given name or an English word
 * ("Barzheim", "SANKT LORENZEN"; not "Tom", "Sunday"). Such a town is kept before prose
 * ("…Wiesenstrasse 31, Barzheim is where I live"), where a name would be dropped ("…, Tom and I").
 */
function placeName(toks: readonly Tok[], from: number, to: number): boolean {
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
function placeRun(toks: readonly Tok[], from: number, to: number, afterCode: boolean): number {
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

interface Parsed {
  parts: number;
  first: number;
  /** Tokens consumed, counting only up to the last part kept. */
  used: number;
}

/**
 * Parses the segment toks[from, seg.end) into parts; a town must end its segment or be followed by
 * another part. `open`: the segment was cut short, so its end is not a boundary. `seen`: the parts
 * of the segments before it.
 */
function parseSegment(seg: Seg, from: number, lower: boolean, open: boolean, seen: number): Parsed {
  const { toks } = seg;
  let parts = 0;
  let i = from;
  for (let n = unitLength(toks, i, seg.end); n > 0 && i - from < 6; n = unitLength(toks, i, seg.end)) {
    parts |= UNIT;
    i += n;
  }
  const pc = postcodeAt(seg, i) || (yearish(seg, i) ? 1 : 0);
  const afterCode = toks[i + pc];
  if (pc > 0 && afterCode && i + pc < seg.end && townWord(afterCode, true, lower)) {
    parts |= POSTCODE;
    i += pc;
  }
  let first = parts & UNIT || parts;
  let kept = i;
  const town = townLength(seg, i, lower);
  if (town > 0) {
    parts |= TOWN;
    first ||= TOWN;
    i += town;
  }
  const s = toks[i];
  let more = 0;
  if (s && i < seg.end && countryAt(seg, i, lower) === 0) {
    // "Dublin 4": a district number alone in its segment; "2." opening a line numbers a list.
    // "(03) 5327 5996" on the next line is an area code.
    const district = i === from && seg.end - from === 1 && !s.dot && !s.brk.includes(')');
    if (isStateCode(s, lower) || (district && /^\d{1,2}$/.test(s.w))) {
      parts |= STATE;
      i += 1;
      more = STATE;
    }
  }
  const c = countryAt(seg, i, lower);
  if (c > 0) {
    parts |= COUNTRY;
    i += c;
    more ||= COUNTRY;
  }
  // "NSW 2000": after a region, four digits that look like a year are its postcode.
  const p = postcodeAt(seg, i) || (more === STATE && yearish(seg, i) ? 1 : 0);
  if (p > 0) {
    parts |= POSTCODE;
    i += p;
    more ||= POSTCODE;
  }
  first ||= more;
  if (more || (i === seg.end && !open)) kept = i;
  else if (town > 0) {
    // The segment ends in a town followed by something else. "Apt. 5 Lyon in case of …",
    // "10115 Berlin since 2019" and "…, Suite 1200, Toronto last week" keep the town after a unit
    // or a postcode; a lone town after the street, before prose, is dropped ("…, Tom and I").
    // "…, Guildford, Surrey until Friday": a region's name ends where prose starts.
    if (i < seg.end && boundary(seg, i, lower) && regionAt(toks, i - town, i)) kept = i;
    else if (lower) {
      // In lower-case text prose reads like a town ("…, järvenpää inside your…", "53218 forty
      // minutes ago"): the words that can only be a place are kept, up to the first that cannot.
      const run = placeRun(toks, i - town, i, (parts & POSTCODE) !== 0);
      if (run > 0) kept = i - town + run;
      else parts &= ~TOWN;
    } else if ((parts | seen) & (UNIT | POSTCODE) && i < seg.end && boundary(seg, i, lower)) kept = i;
    else if (i < seg.end && proseAt(toks[i] as Tok) && placeName(toks, i - town, i)) kept = i;
    else parts &= ~TOWN;
  }
  return { parts, first, used: kept - from };
}

/** Four digits shaped like a year ("2000 Antwerpen", "NSW 2000"), which only context makes a postcode. */
function yearish(seg: Seg, i: number): boolean {
  const t = seg.toks[i];
  return t !== undefined && i < seg.end && (feat(t) & YEARISH) !== 0;
}

type Sep = 'space' | 'comma' | 'newline' | 'blank';

/** A comma or a dash between parts ("São Paulo - SP, 01310-200"); otherwise only spaces. */
const sepAfter = (brk: string): Sep => (/[,،\-–—]/.test(brk) ? 'comma' : 'space');

/**
 * Parts come in address order, once each, with two exceptions that national formats need: up to
 * three towns (district, suburb, city: "Tsim Sha Tsui, Kowloon", "Bela Vista, São Paulo - SP") and,
 * after a postcode on the same line, a town, region or country ("Santiago de Surco 15023, Lima",
 * "CP 06700, Ciudad de México"). A further town is only a "maybe" (see parseTail). The same line may
 * only continue with a unit or a code; after a blank line only a country or postcode follows.
 */
function fits(got: Parsed, seen: number, towns: number, sep: Sep): 'no' | 'yes' | 'maybe' {
  const again = got.parts & seen;
  // "bl. A3, sc. 2, ap. 15" (block, staircase, flat): units may fill several segments before the town.
  const moreUnits = got.parts === UNIT && seen === UNIT;
  if ((again & ~TOWN && !moreUnits) || (again & TOWN && towns >= 4)) return 'no';
  if (seen & COUNTRY && got.parts & ~POSTCODE) return 'no';
  if (seen & POSTCODE) {
    if (got.parts & UNIT || (got.parts & (TOWN | STATE) && sep !== 'comma')) return 'no';
  } else {
    let top = -1;
    for (const bit of PART_BITS) if (seen & bit) top = Math.max(top, ORDER[bit] as number);
    if ((ORDER[got.first] as number) < top) return 'no';
  }
  if (sep === 'space' && !(got.first & (UNIT | POSTCODE | COUNTRY)) && !(got.parts & (POSTCODE | COUNTRY)))
    return 'no';
  if (sep === 'blank' && got.parts & ~(COUNTRY | POSTCODE)) return 'no';
  const further = got.parts & TOWN && seen & (TOWN | POSTCODE) && !(got.parts & (STATE | COUNTRY | POSTCODE));
  return further ? 'maybe' : 'yes';
}

/**
 * "Brīvības iela 74 - 12, Rīga": Latvia writes the flat after the house number and a dash. The
 * flat is a short number standing alone in its part, right after a street that ends in its number.
 */
function flatAfterDash(toks: readonly Tok[], ti: number, brk: string): Tok | undefined {
  const t = toks[ti];
  if (!t || toks[ti - 1]?.kind !== 'num' || !/^\s*[-–]\s*$/.test(brk)) return undefined;
  if (t.kind !== 'num' || !/^\d{1,4}[A-Za-z]?$/.test(t.w)) return undefined;
  return t.brk !== '' || ti === toks.length - 1 ? t : undefined;
}

/**
 * Reads parts after the street that ends at token `ti - 1` of `rest`; `brk` is the street's last
 * punctuation. A further town is kept when a region, postcode or country confirms it later, or when
 * it closes its line or sentence after a comma ("…, Victoria Island, Lagos."); a name on the next
 * line ("…\nSpringfield\nJohn Smith") is not.
 */
export function parseTail(lines: Lines, rest: LineRest, ti: number, brk: string, lower: boolean): Tail {
  let seen = 0;
  let towns = 0;
  let kept = 0;
  let end = -1;
  let sep: Sep = sepAfter(brk);
  if (SENTENCE_END.test(brk)) return { end, parts: kept };
  let { li, toks, cut } = rest;
  const flat = flatAfterDash(toks, ti, brk);
  if (flat) {
    seen = kept = UNIT;
    end = flat.e;
    if (SENTENCE_END.test(flat.brk)) return { end, parts: kept };
    sep = sepAfter(flat.brk);
    ti++;
  }
  for (let segment = 0; segment < 8; segment++) {
    if (ti >= toks.length) {
      if (cut || li + 1 >= lines.count) break;
      li++;
      sep = 'newline';
      let next = lines.head(li);
      if (next.toks.length === 0 && li + 1 < lines.count) {
        li++;
        sep = 'blank';
        next = lines.head(li);
      }
      ({ toks, cut } = next);
      ti = 0;
      if (toks.length === 0) break;
    }
    let stop = ti;
    while (stop < toks.length - 1 && stop - ti < MAX_SEGMENT && !(toks[stop] as Tok).brk) stop++;
    const open = !(toks[stop] as Tok).brk && (stop - ti >= MAX_SEGMENT || (stop === toks.length - 1 && cut));
    const got = parseSegment({ toks, end: stop + 1 }, ti, lower, open, seen);
    const fit = got.used === 0 ? 'no' : fits(got, seen, towns, sep);
    if (fit === 'no') break;
    seen |= got.parts;
    if (got.parts & TOWN) towns++;
    const last = toks[ti + got.used - 1] as Tok;
    const closes = SENTENCE_END.test(last.brk) || (ti + got.used === toks.length && !cut);
    if (fit === 'yes' || (sep === 'comma' && (closes || regionAt(toks, ti, ti + got.used)))) {
      end = last.e;
      kept = seen;
    }
    if (ti + got.used <= stop || open || SENTENCE_END.test(last.brk)) break;
    sep = sepAfter(last.brk);
    ti += got.used;
  }
  return { end, parts: kept };
}

/** toks[from, to) spell a region's name ("Surrey", "New South Wales", "Co. Cork"). */
function regionAt(toks: readonly Tok[], from: number, to: number): boolean {
  if (to - from > 4) return false;
  let name = '';
  for (let j = from; j < to; j++) name += (j > from ? ' ' : '') + (toks[j] as Tok).lw;
  return isRegionName(name);
}

/** Evidence points of the parts: a unit or a country says more than a town. */
export function tailPoints(parts: number): number {
  return (
    (parts & UNIT ? 2 : 0) +
    (parts & TOWN ? 1 : 0) +
    (parts & STATE ? 1 : 0) +
    (parts & COUNTRY ? 2 : 0) +
    (parts & POSTCODE ? 1 : 0)
  );
}

/** How many kinds of part were found. */
export function partCount(parts: number): number {
  let n = 0;
  for (let p = parts; p; p &= p - 1) n++;
  return n;
}
