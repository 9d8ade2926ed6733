import { isCommonSurname } from './names-lexicon.ts';
import { afterFirmWord, LIST_JOIN, PLACE_ORG_WORDS, wordsBefore } from './person-context.ts';
import { type Tok, tokAt } from './person-tokens.ts';

/**
 * Coordinated lists of names ("Kovalev, Lee and Phillips"): the members of one list are the same
 * kind of thing, so one member's evidence speaks for the others, and a list that is a firm's name
 * ("The Jones, Mitchell and Williams office", "Davis, Polk & Wardwell LLP", "Johnson & Johnson")
 * is no person at all.
 */

/** What detect-person.ts decided for one run of capitalised words. */
export interface Candidate {
  /** First and last token of the name (after any title or opener). */
  from: number;
  to: number;
  person: boolean;
  /** A place or organisation: never promoted to a person. */
  place: boolean;
  /** Found through context before it (a title, "my name is", "starring"), which the list continues. */
  byContext: boolean;
  /** The first word is a known given name, trusted alone. */
  knownName: boolean;
  /** The first word is a given name that is also a common word ("Bob", "Grace", "Will"). */
  wordName: boolean;
}

/**
 * Members that can inherit a list's context: one word, not a common word unless it is also a name
 * ("founders: Eklund, Warren and Hill", but "starring Bang" is not).
 */
function canInherit(toks: Tok[], c: Candidate, lowercase: boolean): boolean {
  const tok = tokAt(toks, c.from);
  if (c.from !== c.to || c.place || !(lowercase || tok.shape === 'title')) return false;
  return !tok.isWord || tok.isRareWord || c.wordName || isCommonSurname(tok.fold);
}

function isFirm(text: string, toks: Tok[], run: Candidate[]): boolean {
  if (run.some((c) => c.byContext || c.from !== c.to)) return false;
  const last = run[run.length - 1] as Candidate;
  const after = toks[last.to + 1];
  const gap = after ? text.slice(tokAt(toks, last.to).end, after.start) : '';
  if (after && /^,?\s$/.test(gap) && PLACE_ORG_WORDS.has(after.fold)) return true;
  return run.length >= 3 && afterFirmWord(wordsBefore(text, toks, (run[0] as Candidate).from));
}

const isAmpersandFirm = (a: Candidate, b: Candidate): boolean =>
  a.from === a.to && b.from === b.to && !a.byContext && !b.byContext;

/**
 * Two single names joined by "and" and followed by a singular verb are one thing, a title: "Will
 * and Grace is my favourite show", "Romeo and Juliet was staged" (two people would be "are",
 * "were"). Evidence for a person before them ("starring Will and Grace is …") keeps them.
 */
function isTitle(text: string, toks: Tok[], run: Candidate[]): boolean {
  if (run.length !== 2) return false;
  const [a, b] = run as [Candidate, Candidate];
  if (a.from !== a.to || b.from !== b.to || a.byContext || b.byContext) return false;
  const join = text.slice(tokAt(toks, a.to).end, tokAt(toks, b.from).start);
  const after = text.slice(tokAt(toks, b.to).end, tokAt(toks, b.to).end + 8);
  return /^\s(?:and|&)\s$/.test(join) && /^\s(?:is|was|has)\b/.test(after);
}

function resolveRun(text: string, toks: Tok[], run: Candidate[], lowercase: boolean): void {
  if (isFirm(text, toks, run) || isTitle(text, toks, run)) {
    for (const c of run) c.person = false;
    return;
  }
  const first = run[0] as Candidate;
  if (first.person && first.byContext) {
    // "founders: Kovalev, Lee and Phillips", "starring X and Y".
    for (const c of run) {
      if (c.person || !canInherit(toks, c, lowercase)) continue;
      c.person = true;
      c.byContext = true;
    }
    return;
  }
  // "Alice, Bob and Carol": a known name vouches for given names that are also words.
  if (!run.some((c) => c.person && c.knownName)) return;
  for (const c of run) if (!c.person && c.wordName && c.from === c.to && !c.place) c.person = true;
}

/** Groups candidates into coordinated lists and applies the list rules; changes `person` in place. */
export function resolveLists(text: string, toks: Tok[], cands: Candidate[], lowercase: boolean): void {
  let runStart = 0;
  for (let k = 1; k <= cands.length; k++) {
    const prev = cands[k - 1] as Candidate;
    const cur = cands[k];
    const join = cur ? text.slice(tokAt(toks, prev.to).end, tokAt(toks, cur.from).start) : '';
    // "Johnson & Johnson", "Marks & Spencer": two single words joined by an ampersand are a firm.
    if (cur && join === ' & ' && isAmpersandFirm(prev, cur)) {
      for (const c of [prev, cur]) Object.assign(c, { person: false, place: true });
    }
    if (cur && LIST_JOIN.test(join)) continue;
    if (k - runStart >= 2) resolveRun(text, toks, cands.slice(runStart, k), lowercase);
    runStart = k;
  }
}
