import { boxBefore } from './address-box.ts';
import { isStop, isUnit } from './address-features.ts';
import {
  BUILDING_MARKS,
  COMPOUND_ENDING,
  DOT_NUMBER_SUFFIX,
  DWELLING_WORDS,
  EN_SUFFIX,
  FOREIGN_SUFFIX,
  HOUSE_MARKS,
  NOT_COMPOUND,
  NUMBER_SUFFIX,
  NUMBERED_NOUNS,
  PARTICLES,
  QUANTITY_WORDS,
  STREET_PREFIX,
  WEAK_EN_SUFFIX,
  WEAK_PREFIX,
} from './address-lexicon.ts';
import {
  dutchParticlesBefore,
  englishNameWord,
  genitiveOwner,
  lowerPark,
  prepositionLed,
  slavicAdjective,
} from './address-street-forms.ts';
import type { Tok } from './address-tokens.ts';
import { foldName, givenNameKind, isEnglishWord } from './names-lexicon.ts';

/**
 * The street line of an address, found around a house number in one line's tokens:
 * - number last, the European order: "Via Giberti 75", "Hauptstraße 5", "ul. Karpacka 69", "Roheline 43";
 * - number first, the English and French order: "12 Main Street", "14 Rue Aghlab";
 * - a P.O. box: "P.O. Box 101", "Postfach 71".
 * `strength` says how much the street itself shows it is one: 3 with a street type word (enough on
 * its own), 1–2 with an ambiguous one or a capitalised name, 0 for lower-case words and a number.
 */
export interface StreetCore {
  /**
   * Where the house number stands: after the name, before it, or a P.O. box; `unit` is a flat with
   * no street number ("Flat 12, MG Road"), `named` a street with none ("King Fahd Road, …, 12214").
   */
  shape: 'numberLast' | 'numberFirst' | 'box' | 'unit' | 'named';
  /** Token indices in the line, inclusive. */
  from: number;
  to: number;
  strength: number;
  /** The house number is written "79." and the stop belongs to it. */
  keepDot: boolean;
}

export const YEAR = /^(?:19|20)\d\d$/;
/** Five digits or more: a postcode or an order number rather than a house number. */
export const LONG = /^\d{5}/;
export const isCompound = (t: Tok): boolean =>
  t.kind === 'word' && t.w.length >= 6 && COMPOUND_ENDING.test(t.lw) && !NOT_COMPOUND.has(t.lw);

/**
 * How much a prefix type word says: 3 for "Rue", "Calle", "ul."; for words that are also everyday
 * words ("via", "place", "route") less, unless written as a street is ("Via Giberti", "Plaza Mayor").
 */
export function prefixStrength(prefix: Tok, firstName: Tok, nameWords: number, lower: boolean): number {
  if (!WEAK_PREFIX.has(prefix.lw)) return 3;
  if (prefix.cap && firstName.cap && CAPITALISED_PREFIX.has(prefix.lw)) return 3;
  // "5 place Bellecour", "3 route de Lyon": French writes the type word in lower case.
  return (prefix.cap || lower || firstName.cap ? 2 : 1) + (nameWords >= 2 ? 1 : 0);
}
const CAPITALISED_PREFIX = new Set(['via', 'corso', 'largo', 'plaza']);

/** "Postfach 10 02 45": a box number written in groups of two digits. */
function groupedDigits(toks: Tok[], k: number): number {
  let to = k;
  const pair = (t: Tok | undefined): boolean => t !== undefined && /^\d\d$/.test(t.w);
  while (to - k < 3 && !(toks[to] as Tok).brk && pair(toks[to]) && pair(toks[to + 1])) to++;
  return to;
}

/**
 * The name words that run back from the number at k (at most six): where they start, and the type
 * word in front of them, if any. Undefined when the word before the number is a unit ("Flat 12").
 */
