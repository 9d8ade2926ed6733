import { COUNTRY_FIRST_WORDS } from './address-countries.ts';
import { PARTICLES, STOP_WORDS, UNIT_WORDS } from './address-lexicon.ts';
import type { Tok } from './address-tokens.ts';

/**
 * Per-token facts the street and tail parsers ask about again and again (is it a function word, a
 * unit word, a postcode shape?), computed once per token on first use and kept as bit flags, so a
 * long run of candidate numbers costs lookups rather than repeated regexes.
 */

const STOP = 1;
const UNIT_WORD = 2;
export const PARTICLE = 4;
export const COUNTRY_START = 8;
/** "NSW", "CA", "nan": a region code. */
export const REGION = 16;
/** A postcode on its own: "10115", "00-950", "1000-001", "100-0001", "2000" (not a year). */
export const CODE = 32;
const D2 = 64;
const D3 = 128;
const D4 = 256;
const UPPER2 = 512;
const UK_OUT = 1024;
const UK_IN = 2048;
const CA_FIRST = 4096;
const CA_SECOND = 8192;
/** Two lower-case letters: a region code in all-lower-case text ("tv"). */
export const LOWER2 = 16384;
/** Four digits that could be a year ("2000"): a postcode only where a town or region vouches for it. */
export const YEARISH = 32768;
const EIR_FIRST = 65536;
const EIR_SECOND = 131072;

// "10115", "94043-1234", "01310-200" (Brazil), "00-950", "1000-001", "100-0001", "560001", "6688119" (Israel).
const ONE_TOKEN_CODE = /^(?:\d{5}(?:-\d{3,4})?|\d{2}-\d{3}|\d{4}-\d{3}|\d{3}-\d{4}|\d{6,7})$/;
// With a country prefix ("D-10117", "CH-8001", "LV-1010", "LT-01103"; the Baltic ones also without
// the hyphen, "LV1010") or Argentina's CPA ("C1043AAZ").
const LETTERED_CODE = /^(?:[A-Z]{1,2}-\d{4,5}|LV\d{4}|LT\d{5}|[A-Z]\d{4}[A-Z]{3})$/;
// Eircode: a routing key ("D02", "F56", "D6W") and a unique identifier ("T292", "KD22").
const EIRCODE_KEY = /^(?:[AC-FHKNPRTV-Y]\d\d|D6W)$/;
const EIRCODE_ID = /^[\dAC-FHKNPRTV-Y]{4}$/;

/**
 * A UK ("SA31 1JT"), Canadian ("K1A 0B1") or Irish ("V92 XH36") postcode as a regex source, its
 * two halves joined by `gap` (" " or " ?"): the one spelling the finders that look for these codes
 * in running text share (twoTokenCode checks the same shapes on tokens).
 */
export function letteredCodeSource(gap: string): string {
  return String.raw`(?:[A-Z]{1,2}\d[A-Z\d]?${gap}\d[A-Z]{2}|[A-Z]\d[A-Z]${gap}\d[A-Z]\d|[AC-FHKNPRTV-Y]\d[\dW]${gap}[AC-FHKNPRTV-Y\d]{4})`;
}

const isDigitCode = (c: number): boolean => c >= 48 && c <= 57;
const isUpperCode = (c: number): boolean => c >= 65 && c <= 90;

function allUpperAscii(w: string): boolean {
  for (let i = 0; i < w.length; i++) if (!isUpperCode(w.charCodeAt(i))) return false;
  return true;
}

/** Shapes of tokens that start with a digit: postcodes and their halves. */
function digitShapes(w: string): number {
  let f = ONE_TOKEN_CODE.test(w) ? CODE : 0;
  if (/^\d+$/.test(w)) {
    if (w.length === 2) f |= D2;
    if (w.length === 3) f |= D3;
    if (w.length === 4) f |= D4 | (/^(?:19|20)\d\d$/.test(w) ? YEARISH : CODE);
  } else if (w.length === 3) {
    // Not a size: "M4 1TB", "M2 8GB" read like a UK postcode.
    if (/^\d[A-Z]{2}$/.test(w) && !/^\d[GTMKP]B$/.test(w)) f |= UK_IN;
    if (/^\d[A-Z]\d$/.test(w)) f |= CA_SECOND;
  }
  if (w.length === 4 && EIRCODE_ID.test(w)) f |= EIR_SECOND;
  return f;
}

