import { contextBefore } from './address-context.ts';
import { COUNTRIES } from './address-countries.ts';
import { NUMBERED_NAMES, NUMBERED_NOUNS, PARTICLES, QUANTITY_WORDS, STOP_WORDS } from './address-lexicon.ts';
import { englishNameWord } from './address-street-forms.ts';
import { wordBefore } from './address-tokens.ts';
import { foldName, givenNameKind, isCommonSurname } from './names-lexicon.ts';
import { TECH_NAMES, UNAMBIGUOUS_TECH } from './person-tech-names.ts';

/**
 * Streets named with no type word, then a house number, in running text: "I live on Castelao 71",
 * "Our office is on Republica de Chile 8305", "They shipped it to 76 Stubben 149". Many countries
 * write streets so (Spain, Scandinavia, Estonia, Greece), and a name and a number alone are what
 * most of prose numbers too ("Chapter 12", "Windows 11", "Boeing 747", "Lufthansa 456", "Anfield
 * 3"), so each form needs a phrase before it that puts a place next (address-context.ts: "lives
 * on", "ship it to", "office is at", "my address is"); a bare preposition is not enough. Then:
 * - after a preposition ("on", "at", "near", "to"…; capitalised at a sentence start), the name and
 *   number, or a name and "and" before them (a corner);
 * - or a house number, the name and the street's own number ("76 Stubben 149"), with no name
 *   before the first ("Liverpool 4 Tottenham 2" is a score).
 * Every name word must be able to name only a street: capitalised (any case in lower-case text),
 * no English word, no word that numbers things ("Level", "Season"), no technology, product or
 * league ("Ubuntu 22", "Diablo 4", "Ligue 1"); a lone word no country, given name or common surname
 * ("at Kevin 3"). The number is no year ("at Wimbledon 2024") and no clock time ("Hachiko 5:30",
 * "5 tonight"), and ends the phrase: punctuation, a line end, or a function word ("Marriott 2
 * nights" is a count). Scored just above the default cut (0.5), like the other streets without a
 * type word.
 */

export interface UntypedStreet {
  start: number;
  end: number;
  score: number;
}

/** The forms' patterns, for names written with a capital ("Castelao 71") or, in lower-case text, without. */
interface Patterns {
  /** An optional house number, one to three name words (particles between them), the number. */
  street: RegExp;
  /** Prepositions of place, lower case; "to", "in", "into" and "from" also lead to versions ("upgrade to Vue 3"). */
  place: RegExp;
  /** A house number first: not inside a longer number, a decimal, a date or a time. */
  numberFirst: RegExp;
  /** "Felicity and Hraunás 84": a name and "and" before the street, the corner it is on. */
  crossing: RegExp;
}

/** A capitalised preposition counts where a sentence or line starts ("Along Castelao 71 there are…"). */
const SENTENCE_START = String.raw`(?<=^|[.!?][ \t]+|\n[ \t]*)`;

