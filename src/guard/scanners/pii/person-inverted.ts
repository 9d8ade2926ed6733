import { foldName, givenNameKind, isCommonSurname } from './names-lexicon.ts';
import type { PiiSpan } from './types.ts';

/** Given names, including those that are also words ("Maria", "Grace"): the field says it is a name. */
const GIVEN: ReadonlySet<string> = new Set(['name', 'word', 'rare']);
/** A label's colon or the start of a line before the surname ("Attendee: Smith, John"). */
const LABELLED_BEFORE = /(?:^|\n|:)[ \t]*$/;
/** The given name ends the field: line end, text end, or a field separator. */
const FIELD_END_AFTER = /^[ \t]*(?:$|\r?\n|[;|()\]])/;

/**
 * "Smith, John" in a labelled field or a line of its own is one person, surname first, as rosters,
 * directories and sign-in sheets write names. Both words were already found as names; they are
 * joined only when the first is a common surname, the second a given name, and the pair fills its
 * field — in prose or a list ("Smith, John, Mary and I") the comma separates people.
 */
export function joinInvertedNames(text: string, spans: PiiSpan[]): PiiSpan[] {
  const out: PiiSpan[] = [];
  for (let i = 0; i < spans.length; i++) {
    const a = spans[i] as PiiSpan;
    const b = spans[i + 1];
    if (
      b &&
      text.slice(a.end, b.start) === ', ' &&
      isCommonSurname(foldName(text.slice(a.start, a.end).toLowerCase())) &&
      GIVEN.has(givenNameKind(foldName(text.slice(b.start, b.end).toLowerCase())) ?? '') &&
      !/\s/.test(text.slice(a.start, a.end)) &&
      !/\s/.test(text.slice(b.start, b.end)) &&
      LABELLED_BEFORE.test(text.slice(Math.max(0, a.start - 40), a.start)) &&
      FIELD_END_AFTER.test(text.slice(b.end, b.end + 4))
    ) {
      out.push({ ...a, end: b.end, score: Math.max(a.score, b.score) });
      i++;
    } else out.push(a);
  }
  return out;
}
