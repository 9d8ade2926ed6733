import { COMPOUND_ENDING, NOT_COMPOUND, PARTICLES, STOP_WORDS } from './address-lexicon.ts';
import { openerStart } from './address-name-openers.ts';
import { englishNameWord } from './address-street-forms.ts';
import { wordBefore } from './address-tokens.ts';
import { foldName, isEnglishWord } from './names-lexicon.ts';

/**
 * A street named without a number and standing alone in text typed all in lower case: "final
 * answer: adams street", "<address>almeida street</address>", "esri, chloupková street", "gordon
 * street 73 448 266". Capitals are what lets address-named-street.ts take "Adams Street" alone; here
 * the name words must instead be no English word, no function word and no particle, and open the
 * phrase: after punctuation, a line start or a function word, so "lil wayne street" stays prose.
 * The type word is one that is no surname and no everyday noun of its own (street, road, avenue…),
 * and ends the phrase: a noun after it makes a noun phrase ("tokyo street food", "mumbai road
 * rage"). A one-word street with a street ending ("google public data explorer,gesäusestrasse 6,…")
 * counts the same way only with its house number: alone it is as often a word ("spielplatz").
 * Scored at the default cut (0.5), like the capitalised lone streets.
 */

export interface LowerStreet {
  start: number;
  end: number;
  score: number;
}

const TYPE =
  /(?<![\p{L}\p{M}])(?:street|road|avenue|boulevard|terrace|crescent|parkway|highway)(?![\p{L}\p{M}])/gu;
/** Up to two words right before the type word, on its line. */
const WORDS_BEFORE = /(?:\p{L}[\p{L}\p{M}'’.-]*[ \t]+){1,2}$/u;
const WORD = /\p{L}[\p{L}\p{M}'’.-]*/gu;

const nameWord = (w: string): boolean =>
  w.length >= 3 && !PARTICLES.has(w) && !STOP_WORDS.has(w) && !englishNameWord(w);

/** Start of the street's name before the type word at `at`, or -1. */
function streetBefore(text: string, at: number): number {
  const from = Math.max(0, at - 60);
  const m = WORDS_BEFORE.exec(text.slice(from, at));
  if (!m) return -1;
  const words = [...m[0].matchAll(WORD)].map((w) => ({ w: w[0], at: from + m.index + w.index }));
  const name = words.at(-1) as { w: string; at: number };
  const opener = words.at(-2);
  if (!nameWord(name.w) || (opener && !STOP_WORDS.has(opener.w.replace(/\.$/, '')))) return -1;
  return name.at;
}

/** A lower-case word, the possible start of a one-word street ("gesäusestrasse"). */
const LOWER_WORD = /(?<![\p{L}\p{M}\p{N}@#_.-])\p{Ll}[\p{Ll}\p{M}'’-]{6,39}(?![\p{L}\p{M}@])/gu;

/** "gesäusestrasse", "eskelundsvej": more than a street ending ("-tie" is a pet name) and no English word. */
function compound(word: string): boolean {
  const ending = COMPOUND_ENDING.exec(word);
  if (!ending || ending[0] === 'tie' || word.length - ending[0].length < 4 || NOT_COMPOUND.has(word))
    return false;
  return !isEnglishWord(foldName(word));
}

const AFTER = /[ \t]+(\p{L}[\p{L}\p{M}'’-]*)/uy;

/** Nothing but punctuation, a line end or a function word follows the street's last word. */
function endsName(text: string, at: number): boolean {
  AFTER.lastIndex = at;
  const m = AFTER.exec(text);
  return m === null || STOP_WORDS.has((m[1] as string).toLowerCase());
}

/** Opens its phrase: at a line start, after punctuation or after a function word. */
function opensPhrase(text: string, at: number): boolean {
  const last = wordBefore(text, at);
  return last === undefined || STOP_WORDS.has(last.replace(/\.$/, ''));
}

/** `streetEnd` (address-named-street.ts) takes in the house number, units and country after the name. */
export function findLowerStreets(
  text: string,
  streetEnd: (text: string, end: number) => number,
): LowerStreet[] {
  const found: LowerStreet[] = [];
  TYPE.lastIndex = 0;
  for (let m = TYPE.exec(text); m !== null; m = TYPE.exec(text)) {
    const end = m.index + m[0].length;
    // "tokyo street food", "mumbai road rage", "cappadocia road trip": the type word opens a noun
    // phrase; a street ends at punctuation, a line end or a function word.
    if (!endsName(text, end)) continue;
    const start = streetBefore(text, m.index);
    if (start >= 0) found.push({ start, end, score: 0.5 });
  }
  LOWER_WORD.lastIndex = 0;
  for (let m = LOWER_WORD.exec(text); m !== null; m = LOWER_WORD.exec(text)) {
    if (!compound(m[0])) continue;
    // "addr=de jongdijk", "to södra skolgränden": the phrase opens before the name's first words.
    const start = openerStart(text, m.index, m[0], true);
    if (!opensPhrase(text, start)) continue;
    // "spielplatz", "jakobsweg", "sateenkaari" are words too: alone, with a house number only.
    const end = streetEnd(text, m.index + m[0].length);
    if (!/\d/.test(text.slice(m.index + m[0].length, end))) continue;
    found.push({ start, end, score: 0.5 });
  }
  return found.sort((a, b) => a.start - b.start);
}
