import { contextBefore, DWELLING_BEFORE } from './address-context.ts';
import { COUNTRIES, MAX_COUNTRY_WORDS, PEOPLE_COUNTRIES } from './address-countries.ts';
import {
  COMPOUND_ENDING,
  FOREIGN_SUFFIX,
  NOT_COMPOUND,
  PARTICLES,
  STOP_WORDS,
  STREET_PREFIX,
  WEAK_EN_SUFFIX,
  WEAK_PREFIX,
} from './address-lexicon.ts';
import { findLowerStreets } from './address-lower-street.ts';
import { openerStart } from './address-name-openers.ts';
import {
  ABBREVIATED_TYPES,
  CONTINUES,
  EN_TYPES,
  type EnglishNames,
  ON_PREPOSITION,
  PLAIN_TYPES,
  VENUES,
  WAY_PREPOSITION,
} from './address-named-lexicon.ts';
import { englishNameWord } from './address-street-forms.ts';
import { lastUpperIn, wordBefore } from './address-tokens.ts';
import { foldName, givenNameKind, isEnglishWord } from './names-lexicon.ts';

/**
 * A street named without a house number in running text: "shows on Bezrukov Street", "a flat off
 * Almeida Road". A street name is a location that narrows down where someone lives or works, and
 * Presidio-based tools flag it as such. Two guards keep prose clean:
 * - it must follow a preposition of place ("on", "off", "along", "near"…), so titles and headings
 *   ("Street Fighter", "Road Safety Week") are not read as streets;
 * - no word of the name may be an English word (SCOWL up to size 55), so the streets that stand
 *   for something else ("Wall Street", "Fleet Street", "Downing Street", "Sesame Street", "Main
 *   Street", "Abbey Road") stay prose, and so do descriptions ("on the Main Road").
 * The shapes, after the preposition:
 * - name words, then an English type word ("Bezrukov Street") or a foreign one that is not also
 *   an English word ("Gosposka ulica", "Schönhauser Allee"; not "Gate", "Ring");
 * - a foreign type word, then the name ("Rue de la Paix", "ul. Karpacka", "Calle Mayor"); a type
 *   word that is also English ("Avenue Foch") keeps the guard on the name, a foreign one is
 *   evidence enough. Weak ones ("Via", "Place") do not count;
 * - one word whose ending is a street type ("Hausergasse", "Museumstraße", "Brixtonlaan").
 * In text written all in lower case ("panković street") any case counts, with the same guards.
 * One forward scan from each preposition; scored just above the default cut (0.5), so a policy
 * with `minScore: 0.6` leaves them out.
 */

export interface NamedStreet {
  start: number;
  end: number;
  score: number;
}

/**
 * Prepositions of place, in lower case, or capitalised where a sentence or line starts ("Along
 * Bezrukov Street there are…"): inside a line a capitalised "On" opens headings as often as places.
 */
const PREPOSITION =
  /(?:\b(?:on|off|onto|along|down|up|at|near|past|outside|behind|opposite|towards?|via|from|into|in|to|address(?: is|:))|(?<=^|[.!?][ \t]+|\n[ \t]*)(?:On|Off|Onto|Along|Down|Up|At|Near|Past|Outside|Behind|Opposite|Towards?|From|Into|In|To))[ \t]+(?=\p{L})|(?:\b|_)(?:address|addr|billing|shipping)[ \t]*=[ \t]*(?=\p{L})/gu;
/** One word of a street name, read from a given offset, and the blanks after it. */
const WORD = /(\p{L}[\p{L}'’-]*\.?)(?:[ \t]+|(?=[^\p{L}\p{N}])|$)/uy;
const UPPER = /\p{Lu}/u;
/** A house number written after the street ("Koontz Lane 19,"), before punctuation or the end. */
const NUMBER_AFTER = /[ \t]+\d{1,4}[A-Za-z]?(?=[,.;:!?)\n]|$)/y;
/** A block, flat or staircase after a street with no number ("Intrarea Daia, Bloc 70, Ap. 11"). */
const UNIT_AFTER =
  /,?[ \t]+(?:bloc|bl|ap|apt|apartment|sc|scara|et|etaj|suite|ste|unit|flat|stan)\.?[ \t]*\d{1,4}[A-Za-z]?(?=[,.;:!?)\n|]|[ \t]|$)/iy;

