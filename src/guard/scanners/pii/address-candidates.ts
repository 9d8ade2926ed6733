import { BOX_LAST_WORDS } from './address-box.ts';
import {
  FOREIGN_SUFFIX,
  HOUSE_MARKS,
  NUMBER_SUFFIX,
  NUMBERED_NOUNS,
  QUANTITY_WORDS,
  STOP_WORDS,
  STREET_PREFIX,
  UNIT_WORDS,
} from './address-lexicon.ts';
import type { LineRest } from './address-tail.ts';
import {
  gluedComma,
  isDigitAt,
  isSeparator,
  isUpper,
  isWhite,
  type Lines,
  type Tok,
} from './address-tokens.ts';

/**
 * The cheap first look at each number in the text, so that prose ("order 48213", "$14.99",
 * "in 2 boxes", "10:30") is dismissed with a few character comparisons and only numbers next to a
 * capitalised word or a street word are tokenized and parsed.
 */

const OPENERS = '("\'“‘«[';
const CLOSERS = ',;:?!)"\'”’».،';

/** Whitespace as the tokenizer sees it ("\u3000", "\u2009" too); callers keep to one line. */
const isSpaceAt = (text: string, i: number): boolean => isWhite(text.charCodeAt(i));
function isLowerAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c < 128 ? c >= 97 && c <= 122 : LOWER_START.test(text.slice(i, i + 2));
}
function upperAt(text: string, i: number): boolean {
  while (i < text.length && OPENERS.includes(text[i] as string)) i++;
  return i < text.length && isUpper(text, i);
}
/** Lower case, or a letter of a script without case (Arabic, Hebrew, Devanagari…), which reads as lower. */
const LOWER_START = /^[\p{Ll}\p{Lo}]/u;
const LETTER_AT = /\p{L}/u;
const ORDINAL_AT = /\d{1,4}(?:st|nd|rd|th)\s/iy;
const NUMBER_SUFFIX_AT = /(?:bis|ter|quater),?[ \t]+/iy;

/**
 * A sticky, case-insensitive matcher for whole words of a list at a given offset. The words' first
 * letters are checked before the regex runs: most numbers in prose sit next to words that start
 * with none of them.
 */
function wordMatcher(list: ReadonlySet<string>): (text: string, at: number) => boolean {
  const alternatives = [...list].sort((x, y) => y.length - x.length).map((w) => w.replace(/[.]/g, '\\.'));
  const re = new RegExp(`(?:${alternatives.join('|')})\\.?(?![\\p{L}\\p{N}])`, 'iuy');
  const firsts = new Set([...list].flatMap((w) => [w.charCodeAt(0), w.toUpperCase().charCodeAt(0)]));
  return (text, at) => {
    if (!firsts.has(text.charCodeAt(at))) return false;
    re.lastIndex = at;
    return re.test(text);
  };
}
const numberedNounAt = wordMatcher(NUMBERED_NOUNS);
const quantityAt = wordMatcher(QUANTITY_WORDS);
const prefixAt = wordMatcher(STREET_PREFIX);
const suffixAt = wordMatcher(FOREIGN_SUFFIX);
const markAt = wordMatcher(HOUSE_MARKS);
const unitAt = wordMatcher(UNIT_WORDS);
const numberSuffixAt = wordMatcher(NUMBER_SUFFIX);
const stopAt = wordMatcher(STOP_WORDS);
const boxAt = wordMatcher(BOX_LAST_WORDS);

/** A whole token of its own: not "$14.99", "10:30", "A12", "10%" or "1,234". */
export function standsAlone(text: string, a: number, b: number): boolean {
  // "No:5" (Turkey) is a label and its number; "10:30" is a time.
  const labelled = text[a - 1] === ':' && a >= 2 && LETTER_AT.test(text[a - 2] as string);
  // A field separator stands for a space: "Jane Doe;12 Elm St", "address=12 Elm St".
  const opened =
    isSpaceAt(text, a - 1) ||
    isSeparator(text.charCodeAt(a - 1)) ||
    OPENERS.includes(text[a - 1] as string) ||
    gluedComma(text, a);
  if (a > 0 && !labelled && !opened) return false;
  if (b >= text.length || isSpaceAt(text, b) || isSeparator(text.charCodeAt(b))) return true;
  if (!CLOSERS.includes(text[b] as string)) return false;
  const c = text.charCodeAt(b + 1);
  return !(c >= 48 && c <= 57);
}

/** Start of the word that ends right before pos on the same line (spaces or separators between), or -1. */
function wordBefore(text: string, pos: number, lineStart: number): number {
  let i = pos;
  while (i > lineStart && (isSpaceAt(text, i - 1) || isSeparator(text.charCodeAt(i - 1)))) i--;
  if (i === pos || i === lineStart) return -1;
  let j = i;
  while (j > lineStart && !isSpaceAt(text, j - 1) && !isSeparator(text.charCodeAt(j - 1))) j--;
  return j;
}