function patterns(initial: string): Patterns {
  const name = String.raw`${initial}[\p{Ll}\p{M}'’-]+`;
  return {
    street: new RegExp(
      String.raw`(\d{1,4}[A-Za-z]?[ \t]+)?(${name}(?:[ \t]+(?:\p{Ll}{1,4}[ \t]+){0,2}${name}){0,2})[ \t]+(\d{1,4}[A-Za-z]?)`,
      'uy',
    ),
    place: new RegExp(
      String.raw`(?:\b(?:(on|onto|off|along|down|up|at|near|past|outside|behind|opposite)|(to|in|into|from))|${SENTENCE_START}(?:(On|Onto|Off|Along|Down|Up|At|Near|Past|Outside|Behind|Opposite)|(To|In|Into|From)))[ \t]+(?=\d|${initial})|(?:\b|_)(?:address(?: is|:)|(?:address|addr)[ \t]*=)[ \t]*(?=\d|${initial})`,
      'gu',
    ),
    numberFirst: new RegExp(String.raw`(?<![\p{L}\p{N}.,:/#-])\d{1,4}[A-Za-z]?[ \t]+(?=${initial})`, 'gu'),
    crossing: new RegExp(String.raw`${initial}[\p{L}\p{M}'’-]*[ \t]+and[ \t]+(?=\d|${initial})`, 'uy'),
  };
}
const CASED = patterns(String.raw`\p{Lu}`);
const LOWER = patterns(String.raw`\p{Ll}`);
const UPPER = /\p{Lu}/u;
const YEAR = /^(?:19|20)\d\d$/;
const SAINTS = new Set(['san', 'santa', 'santo', 'sao', 'sankt', 'saint', 'sainte', 'sant']);
const LOWER_WORD = /[ \t]+(\p{Ll}[\p{Ll}'’-]*)/uy;

/** The number ends the phrase: punctuation, a line end, or prose that does not count it. */
function endsPhrase(text: string, at: number): boolean {
  const c = text[at];
  // "at Hachiko 5:30", "on 5 Junio 10:30": a clock time.
  if (c === ':' && /\d/.test(text[at + 1] ?? '')) return false;
  if (c === undefined || /[,;:!?)\]\r\n"'”’]/.test(c)) return true;
  if (c === '.') return !/\d/.test(text[at + 1] ?? '');
  // Only a function word may follow: "…71 and never left", not "Marriott 2 nights", "Anfield 3
  // seasons running", "Aldi 3 quid" (the number counts what follows).
  LOWER_WORD.lastIndex = at;
  const next = LOWER_WORD.exec(text)?.[1]?.toLowerCase();
  if (next === undefined || QUANTITY_WORDS.has(next) || TIME_AFTER.has(next)) return false;
  return STOP_WORDS.has(next) || CLAUSE_ADVERBS.has(next);
}

/** Adverbs that close a clause after a place: "deliver it to Bygget 91 instead". */
const CLAUSE_ADVERBS = new Set(['instead', 'already', 'again', 'too', 'anymore', 'though', 'either']);

/** "meet me at Hachiko 5 tonight": after these the number is an hour. */
const TIME_AFTER = new Set(['today', 'tonight', 'tomorrow', 'yesterday', 'sharp', 'pm', 'am', 'now', 'soon']);

/** A capitalised word that can only be part of a street's name. */
function placeWord(word: string): boolean {
  const lw = word.toLowerCase();
  if (lw.length < 3 || englishNameWord(lw) || NUMBERED_NOUNS.has(lw) || NUMBERED_NAMES.has(lw)) return false;
  return !UNAMBIGUOUS_TECH.has(lw) && !TECH_NAMES.has(lw);
}

/** The name's words are a street's: particles only inside, every other word a place word. */
function streetName(name: string, lower: boolean): boolean {
  const words = name.split(/[ \t]+/);
  const names = words.filter((w) => !PARTICLES.has(w));
  if (
    lower
      ? PARTICLES.has(words[0] as string) || PARTICLES.has(words.at(-1) as string)
      : words.some((w) => /^\p{Ll}/u.test(w) && !PARTICLES.has(w))
  )
    return false;
  // A country alone is no street ("at Jordan 23"); inside a name it may be ("Republica de Chile 8305").
  if (!names.every(placeWord) || (words.length === 1 && COUNTRIES.has(name.toLowerCase()))) return false;
  // A lone word, or a name made only of given names and surnames, may be a person: "at Kevin 3";
  // "San Andrés 70" is a saint's street.
  const person = (w: string): boolean => {
    const f = foldName(w.toLowerCase());
    return !SAINTS.has(f) && (givenNameKind(f) !== undefined || isCommonSurname(f));
  };
  return names.length === 1 ? !person(names[0] as string) : !names.every(person);
}

function streetAt(text: string, at: number, needsLead: boolean, p: Patterns): UntypedStreet | undefined {
  p.street.lastIndex = at;
  const m = p.street.exec(text);
  if (!m || (needsLead && !m[1])) return undefined;
  const number = m[3] as string;
  const end = m.index + m[0].length;
  if (YEAR.test(number) || (m[1] && YEAR.test(m[1].trim()))) return undefined;
  if (!endsPhrase(text, end) || !streetName(m[2] as string, p === LOWER)) return undefined;
  return { start: at, end, score: 0.55 };
}

/**
 * "Real Madrid 2 Barcelona 1", "liverpool 4 tottenham 2": a name before the first number makes it
 * a score. In lower-case text any word but a function word is such a name ("near 76 stubben 149").
 */
function scoreBefore(text: string, at: number, lower: boolean): boolean {
  const word = wordBefore(text, at);
  if (word === undefined) return false;
  return lower ? !STOP_WORDS.has(word.replace(/\.$/, '')) : UPPER.test(word[0] as string);
}

/**
 * In lower-case text (Presidio lower-cases a tenth of its samples; chat is often typed so) the
 * names have no capital to go by, so a preposition counts only after a phrase that puts a place
 * next ("they shipped it to hedemannstasse 15"); the form between two numbers needs nothing more.
 */
export function findUntypedStreets(text: string): UntypedStreet[] {
  const lower = !UPPER.test(text);
  const p = lower ? LOWER : CASED;
  const found: UntypedStreet[] = [];
  p.place.lastIndex = 0;
  for (let m = p.place.exec(text); m !== null; m = p.place.exec(text)) {
    const at = m.index + m[0].length;
    // "to Felicity and Hraunás 84": the street after a name and "and"; merge in detect-address.ts
    // takes the corner's name into the span.
    p.crossing.lastIndex = at;
    const crossing = p.crossing.test(text) ? p.crossing.lastIndex : -1;
    const street =
      streetAt(text, at, false, p) ?? (crossing < 0 ? undefined : streetAt(text, crossing, false, p));
    // Only after a phrase that puts a place next ("lives on", "ship it to", "office is at"): a
    // preposition alone leads to versions, games, flights and venues as often ("on Grafana 11",
    // "on Lufthansa 456", "at Anfield 3"). The shape is checked first: it is the cheaper test.
    if (street && contextBefore(text, at, true) > 0) {
      found.push(street);
      p.place.lastIndex = street.end;
    }
  }
  // The streets after a preposition are in text order: one walk skips numbers inside them.
  const led = found.length;
  let t = 0;
  p.numberFirst.lastIndex = 0;
  for (let m = p.numberFirst.exec(text); m !== null; m = p.numberFirst.exec(text)) {
    while (t < led && (found[t] as UntypedStreet).end <= m.index) t++;
    if (t < led && (found[t] as UntypedStreet).start <= m.index) continue;
    // "1 Verstappen 437", "5 Junio 10:30", "13 Pakoras 6": a house number, a name and a number is
    // as often a table row, a date or a menu line; only after a phrase that puts a place next.
    if (scoreBefore(text, m.index, lower)) continue;
    const street = streetAt(text, m.index, true, p);
    if (street && contextBefore(text, m.index, true) > 0) {
      found.push({ ...street, score: 0.5 });
      p.numberFirst.lastIndex = street.end;
    }
  }
  return found;
}
