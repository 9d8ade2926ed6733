import { detectPersons } from '../pii/detect-person.ts';
import { foldName, givenNameKind } from '../pii/names-lexicon.ts';
import { NEVER_NAME, OCCUPATIONS, ROLE_TITLES, TITLES } from '../pii/person-context.ts';

/**
 * Whether the word after a curse ("fuck Kevin", "screw Outlook") is a person, read with the PII
 * scanner's PERSON detector and name lists (imported, not copied; the detector itself runs only on
 * two capitalised words, where its context rules add to the lists). A capitalised word they do not
 * know as a name is taken for a thing: after "fuck" in a prompt it is far more often a product, a
 * tool, a place or a team ("fuck Docker", "fuck Jira", "screw Comcast") than a surname used alone,
 * and the people in a user's life are named by given names, which the lists hold (~62k). What this
 * costs: a public figure named by surname alone ("fuck Bezos") is flagged as profanity instead of
 * blocked, unless the sentence goes on about a "he" or "she".
 */

/** Roles and relations that are people ("fuck my landlord"), from the PERSON detector's lists. */
const ROLE_THINGS = new Set(
  // Also things where a prompt meets them: "the master branch", "this agent", "a GPU driver",
  // "the LLM judge", "a release candidate", "the tenant config".
  'general major master agent client member justice driver guest resident patient judge inspector candidate tenant'.split(
    ' ',
  ),
);
export const ROLE_WORDS: ReadonlySet<string> = new Set(
  [...ROLE_TITLES, ...OCCUPATIONS]
    .filter((w) => !ROLE_THINGS.has(w))
    .flatMap((w) => [w, w.endsWith('s') ? `${w}es` : `${w}s`]),
);

/** A person referred to again just after: "fuck Bezos, he …", "screw Mike, I hate him". */
const PERSONAL_PRONOUN = /^(?:he|she|him|himself|herself|he's|she's|hes|shes)$/;

/** Titles before a name ("Dr. Patel", "President Obama"). */
const isTitle = (folded: string): boolean => TITLES.has(folded) || ROLE_TITLES.has(folded);

/** Given-name kinds the PERSON detector trusts in a capitalised word mid-sentence. */
const NAME_KINDS = new Set(['name', 'rare', 'word']);

/** At most this many PERSON-detector runs per text; a repeated word is judged once. */
const MAX_DETECTOR_RUNS = 4;

/** Per text: the detector runs made and the answers for words already judged. */
export interface NameMemo {
  runs: number;
  known: Map<string, boolean>;
}
export const newNameMemo = (): NameMemo => ({ runs: 0, known: new Map() });

/**
 * Whether the capitalised word of `original` at `at`, right after a curse that starts at `from`,
 * begins a person's name: a handle ("@dave"), a title before a capitalised word ("Dr. Patel"), a
 * given name of the PERSON detector's lists ("Kevin", "Mike", "Obama"), a run the detector reads
 * as a full name ("Jordan Peterson"), or a "he" or "she" among the next six words `later`.
 */
export function namesPerson(
  original: string,
  from: number,
  at: number,
  later: readonly string[],
  memo: NameMemo,
): boolean {
  if (original[at] === '@') return true; // a handle: "fuck @dave"
  if (later.slice(0, 6).some((w) => PERSONAL_PRONOUN.test(w))) return true;
  const [word = '', next] = original.slice(at, at + 60).split(/[\s.,;:!?()"]+/);
  const key = `${word} ${next ?? ''}`;
  const known = memo.known.get(key);
  if (known !== undefined) return known;
  const folded = foldName(word);
  const capitalisedNext = next !== undefined && /^\p{Lu}\p{Ll}/u.test(next);
  let person = (isTitle(folded) && capitalisedNext) || NAME_KINDS.has(givenNameKind(folded) ?? '');
  // Two capitalised words: let the detector read them ("Jordan Peterson"), a few times a text.
  if (!person && capitalisedNext && memo.runs < MAX_DETECTOR_RUNS) {
    memo.runs++;
    const slice = original.slice(from, at + 60);
    person = detectPersons(slice).some((span) => span.type === 'PERSON' && span.start === at - from);
  }
  memo.known.set(key, person);
  return person;
}

/**
 * A popular given name written in lower case ("fuck kevin"): the detector needs capitals outside
 * all-lowercase text, so the list is asked directly. Only names that are not also words.
 */
export const isLowercaseGivenName = (word: string): boolean => givenNameKind(foldName(word)) === 'name';

/** Faiths named for the people who hold them: "fuck Islam" is aimed at Muslims. */
const FAITHS = new Set(
  'islam christianity judaism hinduism sikhism buddhism catholicism mormonism'.split(' '),
);

/**
 * A group of people as the object of a curse: a faith, or a nationality, origin or identity in the
 * plural ("fuck Americans", "fuck vegans"), from the PERSON detector's list of words that describe
 * a person without naming one (its days of the week are not: "fuck Mondays").
 */
export const isGroupObject = (word: string): boolean =>
  FAITHS.has(word) ||
  (word.length > 4 && word.endsWith('s') && !word.endsWith('days') && NEVER_NAME.has(word.slice(0, -1)));
