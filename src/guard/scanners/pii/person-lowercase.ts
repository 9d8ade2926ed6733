import { FUNCTION_WORDS } from './person-context.ts';
import type { Tok } from './person-tokens.ts';

/**
 * A full name typed in lower case inside a normally written sentence: "please forward this to
 * natasha higuchi". In such text capitals are what mark names, so a lower-case pair counts only
 * when it could be nothing else: a popular given name that is not also an English word
 * ("natasha"; not "grace", "will", "mark"), then a word that is neither an English word nor a
 * function word ("higuchi"; not "natasha said"). Single lower-case names ("ask joshua") are left
 * alone, and so are longer runs, whose ends are not clear. The pair must also stand where a name
 * is expected: at the start of the text, a line or a sentence, after a bracket, comma or colon,
 * or after a word that introduces a person ("to", "with", "by", "cc", "dear", "thanks", "ask"…);
 * in chat slang a lower-case given name is as often a word ("dick", "ian", "ben"). Text written
 * all in lower case has its own rules (decideLowercase in detect-person.ts).
 */
export interface LowercaseName {
  start: number;
  end: number;
}

const LATIN = /^\p{Script=Latin}+(?:['’-]\p{Script=Latin}+)*$/u;
const VOWEL = /[aeiouyàáâäãåèéêëìíîïòóôöõøùúûüýÿ]/;
/** Words after which a person is named. */
const INTRODUCERS = new Set(
  'to with by from for cc bcc dear hi hello hey thanks thank ask tell email mail call contact meet met and or named called signed attn attention via regards'.split(
    ' ',
  ),
);

/** Whether a name can start at `start`: a boundary of text, line, sentence or clause, or an introducer word. */
function nameExpectedAt(text: string, start: number, before: Tok | undefined): boolean {
  let i = start;
  while (i > 0 && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
  if (i === 0 || /[\n.!?(,:;"“]/.test(text[i - 1] as string)) return true;
  return before !== undefined && before.end === i && INTRODUCERS.has(before.fold);
}

function surnameLike(tok: Tok): boolean {
  return (
    tok.shape === 'lower' &&
    tok.text.length > 1 &&
    !tok.glued &&
    !tok.notName &&
    !FUNCTION_WORDS.has(tok.fold) &&
    !tok.isWord &&
    tok.text.length > 2 &&
    VOWEL.test(tok.fold) &&
    LATIN.test(tok.text)
  );
}

export function lowercaseNames(text: string, toks: readonly Tok[]): LowercaseName[] {
  const found: LowercaseName[] = [];
  for (let i = 0; i + 1 < toks.length; i++) {
    const given = toks[i] as Tok;
    if (given.shape !== 'lower' || given.possessive || given.kind !== 'name' || given.isWord) continue;
    if (FUNCTION_WORDS.has(given.fold) || given.notName || !LATIN.test(given.text)) continue;
    const surname = toks[i + 1] as Tok;
    if (text.slice(given.end, surname.start) !== ' ' || !surnameLike(surname)) continue;
    // A third lower-case word that could continue the name: the run's end is unclear.
    const next = toks[i + 2];
    if (next && text.slice(surname.end, next.start) === ' ' && surnameLike(next)) continue;
    const before = toks[i - 1];
    if (before && text.slice(before.end, given.start) === ' ' && surnameLike(before)) continue;
    if (!nameExpectedAt(text, given.start, before)) continue;
    // "joe http://…", "jason@…": a link or handle, not a surname.
    if (/^[:/@]/.test(text.slice(surname.end, surname.end + 1))) continue;
    found.push({ start: given.start, end: surname.end });
    i++;
  }
  return found;
}
