import { findBareStreets } from './address-bare-street.ts';
import { blockFromCore, type Found } from './address-block.ts';
import { mayBeStreet, standsAlone, windowAt } from './address-candidates.ts';
import { findCjkAddresses } from './address-cjk.ts';
import { contextBefore, DWELLING_BEFORE } from './address-context.ts';
import { findCorners } from './address-corner.ts';
import { findCuedParts } from './address-cued.ts';
import { isFamousStreet } from './address-famous.ts';
import { letteredCodeSource } from './address-features.ts';
import { findGridAddresses } from './address-grid.ts';
import { findLabelledAddresses } from './address-labelled.ts';
import { leadIn } from './address-lead-in.ts';
import { findNamedStreets } from './address-named-street.ts';
import { findOrdinalStreets } from './address-ordinal-street.ts';
import { houseSuffix, numberLast, type StreetCore, unitCore } from './address-street.ts';
import { foreignTypeWord, numberFirst } from './address-street-first.ts';
import { englishRun } from './address-street-forms.ts';
import { streetBeforeCode, streetBeforeLetteredCode } from './address-streetless.ts';
import { parseTail } from './address-tail.ts';
import { isDigitAt, Lines, type Tok } from './address-tokens.ts';
import { findHouseNumbers, findUnitsAlone } from './address-unit-alone.ts';
import { findUntypedStreets } from './address-untyped-street.ts';
import { foldName, isEnglishWord } from './names-lexicon.ts';
import type { PiiSpan } from './types.ts';

/**
 * Postal addresses in many countries' formats, as one span per address block: the street line
 * (house number before or after the name, P.O. boxes), then whatever unit, town, region, country
 * and postcode follow it on the same line or the next ones ("Via Giberti 75\n Suite 329\n Forno
 * Canavese\n Honduras 79524"). US military addresses ("PSC 7004, Box 8380\nAPO AP 11949") and
 * intersections ("the corner of Auenweg 85 and Kesä Street") too.
 *
 * The block also takes in what national formats put before the street: flats and suites ("Apt 4B,
 * 12 Elm Street", "Flat 3\n27 Wellington Road"), a postcode and town (Hungary's "1051 Budapest,
 * Nádor u. 9."). Blocks without a house number are found from a flat ("Flat 12, MG Road, Bengaluru
 * 560001") or back from a numeric postcode ("King Fahd Road, Al Olaya, Riyadh 12214").
 * detect-address-world.test.ts holds probes written from national conventions, and look-alikes.
 *
 * A street line is scored by evidence (address-block.ts): a street type word in any of the known languages
 * (address-lexicon.ts) is enough on its own; a capitalised name next to a number ("Roheline 43")
 * needs two more signs: a flat number before it, a unit, town, country or postcode after it, or a
 * phrase such as "my address is" before it. Ordinary numbers with words ("Chapter 12 Section 4",
 * "3 apples and 2 pears") have none of these. Everything is token walks over single lines, linear
 * in the input.
 */

const DIGIT = /\d/;
const MILITARY =
  /\b(?:(?:PSC|CMR|Unit)\s+\d{1,5},?\s+Box\s+\d{1,5}|(?:USNS|USNV|USS|USCGC)\s+[\p{L}\p{M}][\p{L}\p{M}'’.-]*(?:[ \t]+[\p{L}\p{M}][\p{L}\p{M}'’.-]*)?)[ \t]*,?\s*(?:\?{3}[ \t]*)?[ADF]PO\s+A[AEP]\s+\d{5}\b/giu;
