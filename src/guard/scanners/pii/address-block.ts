import { ADDRESS_WORD, contextBefore } from './address-context.ts';
import { isUnit, letteredCodeSource } from './address-features.ts';
import { headOf } from './address-head.ts';
import { leadNumber, type StreetCore } from './address-street.ts';
import { englishRun } from './address-street-forms.ts';
import {
  COUNTRY,
  type LineRest,
  POSTCODE,
  parseTail,
  partCount,
  TOWN,
  tailPoints,
  UNIT,
} from './address-tail.ts';
import type { Lines, Tok } from './address-tokens.ts';
import { floorAt } from './address-units.ts';

/**
 * A street core (address-street.ts, address-street-first.ts) scored into an address block: the
 * flat or corner before it (address-head.ts), the unit, town, region, country and postcode after
 * it (address-tail.ts), and the phrase before it ("my address is") as evidence. Split from
 * detect-address.ts, which finds the cores and merges the blocks.
 */

export interface Found {
  start: number;
  end: number;
  score: number;
  /** A last line (country and postcode) that joins the block ending up to two lines above. */
  closesBlock?: boolean;
  /** Dropped unless it joins a block (closesBlock without context of its own). */
  orphan?: boolean;
}

/** 0.85 at the acceptance threshold: an address outranks a given name it overlaps ("Dirk de Derdelaan 149"). */
function score(points: number): number {
  return points >= 6 ? 0.95 : points >= 4 ? 0.9 : 0.85;
}

interface Evidence {
  points: number;
  /** Distinct kinds of sign besides the street itself (flat number, unit, town, country…). */
  kinds: number;
  /** A sign right next to the street: flat number, intersection, context, unit or postcode. */
  near: boolean;
  lead: boolean;
  unit: boolean;
  /** The text says an address follows ("my address is"). */
  announced: boolean;
  /** The tail's parts (address-tail.ts bit flags). */
  parts: number;
  /** The tail has a town and a postcode with letters in it (UK, Canada, Netherlands, Ireland). */
  letteredCode: boolean;
}

// A lettered postcode (address-features.ts) ending the tail, and one somewhere ahead.
const LETTERED_CODE_LAST = new RegExp(`${letteredCodeSource(' ?')}$`, 'i');
const LETTERED_CODE_AHEAD = new RegExp(String.raw`${letteredCodeSource(' ?')}\b`, 'i');

/** The tail ends in a lettered postcode and has no other number ("…, Coolsingel 40, 3011 AD" does). */
function letteredCodeLast(tail: string): boolean {
  const m = LETTERED_CODE_LAST.exec(tail.trimEnd());
  return m !== null && !/\d/.test(tail.slice(0, m.index));
}

function accepted(core: StreetCore, e: Evidence): boolean {
  if (e.points < 3) return false;
  // "Flat 12, MG Road, Bengaluru 560001": a flat, then places, then a postcode or country.
  if (core.shape === 'unit') return (e.parts & TOWN) !== 0 && (e.parts & (POSTCODE | COUNTRY)) !== 0;
  if (core.strength >= 3) return true;
  // "Box 7842, 103 98 Stockholm", "BP 123, 75008 Paris": a weak box word needs a code or country.
  if (core.shape === 'box') return (e.parts & (POSTCODE | COUNTRY)) !== 0 || e.unit;
  // A street without a type word needs two signs, one of them close to it. A town and country
  // alone follow titles too ("Top 5 Restaurants, Paris, France").
  if (e.kinds < 2 || !e.near) return false;
  // "12 Noon", "5 Stars": capitalised words after a number need a flat number or a unit line.
  return (
    core.strength >= 2 || core.shape !== 'numberFirst' || e.lead || e.unit || e.announced || e.letteredCode
  );
}

/**
 * The token after the street is a unit word or a floor ("706 Archibald du Dahomey 7 étage"), on the
 * same line or at the start of the next.
 */
function unitFollows(lines: Lines, rest: LineRest, to: number): boolean {
  const same = to + 1 < rest.toks.length;
  if (!same && rest.cut) return false;
  const toks = same ? rest.toks : lines.head(rest.li + 1).toks;
  const at = same ? to + 1 : 0;
  const next = toks[at];
  return next !== undefined && (isUnit(next) || floorAt(toks, at));
}

export function blockFromCore(
  lines: Lines,
  rest: LineRest,
  core: StreetCore,
  lower: boolean,
): Found | undefined {
  const { toks } = rest;
  const lead = leadNumber(toks, core.from);
  const head = headOf(lines, rest, core.from - (lead ? 1 : 0), lower);
  const last = toks[core.to] as Tok;
  const end = last.e + (core.keepDot ? 1 : 0);
  // accepted()'s last rule: "12 Noon" with no flat number, no unit, no "my address is" before it
  // and no town and lettered postcode after it ("17 Heol y Frenhines, Carmarthen SA31 1JT" is a
  // street; "Top 5 Restaurants, Paris 75008" is a title). Decided before the tail is parsed where
  // no such code follows in the next 100 characters: most numbers in prose end here.
  const weak =
    core.strength < 2 &&
    core.shape === 'numberFirst' &&
    !lead &&
    !head.dwelling &&
    !unitFollows(lines, rest, core.to) &&
    !ADDRESS_WORD.test(lines.text.slice(Math.max(0, head.start - 60), head.start));
  if (weak && !LETTERED_CODE_AHEAD.test(lines.text.slice(end, end + 100))) return undefined;
  const tail = parseTail(lines, rest, core.to + 1, core.keepDot ? last.brk.slice(1) : last.brk, lower);
  const townAndCode =
    (tail.parts & TOWN) !== 0 &&
    (tail.parts & POSTCODE) !== 0 &&
    letteredCodeLast(lines.text.slice(end, tail.end));
  if (weak && !townAndCode) return undefined;
  const unit = (tail.parts & UNIT) !== 0 || head.dwelling;
  // A flat before the street weighs what a unit after it does (two points, one kind).
  const flatBefore = head.dwelling && !(tail.parts & UNIT);
  const signs = (lead ? 1 : 0) + (head.crossing ? 1 : 0) + (flatBefore ? 1 : 0);
  const e: Evidence = {
    points: core.strength + tailPoints(tail.parts) + signs + (flatBefore ? 1 : 0),
    kinds: partCount(tail.parts) + signs,
    near: lead || unit || head.crossing || (tail.parts & POSTCODE) !== 0,
    lead,
    unit,
    announced: false,
    parts: tail.parts,
    letteredCode: townAndCode,
  };
  // The context phrase (a regex over 60 characters) is looked for only when it can decide. After
  // "address" it counts as two signs: "My address is Roheline 43".
  // A street with no type word takes only English phrases ("abito in centro 2" is a district).
  let context = accepted(core, e) ? 0 : contextBefore(lines.text, head.start, core.strength < 2);
  // "Ship to: Warehouse 12", "Address: Store 1482": a label before English words and a number
  // names a place in a company, not a street; it counts as a weaker phrase there.
  if (
    context === 2 &&
    core.shape === 'numberLast' &&
    core.strength < 2 &&
    englishRun(toks, core.from, core.to)
  )
    context = 1;
  if (context > 0) {
    e.points += context === 2 ? 3 : 2;
    e.kinds += context;
    e.near = true;
    e.announced = context === 2;
  }
  if (!accepted(core, e)) return undefined;
  return { start: head.start, end: Math.max(end, tail.end), score: score(e.points) };
}
