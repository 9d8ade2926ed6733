import { wordSet } from '../../../util/index.ts';
import { foldName, isCommonSurname, isEnglishWord } from './names-lexicon.ts';
import {
  FUNCTION_WORDS,
  MODALS,
  NEVER_NAME,
  PARTICLES,
  PLACE_ORG_WORDS,
  SUFFIXES,
  TITLES,
} from './person-context.ts';
import { UNAMBIGUOUS_TECH } from './person-tech-names.ts';
import { type Tok, tokenize } from './person-tokens.ts';

/** Whether the value in a person slot (person-slots.ts) looks like a name, and how sure the slot is. */

export interface SlotName {
  start: number;
  end: number;
}

/**
 * 'strong': only a person stands there (customer, recipient, "… wrote:", SHIP TO, c/o): any
 * name-shaped value, even a less common English word capitalised ("c/o Morrow"). 'weak': usually a
 * person (name, driver, user, a sign-off, a display name, a record's first cell): the value needs
 * a word from the name lists, or capitals on every word, and is not a place alone. 'hint': a
 * person only sometimes ("driver" is a GPU's or a database's as often): a word from the name lists.
 */
export type Strength = 'strong' | 'weak' | 'hint';

export const set = wordSet;

/** Values that fill a person field without naming anyone. Most others are English words already. */
const NON_NAMES = set(
  'na tbd tba nil null none unknown anonymous anon nobody someone test admin eh huh hm hmm ah oh lol omg foo bar baz qux quux lorem ipsum',
);

const NAME_CHARS = /^[\p{L}\p{M}'’. -]+$/u;
const NAMED_KINDS: ReadonlySet<string> = new Set(['name', 'rare', 'word', 'ambiguous']);
const GIVEN_KINDS: ReadonlySet<string> = new Set(['name', 'rare']);
const LOWER_NAMED_KINDS: ReadonlySet<string> = new Set(['name', 'word']);

/**
 * The span of the name in text[start, end), if the value looks like one. `strip`: drop leading
 * words that are not names ("please email Jane Doe <…>"), for values read backwards from a cue.
 */
export function nameValue(
  text: string,
  start: number,
  end: number,
  strength: Strength,
  strip = false,
): SlotName | undefined {
  while (start < end && /\s/.test(text[start] as string)) start++;
  while (end > start && /[\s"'“”]/.test(text[end - 1] as string)) end--;
  if (end - start < 2 || end - start > 60) return undefined;
  const raw = text.slice(start, end);
  if (!NAME_CHARS.test(raw)) return undefined;
  const toks = tokenize(raw);
  let i = 0;
  while (i < toks.length && TITLES.has((toks[i] as Tok).fold)) i++;
  if (strip) while (i < toks.length && !nameWord(toks[i] as Tok, 'strong')) i++;
  const words = toks.slice(i);
  const first = words[0];
  const last = words[words.length - 1];
  if (first === undefined || last === undefined) return undefined;
  for (let j = 1; j < words.length; j++) {
    const gap = raw.slice((words[j - 1] as Tok).end, (words[j] as Tok).start);
    if (gap !== ' ' && !(gap === '. ' && (words[j - 1] as Tok).text.length === 1)) return undefined;
  }
  const core = words.filter((t) => !(PARTICLES.has(t.fold) && t.shape === 'lower') && !SUFFIXES.has(t.fold));
  if (core.length < 1 || core.length > 4) return undefined;
  // After a given name, a less common English word is a surname ("Kimberly Pinto").
  const given = core[0] !== undefined && GIVEN_KINDS.has(core[0].kind ?? '');
  if (!core.every((t, j) => nameWord(t, j > 0 && given ? 'strong' : strength))) return undefined;
  const lone = core.length === 1 ? (core[0] as Tok) : undefined;
  // A lone letter is an initial, not a name ("A", "x"); a frequent word alone is that word even
  // where the name lists hold it ("Apple wrote:", "Customer Success").
  if (
    core.every((t) => t.text.length === 1) ||
    (lone?.kind === 'ambiguous' && lone.isWord && !isCommonSurname(lone.fold))
  )
    return undefined;
  // In lower case a name the lists also hold as a frequent word ("see", "ya") proves nothing.
  const isNamed = (t: Tok): boolean =>
    (t.shape === 'lower' ? LOWER_NAMED_KINDS : NAMED_KINDS).has(t.kind ?? '') || isCommonSurname(t.fold);
  // Capitals in a line that has lower case are an acronym unless a name ("Reporter: QA", "HR").
  if (core.some((t) => t.shape === 'upper' && !isNamed(t)) && hasLowerNear(text, start, end))
    return undefined;
  if (strength === 'hint' && !core.some(isNamed)) return undefined;
  if (strength !== 'strong') {
    // Without capitals a name starts with a word the name lists hold ("howard", "heather horvatinčić").
    if (!(isNamed(core[0] as Tok) || (core[0] as Tok).shape === 'title')) return undefined;
    if (!core.some(isNamed) && !core.every((t) => t.shape === 'title')) return undefined;
    // "Paris", "Georgia" alone are places as often as people. Alone in lower case only a popular
    // given name: `name: 'long'`, `"name": "pino"` are a word and a package.
    const place = (core[0] as Tok).kind === 'place' || (core[0] as Tok).kind === 'city';
    if (place && !core.slice(1).some(isNamed)) return undefined;
    if (lone && lone.shape === 'lower' && (lone.isWord || lone.kind !== 'name')) return undefined;
  }
  const tail = SUFFIXES.has(last.fold) && raw[last.end] === '.' ? 1 : 0;
  return { start: start + first.start, end: start + last.end + tail };
}

/** Lower-case letters on the value's line, looked for within 120 characters either side. */
function hasLowerNear(text: string, start: number, end: number): boolean {
  for (let k = start - 1; k >= Math.max(0, start - 120) && text[k] !== '\n'; k--)
    if (/\p{Ll}/u.test(text[k] as string)) return true;
  for (let k = end; k < Math.min(text.length, end + 120) && text[k] !== '\n'; k++)
    if (/\p{Ll}/u.test(text[k] as string)) return true;
  return false;
}

/** One word of a slot's value: not a function word, an English word that is no name, an org or a tool. */
function nameWord(tok: Tok, strength: Strength): boolean {
  if (tok.notName || NEVER_NAME.has(tok.fold) || NON_NAMES.has(tok.fold) || UNAMBIGUOUS_TECH.has(tok.fold))
    return false;
  // "Will Welch" keeps its given name; "will", "May I" stay words.
  const modalName = MODALS.has(tok.fold) && tok.shape === 'title' && tok.kind !== undefined;
  if (FUNCTION_WORDS.has(tok.fold) && !PARTICLES.has(tok.fold) && !modalName) return false;
  // "Test-Types", "well-known": English words joined, no double-barrelled name.
  if (
    tok.text.includes('-') &&
    tok.kind === undefined &&
    tok.text.split('-').every((p) => isEnglishWord(foldName(p)))
  )
    return false;
  if (PLACE_ORG_WORDS.has(tok.fold) && !isCommonSurname(tok.fold)) return false;
  if (tok.shape === 'initial') return true;
  // "httpClient", "sendHeaders": an identifier.
  if (tok.shape === 'lower' && /\p{Lu}/u.test(tok.text)) return false;
  const named = NAMED_KINDS.has(tok.kind ?? '') || isCommonSurname(tok.fold);
  if (named || !tok.isWord) return true;
  // A less common English word: a name only capitalised where nothing but a person stands ("c/o Morrow").
  return tok.isRareWord && tok.shape === 'title' && strength === 'strong';
}