/** Where a named street ends, with its house number, the units and a country after it. */
function streetEnd(text: string, end: number): number {
  NUMBER_AFTER.lastIndex = end;
  let at = NUMBER_AFTER.test(text) ? NUMBER_AFTER.lastIndex : end;
  for (let n = 0; n < 3; n++) {
    UNIT_AFTER.lastIndex = at;
    if (!UNIT_AFTER.test(text)) break;
    at = UNIT_AFTER.lastIndex;
  }
  return countryAfter(text, at);
}

/** A comma or a line break, then up to MAX_COUNTRY_WORDS words. */
const COUNTRY_AFTER = new RegExp(
  `[ \\t]*(?:,[ \\t]*|\\r?\\n[ \\t]*)((?:\\p{L}[\\p{L}'’.-]*)(?:[ \\t]+\\p{L}[\\p{L}'’.-]*){0,${MAX_COUNTRY_WORDS - 1}})`,
  'uy',
);

/**
 * "Gordon Street, Samoa", "Ivanović Street\nBahrain": a country closing the street, the longest name
 * that ends at punctuation, a line end, or prose ("…, Czech Republic instead of"); a country that is
 * also a given name only at punctuation or a line end.
 */
export function countryAfter(text: string, at: number): number {
  COUNTRY_AFTER.lastIndex = at;
  const m = COUNTRY_AFTER.exec(text);
  if (!m) return at;
  const words = (m[1] as string).split(/[ \t]+/);
  const wordsStart = m.index + m[0].length - (m[1] as string).length;
  for (let n = words.length; n > 0; n--) {
    const name = words.slice(0, n).join(' ');
    const lw = name.toLowerCase().replace(/\.$/, '');
    if (!COUNTRIES.has(lw)) continue;
    const end = wordsStart + (m[1] as string).indexOf(name) + lw.length;
    const next = text[end];
    const closes = next === undefined || /[\n\r.,;:!?)"'|—–]/.test(next);
    const prose = next === ' ' && /^ +\p{Ll}/u.test(text.slice(end, end + 4));
    return closes || (prose && !PEOPLE_COUNTRIES.has(lw)) ? end : at;
  }
  return at;
}
const MAX_WORDS = 5;

/** Foreign type words after the name that are not English words ("ulica", "Allee"; not "Gate"). */
let foreignSuffix: ReadonlySet<string> | undefined;

interface Word {
  w: string;
  /** Lower case, without a trailing full stop. */
  lw: string;
  start: number;
  /** Without a trailing full stop. */
  end: number;
  cap: boolean;
  /** Followed by a blank (the next word belongs to the same phrase). */
  open: boolean;
}

function readWords(text: string, at: number): Word[] {
  const words: Word[] = [];
  WORD.lastIndex = at;
  for (let m = WORD.exec(text); m !== null && words.length < MAX_WORDS; m = WORD.exec(text)) {
    const w = m[1] as string;
    const lw = w.toLowerCase().replace(/\.$/, '');
    const cap = w[0] !== (w[0] as string).toLowerCase();
    // The end leaves out a full stop: "ul." keeps it as the type word, "Museumstraße." ends a sentence.
    const end = m.index + w.length - (w.endsWith('.') ? 1 : 0);
    words.push({ w, lw, start: m.index, end, cap, open: m[0].length > w.length });
    if (m[0].length === w.length) break;
  }
  return words;
}

const englishWord = (word: Word): boolean => englishNameWord(word.lw);

/** A name word: capitalised (any case in lower-case text), or a particle inside the name. */
const nameWord = (word: Word, lower: boolean): boolean => lower || word.cap || PARTICLES.has(word.lw);

/** "Rue de la Paix": the name after a foreign type word, without trailing particles. */
function afterPrefix(words: Word[], lower: boolean): NamedStreet | undefined {
  const type = words[0] as Word;
  let last = 0;
  for (let i = 1; i < words.length && nameWord(words[i] as Word, lower); i++) {
    if (!PARTICLES.has((words[i] as Word).lw)) last = i;
    if (!(words[i] as Word).open) break;
  }
  if (last === 0) return undefined;
  const name = words.slice(1, last + 1);
  if (isEnglishWord(type.lw) && name.some(englishWord)) return undefined;
  return { start: type.start, end: (words[last] as Word).end, score: 0.55 };
}