/** Shapes of short tokens that start with a capital: region codes and postcode halves. */
function upperShapes(w: string): number {
  if (w.length > 4) return LETTERED_CODE.test(w) ? CODE : 0;
  let f = 0;
  if (w.length <= 3 && allUpperAscii(w)) f |= w.length === 2 ? REGION | UPPER2 : w.length === 3 ? REGION : 0;
  // "D.C.", "D.F.": a region written with stops.
  else if (/^[A-Z]\.[A-Z]\.?$/.test(w)) f |= REGION;
  if (isDigitCode(w.charCodeAt(1)) || isDigitCode(w.charCodeAt(2))) {
    if (/^[A-Z]{1,2}\d[A-Z\d]?$/.test(w)) f |= UK_OUT;
    if (/^[A-Z]\d[A-Z]$/.test(w)) f |= CA_FIRST;
    if (EIRCODE_KEY.test(w)) f |= EIR_FIRST;
  }
  if (w.length === 4 && EIRCODE_ID.test(w)) f |= EIR_SECOND;
  return f;
}

/** "rg1 3aa", "k1a 0b1": postcode halves written in lower case, shaped as if upper case. */
function lowerCodeShapes(w: string): number {
  if (w.length > 4 || !/\d/.test(w)) return 0;
  const up = w.toUpperCase();
  return isDigitCode(up.charCodeAt(0))
    ? digitShapes(up) & (UK_IN | CA_SECOND)
    : upperShapes(up) & (UK_OUT | CA_FIRST);
}

function compute(t: Tok): number {
  const { w, lw } = t;
  let f = 0;
  if (STOP_WORDS.has(lw) && w !== w.toUpperCase()) f |= STOP;
  if (UNIT_WORDS.has(lw)) f |= UNIT_WORD;
  if (PARTICLES.has(lw)) f |= PARTICLE;
  if (COUNTRY_FIRST_WORDS.has(lw)) f |= COUNTRY_START;
  const c = w.charCodeAt(0);
  if (isDigitCode(c)) f |= digitShapes(w) | (w !== lw ? 0 : lowerCodeShapes(w));
  else if (isUpperCode(c)) f |= upperShapes(w);
  else if (w === 'nan') f |= REGION;
  else if (w.length === 2 && /^[a-z]{2}$/.test(w)) f |= LOWER2;
  else f |= lowerCodeShapes(w);
  return f;
}

export function feat(t: Tok): number {
  if (t.f < 0) t.f = compute(t);
  return t.f;
}

/** A function word in its ordinary case ("the", "The"; not "THE" in an all-caps town). */
export const isStop = (t: Tok): boolean => (feat(t) & STOP) !== 0;
export const isUnit = (t: Tok): boolean => (feat(t) & UNIT_WORD) !== 0;

/** A two-token postcode: "123 45", "560 001" (India), "1011 AB", "SW1A 1AA", "K1A 0B1". */
export function twoTokenCode(a: Tok, b: Tok): boolean {
  const fa = feat(a);
  const fb = feat(b);
  return (
    (fa & D3 && fb & (D2 | D3)) !== 0 ||
    (fa & D4 && fb & UPPER2) !== 0 ||
    // "9870 zc": a Dutch postcode typed in lower case, not "2931 we".
    ((fa & D4) !== 0 && (fa & YEARISH) === 0 && (fb & LOWER2) !== 0 && (fb & STOP) === 0) ||
    (fa & UK_OUT && fb & UK_IN) !== 0 ||
    (fa & CA_FIRST && fb & CA_SECOND) !== 0 ||
    (fa & EIR_FIRST && fb & EIR_SECOND) !== 0
  );
}