const MILITARY_HINT = /[ADF]PO\s+A[AEP]\s/i;
const CORNER = /\b(?:corner|intersection|junction)\s+of\s|esquina\s+de\s|l['’]angle\s|\bEcke\s|angolo\s/i;

/** A name before the number that can be the first half of one street: typed, or all capitalised. */
function joinable(toks: Tok[], before: StreetCore, lower: boolean): boolean {
  if (before.keepDot || before.strength < 1) return false;
  if (before.strength >= 3 || lower) return true;
  // "Visit 12 Main Street", "Call 9010 Reva Harbor": one English word opening the sentence is a verb.
  const first = toks[before.from] as Tok;
  const opens = before.from === 0 || /[.!?:;\n]/.test((toks[before.from - 1] as Tok).brk);
  if (before.to - before.from === 1 && opens && isEnglishWord(foldName(first.lw))) return false;
  for (let j = before.from; j < before.to; j++) if (!(toks[j] as Tok).cap) return false;
  return true;
}

/**
 * Street lines around the number at k. A name on both sides of one number is one street when the
 * right side has a type word: "Carry van Bruggenweg 77 Halkoaho Street", "Λουτράκι 206 Vida Street".
 */
function streetCores(toks: Tok[], k: number, lower: boolean): StreetCore[] {
  const before = numberLast(toks, k, lower);
  if (before && before.shape === 'numberLast' && !before.keepDot)
    before.to = houseSuffix(toks, before.to, lower);
  const after = numberFirst(toks, k, lower);
  if (!before && !after) {
    const other = unitCore(toks, k) ?? streetBeforeCode(toks, k);
    return other ? [other] : [];
  }
  if (before && after && after.strength >= 2 && joinable(toks, before, lower)) {
    const strength = Math.max(before.strength, after.strength);
    return [{ shape: 'numberLast', from: before.from, to: after.to, strength, keepDot: false }];
  }
  if (before && after) return [before, after];
  return before ? [before] : after ? [after] : [];
}

// A house number: up to five digits and an optional letter ("12a"), or a range, flat or door
// ("12-14", "1/3", "22/B", "120/3/12", Japan's "1-2-3"), not inside a longer number. Or Spain's
// "s/n" (sin número), written where a house number would be: "Camino Jacobo s/n. 2º B". Or a
// P.O. box of six digits ("P.O. Box 540087").
const SIN_NUMERO_SOURCE = String.raw`(?<![\p{L}\p{N}/])[sS]\/[nN](?![\p{L}\p{N}/])`;
const NUMBER = new RegExp(
  String.raw`(?<!\d)\d{1,5}(?:[A-Za-z](?![\p{L}\p{N}]))?(?:[-/](?:\d{1,4}(?:[A-Za-z](?![\p{L}\p{N}]))?|[A-Za-z](?![\p{L}\p{N}])))?(?:[-/]\d{1,3}(?!\p{L}))?(?!\d)|${SIN_NUMERO_SOURCE}|(?<=\b(?:[Pp]\.?[ \t]?[Oo]\.?|Post[ \t]+Office)[ \t]+[Bb][Oo][Xx][ \t])\d{6}(?!\d)`,
  'gu',
);
const SIN_NUMERO = new RegExp(SIN_NUMERO_SOURCE, 'u');

function findStreets(lines: Lines, found: Found[]): void {
  const { text } = lines;
  NUMBER.lastIndex = 0;
  for (let m = NUMBER.exec(text); m !== null; m = NUMBER.exec(text)) {
    const start = m.index;
    const b = start + m[0].length;
    if (!standsAlone(text, start, b)) continue;
    const li = lines.lineOf(start);
    const ls = lines.start(li);
    const le = lines.end(li);
    // "21 114 rue sidi apt. 789, valverde de valdelacasa" in a capitalised text: an address typed
    // in lower case from a foreign street type on is read as lower-case text.
    const lower = lines.lowerCaseAt(li, start) || lowerTypedStreetAt(text, b);
    if (!mayBeStreet(text, start, b, ls, le, lower)) continue;
    const rest = windowAt(lines, li, start, b);
    if (rest.k < 0) continue;
    // "S/N: 4471" is a serial number: "s/n" needs a street type word before it ("Calle Mayor s/n").
    const typedOnly = !isDigitAt(text, start);
    for (const core of streetCores(rest.toks, rest.k, lower)) {
      if (typedOnly && (core.shape !== 'numberLast' || core.strength < 2)) continue;
      const block = blockFromCore(lines, rest, core, lower);
      if (block) found.push(block);
    }
  }
}

// A UK, Canadian or Irish postcode in its two halves: "TN5 6HP", "K1A 0B1", "V92 XH36".
const LETTERED_CODE_PAIR = new RegExp(
  String.raw`(?<![\p{L}\p{N}])${letteredCodeSource(' ')}(?![\p{L}\p{N}])`,
  'gu',
);

const LETTER_DIGIT = /[A-Z]\d/;
const SIX_DIGITS = /\d{6}/;
// Six digits (India, Singapore, Russia, China), too long for a house number: only a postcode.
const SIX_DIGIT_CODE = /(?<![\p{L}\p{N}.,-])\d{6}(?![\p{L}\p{N}]|[.,-]\d)/gu;

/**
 * Streets with no house number before a postcode the house-number pass does not look at: a
 * lettered one ("Hollow Lane, Wadhurst TN5 6HP") or six digits ("Senapati Bapat Marg, Lower Parel,
 * Mumbai 400013").
 */
function findBeforeLongCodes(text: string, linesOf: () => Lines, found: Found[]): void {
  // Cheap hints first: most texts have neither a capital next to a digit nor six digits in a row.
  const lettered = LETTER_DIGIT.test(text)
    ? [...text.matchAll(LETTERED_CODE_PAIR)].map((m) => ({ m, lettered: true }))
    : [];
  const six = SIX_DIGITS.test(text)
    ? [...text.matchAll(SIX_DIGIT_CODE)].map((m) => ({ m, lettered: false }))
    : [];
  // Lines are built only when there is a code to read back from.
  if (lettered.length === 0 && six.length === 0) return;
  const lines = linesOf();
  for (const { m, lettered: isLettered } of [...lettered, ...six]) {
    const li = lines.lineOf(m.index);
    const rest = windowAt(lines, li, m.index, m.index + m[0].length);
    if (rest.k < 1) continue;
    const core = isLettered
      ? streetBeforeLetteredCode(rest.toks, rest.k)
      : streetBeforeCode(rest.toks, rest.k);
    // Six digits are catalogue and order numbers too ("Thunder Road, Bruce Springsteen, Columbia
    // 104725"): the street must have a name that is no English word ("MG Road", "Senapati Bapat Marg").
    if (core && !isLettered && englishNamed(rest.toks, core.from)) continue;
    const block = core && blockFromCore(lines, rest, core, false);
    if (block) found.push(block);
  }
}

/** The street opening at `from` has only English words before its type word ("Thunder Road,"). */
function englishNamed(toks: Tok[], from: number): boolean {
  // The type word is the last token before the street's comma; the name is what comes before it.
  let type = from;
  while (type < toks.length - 1 && type - from < 5 && !(toks[type] as Tok).brk) type++;
  return type === from || englishRun(toks, from, type);
}

// A house number, then a foreign street type in lower case that is no English type word.
// After the house number (and a second one, "21 114 rue sidi"): a type word, then a lower-case name.
const LOWER_TYPED = /^[ \t]+(?:\d{1,5}[ \t]+)?(\p{Ll}+)\.?[ \t]+\p{Ll}/u;

/**
 * The street after the number at `at` opens with a foreign type word (foreignTypeWord, as in
 * numberFirst) and is typed in lower case up to its first punctuation.
 */
function lowerTypedStreetAt(text: string, at: number): boolean {
  const head = text.slice(at, at + 40);
  const m = LOWER_TYPED.exec(head);
  if (!m || !foreignTypeWord(m[1] as string)) return false;
  const street = head.slice(0, head.search(/[,.;:\n]|$/));
  return street === street.toLowerCase();
}

// "Please return to Eloise and 226 Thomas Avenue", "Go past Merle and P.O. Box 255": a name and
// "and" before a street with a number, after a preposition, a colon or a line start, name the
// corner it is on ("Thanks to Mark and Madison Avenue" keeps Mark out).
const CROSSING =
  /(?:^|[\n:]|\b(?:to|at|on|onto|near|past|outside|from|is)[ \t]+)(\p{Lu}[\p{L}\p{M}'’-]*[ \t]+and[ \t]+)$/u;

function crossingStart(text: string, start: number): number {
  const m = CROSSING.exec(text.slice(Math.max(0, start - 40), start));
  return m ? start - (m[1] as string).length : start;
}

// The rest of a block's line and at most one short line between it and a closing country line:
// "…Apt. 228\nİçel (Mersin)\nLatvia 18440", "…Apt. 421\nΕΛ∆ΥΚ\nLiberia 72550".
const LINES_BETWEEN = /^[^\n.!?;|]{0,40}\n(?:[^\n.!?;:|]{1,40}\n)?[ \t]*$/;

function merge(text: string, found: Found[]): PiiSpan[] {
  for (const f of found) if (DIGIT.test(text.slice(f.start, f.end))) f.start = crossingStart(text, f.start);
  found.sort((a, b) => a.start - b.start);
  const spans: PiiSpan[] = [];
  for (const f of found) {
    const prev = spans.at(-1);
    if (
      prev &&
      (f.start < prev.end || (f.closesBlock && LINES_BETWEEN.test(text.slice(prev.end, f.start))))
    ) {
      prev.end = Math.max(prev.end, f.end);
      prev.score = Math.max(prev.score, f.score);
    } else if (!f.orphan) spans.push({ start: f.start, end: f.end, type: 'ADDRESS', score: f.score });
  }
  return spans;
}

/**
 * A street found by its name, with the town, region, country or postcode after it: "Gordon Street,
 * Arsuk instead of…", "Ivanović Street, Weimar, according to…". The street must end where a token
 * does; its tail is parsed as after a numbered street.
 */
function withTail(lines: Lines, f: Found): Found {
  const li = lines.lineOf(Math.max(f.start, f.end - 1));
  const { toks, cut } = lines.lineTokens(li, lines.start(li), f.end + 200);
  // The first token starting at or after the street's end, by binary search: a line of many
  // thousand streets would otherwise be walked from its start for each.
  let lo = 0;
  let hi = toks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((toks[mid] as Tok).s < f.end) lo = mid + 1;
    else hi = mid;
  }
  const ti = lo;
  const last = toks[ti - 1];
  if (!last || last.e !== f.end) return f;
  const lower = lines.lowerCaseAt(li, f.start);
  const tail = parseTail(lines, { li, toks, cut }, ti, last.brk, lower);
  return tail.end > f.end ? { ...f, end: tail.end } : f;
}

const LOWER_LETTER = /\p{Ll}/u;
const UPPER_LETTER = /\p{Lu}/u;

/**
 * Text typed all in capitals ("SHIP TO 12 ELM STREET, SPRINGFIELD") carries no more case signal
 * than text typed all in lower case, which the finders know how to read: it is read lowered, one
 * character for one so that offsets stay put ("İ" lowers to two characters; its base letter "i"
 * stands in for it).
 */
function lowered(text: string): string {
  let out = '';
  for (const c of text) {
    const l = c.toLowerCase();
    const base = (c.normalize('NFD')[0] as string).toLowerCase();
    out += l.length === c.length ? l : base.length === c.length ? base : c;
  }
  return out;
}

/**
 * "Address: <value>" lines: the label vouches for the value where no finder found anything in it,
 * or where what was found sits among comma-separated parts of it ("**Address:** Hof Grünwald,
 * Almweg, 6020 Innsbruck", "Dirección: Carrera 7 # 71-21, Torre B, Oficina 902, Bogotá D.C."): the
 * address is the whole value. Prose around a find ("12 Main St (since 2019)", "please use 12 Main
 * St") leaves it as found.
 */
function addLabelled(text: string, found: Found[]): void {
  const labelled = findLabelledAddresses(text);
  if (labelled.length === 0) return;
  const taken = found.slice();
  for (const l of labelled) {
    const inside = taken.filter((f) => f.start < l.end && l.start < f.end);
    if (inside.length === 0) {
      found.push(l);
      continue;
    }
    const first = Math.min(...inside.map((f) => f.start));
    const last = Math.max(...inside.map((f) => f.end));
    const before = text.slice(l.start, Math.max(l.start, first));
    const after = text.slice(Math.min(l.end, last), l.end);
    if ((before === '' || /,\s*$/.test(before)) && (after === '' || /^\s*,/.test(after))) found.push(l);
  }
}

/** Addresses in `text` (detectPii reads escaped line breaks as breaks before calling this). */
export function detectAddresses(text: string): PiiSpan[] {
  if (!LOWER_LETTER.test(text) && UPPER_LETTER.test(text)) return detectIn(lowered(text));
  return detectIn(text);
}

function detectIn(text: string): PiiSpan[] {
  const found: Found[] = [];
  if (MILITARY_HINT.test(text)) {
    for (const m of text.matchAll(MILITARY))
      found.push({ start: m.index, end: m.index + m[0].length, score: 0.9 });
  }
  const hasDigit = DIGIT.test(text);
  const hasNumber = hasDigit || SIN_NUMERO.test(text);
  // Streets found by name rather than from a house number: what follows them (a town, a country,
  // a postcode) is read by the same tail parser as for the others.
  const named: Found[] = [];
  // Loops, not push(...): a text of many thousand streets would overflow the stack with a spread.
  for (const finder of [findNamedStreets, findBareStreets]) for (const f of finder(text)) named.push(f);
  if (hasDigit) {
    for (const street of findUntypedStreets(text)) named.push(street);
    for (const street of findGridAddresses(text)) named.push(street);
    for (const street of findOrdinalStreets(text)) named.push(street);
  }
  for (const unit of findUnitsAlone(text)) named.push(unit);
  // Built only when something reads lines: most texts have no street at all.
  let lines: Lines | undefined;
  const linesOf = (): Lines => {
    lines ??= new Lines(text);
    return lines;
  };
  for (const f of named) {
    const block = withTail(linesOf(), f);
    // "Dalal Street rallied" and "on Wall Street, London and Frankfurt" are markets; "Dalal
    // Street, Mumbai 400001" is an address: a famous street needs a number in its block.
    if (isFamousStreet(text, f.start, f.end) && !DIGIT.test(text.slice(block.start, block.end))) continue;
    found.push({ ...block, start: leadIn(text, block.start) });
  }
  for (const f of findCjkAddresses(text)) found.push(f);
  if (hasDigit) {
    for (const f of findHouseNumbers(text)) found.push(f);
    for (const part of findCuedParts(text)) {
      const context = part.needsContext ? contextBefore(text, part.start) : 2;
      const placed = part.needsDwelling
        ? context === 2 || DWELLING_BEFORE.test(text.slice(Math.max(0, part.start - 30), part.start))
        : context > 0;
      if (placed) found.push(part);
      // A country line with no context counts only as the last line of a block above it.
      else if (part.closesBlock) found.push({ ...part, orphan: true });
    }
  }
  const hasCorner = CORNER.test(text);
  if (!hasNumber && !hasCorner) return merge(text, found);
  if (hasCorner) for (const c of findCorners(linesOf())) found.push({ ...c, score: 0.9 });
  if (hasNumber) findStreets(linesOf(), found);
  if (hasDigit) findBeforeLongCodes(text, linesOf, found);
  addLabelled(text, found);
  return merge(text, found);
}