/** Letters in the word starting at i (up to 2: only "one" or "more" matters). */
function wordLength(text: string, i: number): number {
  let n = 0;
  while (n < 2 && i + n < text.length && LETTER_AT.test(text[i + n] as string)) n++;
  return n;
}

const lowerNameEnd = (text: string, w: number): boolean =>
  wordLength(text, w) > 1 || (text[w + 1] === '.' && suffixAt(text, w));

/** May a street name end right before the number ("Roheline 43", "Gosposka ulica 47", "P.O. Box 5")? */
function nameBefore(text: string, w1: number, ls: number): boolean {
  // "Jl. Sudirman No. 52", "ul. Tverskaya, d. 7": a house-number mark.
  if (markAt(text, w1)) return true;
  const w2 = wordBefore(text, w1, ls);
  // "Emils Gate 48" (Norway): a genitive name before a type word that also numbers things ("Gate 5").
  if (upperAt(text, w1))
    return (
      !numberedNounAt(text, w1) ||
      (w2 >= 0 && upperAt(text, w2) && suffixAt(text, w1) && text[w1 - 2] === 's')
    );
  // "Trg revolucije 12": a lower-case word after a capitalised one. "Chapter 4", "to 5" are not.
  // "Karl Johans gate 22": a street word that also numbers things.
  if (w2 >= 0 && upperAt(text, w2) && !stopAt(text, w1) && (!numberedNounAt(text, w1) || suffixAt(text, w1)))
    return true;
  return boxAt(text, w1);
}

/**
 * Cheap checks on the words either side of the number at [a, b) on a line [ls, le): may a street
 * name end right before it or start right after it? In all-lower-case text any word may.
 */
export function mayBeStreet(
  text: string,
  a: number,
  b: number,
  ls: number,
  le: number,
  lower: boolean,
): boolean {
  // "No:45" (Turkey): a label glued to its number.
  if (text[a - 1] === ':') return true;
  const w1 = wordBefore(text, a, ls);
  // "Unit 4, Riverside Park, …": a flat number and a comma may open a block without a house number.
  if (w1 >= 0 && text.charCodeAt(b) === 44 && unitAt(text, w1)) return true;
  // In lower-case text a street name's last word before the number is a word of two letters or
  // more ("a;1;a;1" cells, "x 2", "fuck u 2" are not streets), or an abbreviated type word with
  // its full stop (Hungary's "veres pálné u. 91").
  if (w1 >= 0 && ((lower && isLowerAt(text, w1) && lowerNameEnd(text, w1)) || nameBefore(text, w1, ls)))
    return true;
  let i = b;
  // "12, rue de la Paix": a comma after the number only before a street type word.
  const comma = text.charCodeAt(i) === 44;
  if (comma) i++;
  while (i < le && isSpaceAt(text, i)) i++;
  if (i === b || i >= le) return false;
  if (comma) return prefixAt(text, i) || upperAt(text, i);
  // "12 bis rue Victor Hugo".
  if (numberSuffixAt(text, i)) {
    NUMBER_SUFFIX_AT.lastIndex = i;
    if (NUMBER_SUFFIX_AT.test(text)) i = NUMBER_SUFFIX_AT.lastIndex;
  }
  // "5 PM", "3 Kids": a quantity, not a street name. "12 Main Street", "14 rue Aghlab" may be.
  if (upperAt(text, i)) return !quantityAt(text, i);
  // "2914 184th Street".
  if (isDigitAt(text, i)) {
    ORDINAL_AT.lastIndex = i;
    return ORDINAL_AT.test(text);
  }
  if (!isLowerAt(text, i)) return false;
  return (lower || prefixAt(text, i)) && !quantityAt(text, i);
}

const BACK_CHARS = 120;
const AHEAD_CHARS = 200;

/** Index of the token starting at pos, or -1. */
function tokenAt(toks: Tok[], pos: number): number {
  let lo = 0;
  let hi = toks.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = (toks[mid] as Tok).s;
    if (s === pos) return mid;
    if (s < pos) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Tokens of the line around the number at [a, b): enough for a street name, a lead number and a tail. */
export function windowAt(lines: Lines, li: number, a: number, b: number): LineRest & { k: number } {
  const { text } = lines;
  const ls = lines.start(li);
  let from = Math.max(ls, a - BACK_CHARS);
  // Start on a token boundary.
  while (from > ls && from < a && !isSpaceAt(text, from - 1)) from++;
  const { toks, cut } = lines.lineTokens(li, from, b + AHEAD_CHARS);
  return { li, toks, cut, k: tokenAt(toks, a) };
}
