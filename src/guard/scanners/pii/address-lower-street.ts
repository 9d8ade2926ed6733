import { PARTICLES, STOP_WORDS } from './address-lexicon.ts';
import { englishNameWord } from './address-street-forms.ts';

/**
 * A street named without a number and standing alone in text typed all in lower case: "final
 * answer: adams street", "<address>almeida street</address>", "esri, chloupková street", "gordon
 * street 73 448 266". Capitals are what lets address-named-street.ts take "Adams Street" alone; here
 * the name words must instead be no English word, no function word and no particle, and open the
 * phrase: after punctuation, a line start or a function word, so "lil wayne street" stays prose.
 * The type word is one that is no surname and no everyday noun of its own (street, road, avenue…).
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

export function findLowerStreets(text: string): LowerStreet[] {
  const found: LowerStreet[] = [];
  TYPE.lastIndex = 0;
  for (let m = TYPE.exec(text); m !== null; m = TYPE.exec(text)) {
    const start = streetBefore(text, m.index);
    if (start >= 0) found.push({ start, end: m.index + m[0].length, score: 0.5 });
  }
  return found;
}