/**
 * "Bezrukov Street", "Gosposka ulica": name words, then a type word. `placed` is contextBefore's
 * answer: after a phrase that says a place follows (1) the weaker English type words count too
 * ("located at Gulgowski Harbors"); after "address" (2) English name words as well ("my address is
 * Green Street"), where "sent to Wall Street" stays the market.
 */
function beforeType(
  words: Word[],
  lower: boolean,
  placed = 0,
  englishNames: EnglishNames = 0,
): NamedStreet | undefined {
  for (let i = 1; i < words.length && i <= 3; i++) {
    const prev = words[i - 1] as Word;
    if (!prev.open || !nameWord(prev, lower) || PARTICLES.has(prev.lw)) return undefined;
    const word = words[i] as Word;
    const weak = WEAK_EN_SUFFIX.has(word.lw) && (placed === 2 || !VENUES.has(word.lw));
    const plain =
      PLAIN_TYPES.has(word.lw) &&
      (englishNames === 2 || (englishNames === 1 && (i >= 2 || ABBREVIATED_TYPES.has(word.lw))));
    const typed = EN_TYPES.has(word.lw) || (placed > 0 && weak) || plain;
    const english = typed && (lower || word.cap);
    if (!english && !(foreignSuffix as ReadonlySet<string>).has(word.lw)) continue;
    const plainEnglish = plain && !lower && word.cap;
    if (placed < 2 && !plainEnglish && words.slice(0, i).some(englishWord)) return undefined;
    // "Madison Square Garden": a capitalised word after the type word continues a longer name; in
    // lower-case text any word but a function word does ("penang street food").
    const next = words[i + 1];
    const goesOn = lower ? !STOP_WORDS.has(next?.lw ?? '') : next?.cap;
    if (word.open && next && goesOn && !CONTINUES.has(next.lw) && !EN_TYPES.has(next.lw)) return undefined;
    return { start: (words[0] as Word).start, end: word.end, score: 0.55 };
  }
  return undefined;
}

/**
 * A street with a weaker type word or an English name, after a phrase that says a place follows
 * (see beforeType). After "address" it outranks a name it overlaps ("update my address to Shawn
 * Manor").
 */
function placedStreet(text: string, at: number, words: Word[]): NamedStreet | undefined {
  const context = contextBefore(text, at);
  const dwelling = context > 0 && DWELLING_BEFORE.test(text.slice(Math.max(0, at - 30), at));
  const street = context > 0 ? beforeType(words, false, context, dwelling ? 2 : 0) : undefined;
  return street && context === 2 ? { ...street, score: 0.9 } : street;
}

/** "Hausergasse": one word whose ending is a street type, more than the ending, not a word. */
function compound(word: Word, lower: boolean): NamedStreet | undefined {
  if (!(lower || word.cap) || word.lw.length < 5 || word.lw.length > 40) return undefined;
  const ending = COMPOUND_ENDING.exec(word.lw);
  if (!ending || word.lw.length - ending[0].length < 3 || NOT_COMPOUND.has(word.lw)) return undefined;
  if (isEnglishWord(foldName(word.lw))) return undefined;
  // "Franz-Hitze-Str.": the stop belongs to the abbreviation.
  const end = word.lw.endsWith('str') && word.w.endsWith('.') ? word.end + 1 : word.end;
  return { start: word.start, end, score: 0.55 };
}

/**
 * "Södra Gengärdet", "de Vriesgracht", "van de Veldengracht": words that open a one-word street's
 * name (address-name-openers.ts), then the street.
 */
function openedCompound(
  text: string,
  words: Word[],
  lower: boolean,
  lowerText: boolean,
): NamedStreet | undefined {
  const first = words[0] as Word;
  for (let i = 1; i < words.length && i <= 3 && (words[i - 1] as Word).open; i++) {
    const word = words[i] as Word;
    const street = compound(word, lowerText);
    if (street && openerStart(text, word.start, word.lw, lower) === first.start)
      return { ...street, start: first.start };
  }
  return undefined;
}

