import { PARTICLES } from './address-lexicon.ts';
import { countryAfter } from './address-named-street.ts';
import { foldName, givenNameKind, isEnglishWord } from './names-lexicon.ts';

/**
 * A street named with no house number and no preposition before it: "Bezrukov Street is where I
 * live", "Send it to John Smith, Chloupková Street, by Friday". Only strong English type words
 * count ("Street", "Road", "Avenue"…; not "Lane", "Way", "Place", "Court", which name people,
 * idioms and institutions: "Lois Lane", "Supreme Court"), written with a capital, after one to
 * three capitalised name words of which none is an English word ("Wall Street", "Sesame Street",
 * "Abbey Road", "Park Avenue" stay prose) and not a single given name ("Jimmy Road"). Scored at
 * the default cut (0.5): a policy with a higher `minScore` leaves these out.
 */

export interface BareStreet {
  start: number;
  end: number;
  score: number;
}

// No look-behind: one before the alternation would be tried at every position of the text.
const TYPE = /\b(?:Street|Road|Avenue|Boulevard|Terrace|Crescent|Parkway|Highway|Drive)\b/g;
/** One name word read backwards: letters, apostrophes, hyphens, ending at `end`. */
const NAME_WORD = /[\p{L}][\p{L}\p{M}'’-]*$/u;
const MAX_NAME_WORDS = 3;

interface NameWord {
  start: number;
  word: string;
}

/** Up to three words before the type word, each separated by blanks only, nearest last. */
function nameWordsBefore(text: string, typeStart: number): NameWord[] {
  const words: NameWord[] = [];
  let end = typeStart;
  while (words.length < MAX_NAME_WORDS) {
    let gap = end;
    while (gap > 0 && (text[gap - 1] === ' ' || text[gap - 1] === '\t')) gap--;
    if (gap === end) break;
    const m = NAME_WORD.exec(text.slice(Math.max(0, gap - 40), gap));
    if (!m) break;
    const start = gap - m[0].length;
    // A word glued to something before it ("x.Anderson") is not a name word.
    if (start > 0 && /[\p{L}\p{N}]/u.test(text[start - 1] as string)) break;
    words.unshift({ start, word: m[0] });
    end = start;
  }
  return words;
}

const capitalised = (word: string): boolean => word[0] !== (word[0] as string).toLowerCase();

export function findBareStreets(text: string): BareStreet[] {
  const found: BareStreet[] = [];
  TYPE.lastIndex = 0;
  for (let m = TYPE.exec(text); m !== null; m = TYPE.exec(text)) {
    const candidates = nameWordsBefore(text, m.index);
    // The name is the capitalised words nearest the type word (particles may sit inside it).
    let from = candidates.length;
    while (from > 0) {
      const w = (candidates[from - 1] as NameWord).word;
      if (!capitalised(w) && !(PARTICLES.has(w.toLowerCase()) && from < candidates.length)) break;
      from--;
    }
    // A lower-case particle does not open the name ("de Almeida Street" is "Almeida Street").
    while (from < candidates.length && !capitalised((candidates[from] as NameWord).word)) from++;
    const first = candidates[from];
    if (!first) continue;
    const name = candidates.slice(from).map((c) => c.word);
    const folded = name.map((w) => foldName(w.toLowerCase().replace(/['’]s$/, '')));
    if (folded.some((w, i) => !PARTICLES.has(name[i]?.toLowerCase() ?? '') && isEnglishWord(w))) continue;
    if (name.length === 1 && givenNameKind(folded[0] as string) === 'name') continue;
    found.push({ start: first.start, end: countryAfter(text, m.index + m[0].length), score: 0.5 });
  }
  return found;
}