function nameBefore(toks: Tok[], k: number): { first: number; prefixAt: number } | undefined {
  let first = k;
  let prefixAt = -1;
  for (let j = k - 1; j >= 0 && k - j <= 6; j--) {
    const t = toks[j] as Tok;
    // "Av. 9 de Julio 1000": a number inside a name, right after its type word.
    const numbered = t.kind === 'num' && !t.brk && j < k - 1 && STREET_PREFIX.has(toks[j - 1]?.lw ?? '');
    // "Rua do Ouvidor 50", "Am Markt 3": particles inside a name, not before the number.
    if ((t.kind !== 'word' && !numbered) || t.brk || (isStop(t) && (j === k - 1 || !PARTICLES.has(t.lw))))
      break;
    if (j === k - 1 && isUnit(t)) return undefined;
    first = j;
    // A type word right before the number is a suffix ("… Str. 20"), not a prefix.
    if (j < k - 1 && STREET_PREFIX.has(t.lw)) {
      prefixAt = j;
      break;
    }
  }
  while (first < k && !(toks[first] as Tok).cap && PARTICLES.has((toks[first] as Tok).lw)) first++;
  // Without a type word in front, a stop word ends the name: "Lieferung an Müllerstr. 12b".
  if (prefixAt < 0)
    for (let j = first; j < k; j++) if (!(toks[j] as Tok).cap && isStop(toks[j] as Tok)) first = j + 1;
  return { first, prefixAt };
}

/** An English word that is no given name: prose in lower-case text ("police", not "victor", "dirk"). */
const proseWord = (lw: string): boolean => englishNameWord(lw) && givenNameKind(foldName(lw)) === undefined;

/** "Hauptstraße 5", "Gosposka ulica 47", "Carry van Bruggenweg 77": the type word last. */
/** Particles that are prepositions or conjunctions before a street, not part of its name. */
const PREPOSITIONS = new Set([
  'auf',
  'op',
  'aan',
  'am',
  'an',
  'im',
  'bei',
  'zum',
  'zur',
  'i',
  'a',
  'na',
  'sur',
  'en',
  'upon',
  'te',
  'ob',
  'pri',
]);

function suffixTyped(toks: Tok[], first: number, k: number, lower: boolean): StreetCore | undefined {
  const num = toks[k] as Tok;
  const last = toks[k - 1] as Tok;
  let from = k - 1;
  // Name words before the type word: capitalised (or anything in lower-case text), at most three.
  for (let j = k - 2; j >= first && k - 1 - j <= 3; j--) {
    const t = toks[j] as Tok;
    // "Carry van Bruggenweg 77" bridges a particle; "Lieferung an Müllerstr. 12b", "Lieferanschrift
    // auf Wilhelmstraße 88" and "holder til i Kongens gate 6" do not: those are prepositions.
    if (!lower && !t.cap && (!PARTICLES.has(t.lw) || isStop(t) || PREPOSITIONS.has(t.lw))) break;
    // In lower-case text prose stands where capitals would end the name: "police closed
    // hochstrasse 96", "meet me outside pachergasse 64"; particles only bridge ("aan de …").
    if (lower && !PARTICLES.has(t.lw) && (isStop(t) || proseWord(t.lw))) break;
    // "ik woon op prinsengracht 45": a preposition before a one-word street ends its name.
    if (lower && PREPOSITIONS.has(t.lw) && isCompound(last)) break;
    if (t.cap || (lower && !PARTICLES.has(t.lw))) from = j;
  }
  if (FOREIGN_SUFFIX.has(last.lw) && from === k - 1) return undefined;
  if (NUMBERED_NOUNS.has(last.lw) && !genitiveOwner(toks[k - 2] as Tok)) return undefined;
  from = dutchParticlesBefore(toks, from, last);
  const keepDot = num.dot && DOT_NUMBER_SUFFIX.has(last.lw);
  return { shape: 'numberLast', from, to: k, strength: 3, keepDot };
}