/** A capitalised word, the possible start of a street standing alone. */
const CAPITALISED = /(?<![\p{L}\p{M}\p{N}])\p{Lu}[\p{L}\p{M}'’-]*\.?/gu;

/**
 * A word that may be a street alone: written as a name (one capital, then lower case; not a handle
 * or hashtag such as "@TheRealTootie"), and more than its ending ("Hootie" is not a Finnish -tie).
 */
function loneCompound(text: string, at: number, word: string, lw: string): boolean {
  // Cheap tests first: this runs for every capitalised word of the text.
  if (lw.length < 7 || lw.slice(1) !== word.slice(1, lw.length) || /[@#_]/.test(text[at - 1] ?? ''))
    return false;
  const ending = COMPOUND_ENDING.exec(lw);
  // Finnish "-tie" alone is too much like English pet names ("Shortie", "Sweetie"): it needs a
  // house number or a preposition, as every other street does.
  if (ending === null || lw.length - ending[0].length < 4 || ending[0] === 'tie') return false;
  // "Sébastien" (-stien), "Elke Hellweg", "Kari Storhaugen": a given name, or a surname after one.
  if (givenNameKind(foldName(lw)) === 'name' || givenNameBefore(text, at)) return false;
  // "Ministr", "Orchestr", "Registr": Czech words end in "-str"; the German abbreviation has its stop.
  if (ending[0] === 'str' && text[at + word.length] !== '.') return false;
  // "Der Parkplatz war voll", "den Jakobsweg", "het Museumplein": a German, Dutch or Nordic noun
  // after its article is a common noun; "Woonplaats: Utrecht" is a form's label.
  return (
    !ARTICLE_BEFORE.test(text.slice(Math.max(0, at - 12), at)) &&
    !/^[ \t]*:/.test(text.slice(at + word.length))
  );
}

const ARTICLE_BEFORE =
  /(?:^|[^\p{L}])(?:der|die|das|den|dem|des|ein|eine|einen|einem|einer|eines|mein|meine|dein|sein|seine|ihr|ihre|unser|unsere|kein|keine|het|een|en|et|ett|det)[ \t]+$/iu;

/** A capitalised given name right before `at` ("Elke Hellweg"). */
function givenNameBefore(text: string, at: number): boolean {
  const word = wordBefore(text, at);
  return (
    word !== undefined &&
    UPPER.test(word[0] as string) &&
    givenNameKind(foldName(word.toLowerCase())) === 'name'
  );
}

/** After a name word or two: a type word that is no surname ("Lois Lane", "Glenn Close", "Margaret Court"). */
const LONE_TYPE =
  /[ \t]+(?:\p{Lu}[\p{L}\p{M}'’-]*[ \t]+)?(?:Street|Road|Avenue|Boulevard|Terrace|Crescent|Parkway|Highway)(?![\p{L}\p{M}])/uy;
/** A capitalised word right before: the street would be the end of a longer name or title ("Is" aside). */
function nameBefore(text: string, at: number): boolean {
  const word = wordBefore(text, at);
  return word !== undefined && UPPER.test(word[0] as string) && !STOP_WORDS.has(word.toLowerCase());
}

/** "Adams Street is closed", "Police closed Bezrukov Road": one or two name words, then a LONE_TYPE word. */
function loneTyped(text: string, at: number, word: string): NamedStreet | undefined {
  LONE_TYPE.lastIndex = at + word.length;
  if (!LONE_TYPE.test(text) || nameBefore(text, at)) return undefined;
  const street = beforeType(readWords(text, at), false);
  // beforeType may stop at an earlier type word ("Tottenham Court"): only the whole run counts.
  return street?.end === LONE_TYPE.lastIndex ? street : undefined;
}

/**
 * Streets standing alone, with no preposition: a cell, a field or a label's value ("addr=Rue
 * Mouffetard", "<td>Skogsvägen</td>", "Billing address - Weddigenstr."). Only the forms that can be
 * nothing else count: a capitalised foreign type word that is not also an English word and not a
 * weak one, then a name ("Calle Alcalá", "ul. Karpacka" is lower case and needs a preposition); one
 * capitalised word with a street-type ending that is not an English word ("Hausergasse"); or one
 * or two name words that are no English words before a type word that is no surname ("Adams
 * Street", not "Wall Street", "Lois Lane"). Scored at the default cut (0.5), below the streets after
 * a preposition.
 */
function findLoneStreets(text: string, taken: readonly NamedStreet[]): NamedStreet[] {
  const found: NamedStreet[] = [];
  let t = 0;
  CAPITALISED.lastIndex = 0;
  for (let m = CAPITALISED.exec(text); m !== null; m = CAPITALISED.exec(text)) {
    while (t < taken.length && (taken[t] as NamedStreet).end <= m.index) t++;
    if (t < taken.length && (taken[t] as NamedStreet).start <= m.index) continue;
    const w = m[0];
    if (w.length < 3) continue;
    const lw = (w.endsWith('.') ? w.slice(0, -1) : w).toLowerCase();
    let street: NamedStreet | undefined;
    if (STREET_PREFIX.has(lw) && !WEAK_PREFIX.has(lw) && !isEnglishWord(lw)) {
      const words = readWords(text, m.index);
      street = afterPrefix(words, false);
      if (street && words.slice(1).some((w) => w.lw.length < 3 && !PARTICLES.has(w.lw))) street = undefined;
    } else if (loneCompound(text, m.index, w, lw)) {
      const word = readWords(text, m.index)[0];
      street = word ? compound(word, false) : undefined;
      if (street) street.start = openerStart(text, street.start, lw, false);
    } else street = loneTyped(text, m.index, w);
    if (!street) continue;
    street.end = streetEnd(text, street.end);
    found.push({ ...street, score: 0.5 });
    CAPITALISED.lastIndex = street.end;
  }
  return found;
}

export function findNamedStreets(text: string): NamedStreet[] {
  const found = findPrepositionStreets(text);
  const lone = UPPER.test(text) ? findLoneStreets(text, found) : findLowerStreets(text, streetEnd);
  return [...found, ...lone];
}

function findPrepositionStreets(text: string): NamedStreet[] {
  const found: NamedStreet[] = [];
  foreignSuffix ??= new Set([...FOREIGN_SUFFIX].filter((w) => w.length > 2 && !isEnglishWord(w)));
  const lowerText = !UPPER.test(text);
  // The end of the current line and its last upper-case letter, found once per line.
  let lineEnd = -1;
  let lineUpper = -1;
  PREPOSITION.lastIndex = 0;
  for (let m = PREPOSITION.exec(text); m !== null; m = PREPOSITION.exec(text)) {
    const words = readWords(text, m.index + m[0].length);
    const first = words[0];
    if (!first) continue;
    let street: NamedStreet | undefined;
    // "Ship it to panković street": the street and the rest of its line are in lower case. A
    // one-word compound ("on hausergasse") still needs the whole text in lower case.
    const after = m.index + m[0].length;
    if (after > lineEnd) {
      const nl = text.indexOf('\n', after);
      lineEnd = nl === -1 ? text.length : nl;
      lineUpper = lastUpperIn(text, after, lineEnd);
    }
    const lower = lowerText || lineUpper < after;
    if (STREET_PREFIX.has(first.lw) && !WEAK_PREFIX.has(first.lw)) street = afterPrefix(words, lower);
    else if (lower || first.cap)
      street =
        beforeType(words, lower, 0, WAY_PREPOSITION.test(m[0]) ? 2 : ON_PREPOSITION.test(m[0]) ? 1 : 0) ??
        compound(first, lowerText);
    street ??= openedCompound(text, words, lower, lowerText);
    // In lower-case text every word looks like a name ("stay in your lane"): capitals only.
    // "I live in Forest Park": "in" leads to towns and districts, not to streets.
    if (!street && !lower && first.cap && !/^in(?:to)?\b/i.test(m[0]))
      street = placedStreet(text, after, words);
    if (street) {
      street.end = streetEnd(text, street.end);
      found.push(street);
      PREPOSITION.lastIndex = street.end;
    }
  }
  return found;
}
