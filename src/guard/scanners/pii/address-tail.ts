import { flatAfterDash, staircaseLine } from './address-flat-after.ts';
import { isRegionName } from './address-regions.ts';
import {
  boundary,
  countryAt,
  isStateCode,
  placeName,
  placeRun,
  postcodeAt,
  proseAt,
  type Seg,
  townLength,
  townWord,
  yearish,
} from './address-tail-parts.ts';
import type { Lines, Tok } from './address-tokens.ts';
import { unitLength } from './address-units.ts';

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
  const afterNumber = toks[ti - 1]?.kind === 'num';
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
      // A staircase letter is seen but not kept: a later part keeps it with itself.
      if (li === rest.li + 1 && seen === 0 && afterNumber && staircaseLine(toks, cut, lower)) {
        seen = UNIT;
        ti = toks.length;
        continue;
      }
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
    // In lower-case text a further "town" closing the sentence is as often prose ("…, fairhope al
    // 36532, come visit whenever"): only words that can only be a place count.
    const closesAsPlace = closes && (!lower || placeRun(toks, ti, ti + got.used, false) === got.used);
    if (fit === 'yes' || (sep === 'comma' && (closesAsPlace || regionAt(toks, ti, ti + got.used)))) {
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