/** A street name before the number at k ("Gosposka ulica 47", "Via Santa Teresa degli Scalzi 71"). */
export function numberLast(toks: Tok[], k: number, lower: boolean): StreetCore | undefined {
  const num = toks[k] as Tok;
  const box = boxBefore(toks, k);
  if (box)
    return {
      shape: 'box',
      from: box.from,
      to: groupedDigits(toks, k),
      strength: box.strength,
      keepDot: false,
    };
  // "Part Of Terrorist Ring 10 Yrs Ago": the number counts something.
  const next = toks[k + 1];
  if (next && !num.brk && QUANTITY_WORDS.has(next.lw)) return undefined;
  const comma = commaStreet(toks, k, lower);
  if (comma) return comma;
  const name = nameBefore(toks, k);
  if (!name || name.first === k) return undefined;
  let { first, prefixAt } = name;
  if (prefixAt >= 0) {
    // "Avda. Alameda Sundheim 46": a type word before a type word.
    const before = toks[prefixAt - 1];
    if (before && before.kind === 'word' && !before.brk && STREET_PREFIX.has(before.lw)) prefixAt--;
    const prefix = toks[prefixAt] as Tok;
    const strength = prefixStrength(prefix, toks[prefixAt + 1] as Tok, k - 1 - prefixAt, lower);
    return { shape: 'numberLast', from: grandType(toks, prefixAt), to: k, strength, keepDot: false };
  }
  const last = toks[k - 1] as Tok;
  if (FOREIGN_SUFFIX.has(last.lw) || isCompound(last)) return suffixTyped(toks, first, k, lower);
  if (LONG.test(num.w) || YEAR.test(num.w) || NUMBERED_NOUNS.has(last.lw)) return undefined;
  // National forms with no type word (address-street-forms.ts) count with a second sign.
  if (k - first === 1 && slavicAdjective(last, lower))
    return { shape: 'numberLast', from: k - 1, to: k, strength: 2, keepDot: false };
  const led = prepositionLed(toks, first, k, lower);
  // Strength 2: "In den Kapiteln 5 und 6" is German prose, so a town, code, unit or context must agree.
  if (led >= 0) return { shape: 'numberLast', from: led, to: k, strength: 2, keepDot: false };
  const park = lowerPark(toks, first, k, lower);
  if (park >= 0) return { shape: 'numberLast', from: park, to: k, strength: 2, keepDot: false };
  // A name of unknown words (the last four at most, from the first capitalised one): it counts
  // only with other evidence (a unit, a country, a context). In mixed case a lower-case word that
  // is not a particle is prose, not the name: "I'm outside 32 2914 184th Street".
  if (!lower) first = Math.max(first, proseEnd(toks, first, k));
  for (first = Math.max(first, k - 4); first < k; first++) {
    if (lower || (toks[first] as Tok).cap) {
      const strength = (lower ? 0 : 1) + blockNumber(num);
      // "van Doornpark 32": "-park" is no type word alone, but the Dutch name keeps its particles.
      const from = dutchParticlesBefore(toks, first, last);
      return { shape: 'numberLast', from, to: k, strength, keepDot: false };
    }
  }
  return undefined;
}

const streetTypeWord = (lw: string): boolean =>
  EN_SUFFIX.has(lw) || WEAK_EN_SUFFIX.has(lw) || FOREIGN_SUFFIX.has(lw);

/**
 * Index after the last lower-case English word of toks[from, k) that is not a particle or a street
 * type: "outside", not "de", "vei" or Hungary's "park" ("Pernilles vei 115", "Attila park 336").
 */
function proseEnd(toks: Tok[], from: number, k: number): number {
  let end = from;
  for (let j = from; j < k; j++) {
    const t = toks[j] as Tok;
    if (t.cap || t.kind !== 'word' || PARTICLES.has(t.lw) || streetTypeWord(t.lw)) continue;
    if (isEnglishWord(foldName(t.lw))) end = j + 1;
  }
  return end;
}

/** "1-2-3", "1-9-1": Japanese block and building numbers, which prose seldom has. */
export const blockNumber = (num: Tok): number => (/^\d{1,4}-\d{1,3}-\d{1,3}$/.test(num.w) ? 1 : 0);

/**
 * "Storgatan 1 B", "Mannerheimintie 12 B 5", "Rue X 12 bis": a letter or bis after the number. In
 * text typed in lower case the staircase letter is too ("kaarinapenger 718 c 22, sastamala").
 */
export function houseSuffix(toks: Tok[], k: number, lower: boolean): number {
  const num = toks[k] as Tok;
  const a = toks[k + 1];
  if (num.brk || !a) return k;
  if (NUMBER_SUFFIX.has(a.lw)) return k + 1;
  if (!(lower ? /^[a-z]$/ : /^[A-Z]$/).test(a.w)) return k;
  // "37b m. 602": Poland's "m." (mieszkanie, flat) opens a unit.
  if (lower && (isUnit(a) || a.dot)) return k;
  const b = toks[k + 2];
  if (a.brk || !b) return k + 1;
  return b.kind === 'num' && b.w.length <= 3 && (b.brk !== '' || !toks[k + 3]) ? k + 2 : k;
}

/** Words after "Street, number" that open the next clause rather than name what the number counts. */
const CLAUSE_OPENERS = new Set(['before', 'after', 'until', 'till', 'since', 'last', 'where', 'when']);

/** "Gran Subida Tomás, 45", "Gran Vía Marina 3": Spain's "great" road types open with "Gran". */
function grandType(toks: Tok[], j: number): number {
  const gran = toks[j - 1];
  return gran && !gran.brk && gran.lw === 'gran' ? j - 1 : j;
}

/**
 * "Av. Paulista, 1578", "C/ Mayor, 3", "ul. Tverskaya, d. 7", "Nevsky pr., 28": Iberian, Italian,
 * Latin American and Russian addresses put a comma (and "d."/"No.") between the street and its
 * number. Only a street with a type word may do so.
 */
function commaStreet(toks: Tok[], k: number, lower: boolean): StreetCore | undefined {
  const num = toks[k] as Tok;
  // Not a postcode ("rue Victor Hugo, 69002 Lyon"), and not a count ("Rue Saint-Denis, 12 of us",
  // "Avenue Q, 5 stars"). A word that opens the next clause counts nothing ("…, 1 last spring").
  if (LONG.test(num.w)) return undefined;
  const after = toks[k + 1];
  const counted =
    !num.brk &&
    after &&
    !lower &&
    !after.cap &&
    after.kind === 'word' &&
    !isUnit(after) &&
    !NUMBER_SUFFIX.has(after.lw);
  // Only after a type word that is no English word: "On Avenue Q, 5 before noon" stays prose.
  const clause = counted && CLAUSE_OPENERS.has(after.lw);
  if (counted && !clause) return undefined;
  let end = k - 1;
  const mark = toks[end];
  if (mark && !mark.brk && (HOUSE_MARKS.has(mark.lw) || BUILDING_MARKS.has(mark.lw))) end--;
  const last = toks[end];
  // "Bağdat Caddesi No 120": after a mark the comma may be left out.
  if (last?.kind !== 'word' || !(last.brk === ',' || (last.brk === '' && end < k - 1))) return undefined;
  let from = end;
  // Five words back, particles aside: "Cuesta María de los Ángeles Quiñones Montañez, 47".
  for (let j = end - 1, words = 0; j >= 0 && words < 5; j--) {
    const t = toks[j] as Tok;
    if (t.kind !== 'word' || t.brk || (isStop(t) && !PARTICLES.has(t.lw))) break;
    from = j;
    if (!PARTICLES.has(t.lw)) words++;
  }
  for (let j = from; j < end; j++) {
    const t = toks[j] as Tok;
    if (!STREET_PREFIX.has(t.lw)) continue;
    if (clause && isEnglishWord(foldName(t.lw))) return undefined;
    const strength = prefixStrength(t, toks[j + 1] as Tok, end - j, lower);
    // "Mercado David, 37, 35721 Madrid": a weak type word ("Mercado", "Plaza") makes a street that
    // a second sign must confirm (a town and postcode, a unit), as without the comma.
    const from = grandType(toks, j);
    return strength >= 2 ? { shape: 'numberLast', from, to: k, strength, keepDot: false } : undefined;
  }
  if (clause || !FOREIGN_SUFFIX.has(last.lw) || from === end) return undefined;
  let start = end - 1;
  while (start > from && ((toks[start - 1] as Tok).cap || lower)) start--;
  return { shape: 'numberLast', from: start, to: k, strength: 3, keepDot: false };
}

/**
 * "Flat 12, MG Road, Bengaluru 560001", "Plot No. 7, Nehru Place", "Lot 5, Jalan Bukit Bintang":
 * a flat or plot and its number, then a comma; the street after it may have no number. Accepted
 * only when places and a postcode or country follow (detect-address.ts).
 */
export function unitCore(toks: Tok[], k: number): StreetCore | undefined {
  if ((toks[k] as Tok).brk !== ',') return undefined;
  let from = k - 1;
  const mark = toks[from];
  if (mark && !mark.brk && HOUSE_MARKS.has(mark.lw)) from--;
  const unit = toks[from];
  if (!unit || unit.brk || !DWELLING_WORDS.has(unit.lw)) return undefined;
  return { shape: 'unit', from, to: k, strength: 1, keepDot: false };
}

/** A short number just before the street ("03 2657 Koontz Lane"): a flat or building number. */
export function leadNumber(toks: Tok[], from: number): boolean {
  const lead = toks[from - 1];
  if (lead?.kind !== 'num' || lead.brk || lead.w.length > 4 || YEAR.test(lead.w)) return false;
  const before = toks[from - 2];
  // "Chapter 12 Section 4": the number belongs to the noun before it. "office: 69 …" is a lead.
  if (before && !before.brk && NUMBERED_NOUNS.has(before.lw)) return false;
  return before?.brk !== '' || isStop(before) || (before.kind === 'word' && !before.cap);
}
