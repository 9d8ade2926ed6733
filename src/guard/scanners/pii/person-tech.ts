import { type Before, FUNCTION_WORDS, wordsBefore } from './person-context.ts';
import {
  BARE_NOUNS,
  BARE_VERB_LICENSORS,
  COMPARATIVES,
  CONVERSION_VERBS,
  DETERMINERS,
  FOR_NOUNS,
  LIST_CONNECTORS,
  PERSON_OBJECT_VERBS,
  POSSESSIVE_TECH,
  POSSESSIVE_TECH_PAIRS,
  PROGRAMMING_WORDS,
  SOFTWARE_KINDS,
  SOFTWARE_VERBS,
  SUBJECT_VERBS_AFTER,
  TECH_NAMES,
  TECH_NOUNS,
  TECH_SECOND_WORDS,
  UNAMBIGUOUS_TECH,
  VENDORS,
  VERB_LIKE_NOUNS,
} from './person-tech-names.ts';
import type { Chunk, Tok } from './person-tokens.ts';

/**
 * Languages and tools named like people ("Ruby", "Julia", "Ada", "Cassandra", "Jasmine"; the list
 * is person-tech-names.ts): such a word is the technology only on strong evidence in the sentence,
 * because the same words are also real people's names and "Julia tests the build" is a person.
 * Evidence, for the word alone (not "Julia Roberts"):
 * - after it: a version ("Ruby 3.2", "Julia 1.10"), "on Rails", a noun that cannot be a verb there
 *   ("our Cassandra cluster", "a Ruby gem", "Travis CI"); a noun that can ("tests", "code",
 *   "builds") only after a determiner ("our Julia code") or before a verb that takes it as subject
 *   ("Jasmine tests fail on CI"); after a possessive, a part of a language ("Ruby's syntax");
 * - before it: a software verb ("install Julia", "learning Ruby"), a vendor ("Apache Cassandra",
 *   "Amazon Aurora"), a programming frame ("write it
 *   in Ruby", "using Julia, write a function", "port this function to Julia", "bindings for Julia");
 * - backticks around it;
 * - a list with an unambiguous technology name ("Python, Ruby and Go", "Julia vs. Python", "Is
 *   Cassandra or Postgres better") or with another such name that has evidence of its own ("in
 *   Ruby or Julia").
 * "Julia and Ruby are my sisters", "Julia wrote a Python script" and "Ask Julia about the Ruby
 * upgrade" give none for the person. Context that names a person (titles, "my name is", "my
 * colleague") is decided before this and wins; a greeting or "ask" does not ("Ask Siri to …").
 * Only words of the list pay for any of this: one Set look-up for every other candidate.
 */

const MAX_SENTENCE_TOKENS = 14;
const MAX_LIST_MEMBERS = 5;
/** How far an inline code span is looked for on either side of the word. */
const CODE_SPAN_REACH = 80;
/** Technology names that are also ordinary words or letters: list members only, no sentence evidence. */
const PROSE_WORDS = new Set('go swift rust react spark node c r elm vim dart express'.split(' '));

const VERSION_AFTER = /^ v?\d+(?:\.(?:\d+|x))+(?![\d.]\d)|^ v\d+\b/;
const RAILS_AFTER = /^ on Rails\b/;
/** A bare number after the name: "Ada 2012", "Ada 95" (versions only with programming words near). */
const NUMBER_AFTER =
  /^ \d{2,4}(?![\d.,:%/-])(?! ?(?:years?|yrs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|seconds?|secs?|dollars?|euros?|pounds?|bucks|points?|percent|items?|times|pages|words|tokens|people|more|of|and|or|to)\b)/;
const SENTENCE_BREAK = /[!?;\n]|\.(?:\s|$)/;
const SPACE = /^ $/;

/** Whether the words from `i` on in chunk `c` name a technology rather than a person. */
export function namesTechnology(
  text: string,
  toks: readonly Tok[],
  i: number,
  c: Chunk,
  lowercase: boolean,
): boolean {
  const first = toks[i] as Tok;
  if (!TECH_NAMES.has(first.fold)) return false;
  if (i < c.to) {
    const second = toks[i + 1] as Tok;
    // "Kali Linux", "Rocky Linux 9"; in lower-case text "julia vs python" is one run.
    if (c.to === i + 1 && TECH_SECOND_WORDS.has(second.fold)) return true;
    if (!(lowercase && c.to === i + 1 && LIST_CONNECTORS.has(second.fold))) return false;
  }
  return ownEvidence(text, toks, i) || inTechList(text, toks, i, lowercase);
}

/**
 * Per text (keyed by its token list): hasOwnEvidence's answers, since in a long list each member is
 * asked about by its neighbours, and whether the text has a backtick at all.
 */
interface TextState {
  memo: Map<number, boolean>;
  backticks: boolean;
}
const states = new WeakMap<readonly Tok[], TextState>();

function ownEvidence(text: string, toks: readonly Tok[], k: number): boolean {
  let state = states.get(toks);
  if (!state) {
    state = { memo: new Map(), backticks: text.includes('`') };
    states.set(toks, state);
  }
  let known = state.memo.get(k);
  if (known === undefined) {
    known = hasOwnEvidence(text, toks, k, state.backticks);
    state.memo.set(k, known);
  }
  return known;
}

/** Evidence around the word itself (not its list). */
function hasOwnEvidence(text: string, toks: readonly Tok[], k: number, backticks: boolean): boolean {
  const tok = toks[k] as Tok;
  if (backticks && insideBackticks(text, tok)) return true;
  if (tok.possessive) return possessiveTech(text, toks, k);
  const after = text.slice(tok.end, tok.end + 24);
  if (VERSION_AFTER.test(after) || RAILS_AFTER.test(after)) return true;
  const next = toks[k + 1];
  const spaced = next !== undefined && SPACE.test(text.slice(tok.end, next.start));
  const before = wordsBefore(text, toks, k);
  if (spaced && next.shape !== 'title') {
    if (TECH_NOUNS.has(next.fold)) return true;
    if (VERB_LIKE_NOUNS.has(next.fold) && nounAfterName(text, toks, k, before)) return true;
    if (definesSoftware(text, toks, k)) return true;
  }
  const gapOk = SPACE.test(before.gap) || (before.w1 === 'using' && /^\s+$/.test(before.gap));
  if (gapOk) {
    if (SOFTWARE_VERBS.has(before.w1) || (before.cap1 && VENDORS.has(before.w1))) return true;
    if (before.w1 === 'using' && programmingNear(text, toks, k, true, true)) return true;
    if (before.w1 === 'in' && programmingNear(text, toks, k, true, false)) return true;
    if ((before.w1 === 'to' || before.w1 === 'into' || before.w1 === 'from') && convertsCode(text, toks, k))
      return true;
    if (before.w1 === 'for' && FOR_NOUNS.has(before.w2)) return true;
  }
  return NUMBER_AFTER.test(after) && programmingNear(text, toks, k, true, true);
}

/** "Ruby's syntax", "Julia's type system"; "Julia's notebook" is hers. */
function possessiveTech(text: string, toks: readonly Tok[], k: number): boolean {
  const tok = toks[k] as Tok;
  const n1 = toks[k + 1];
  if (!n1 || !/^['’]s $/.test(text.slice(tok.end, n1.start))) return false;
  if (POSSESSIVE_TECH.has(n1.fold)) return true;
  const n2 = toks[k + 2];
  return (
    n2 !== undefined &&
    SPACE.test(text.slice(n1.end, n2.start)) &&
    POSSESSIVE_TECH_PAIRS.has(`${n1.fold}|${n2.fold}`)
  );
}

/**
 * A word that is a noun or a verb after the name (`k + 1`) is the noun: after a determiner ("our
 * Julia code"); before the verb it is the subject of ("Jasmine tests fail"); or, for "code",
 * "build" and a few more bare forms, unless something before the name licenses a bare verb ("Let
 * Julia code it", "Julia and Ruby build the app"). After "ask" or "tell" the name is a person and
 * the noun a second object ("Ask Julia support questions", "Tell Julia tests are failing").
 */
function nounAfterName(text: string, toks: readonly Tok[], k: number, before: Before): boolean {
  const spaced = SPACE.test(before.gap);
  if (spaced && PERSON_OBJECT_VERBS.has(before.w1)) return false;
  if (spaced && DETERMINERS.has(before.w1)) return true;
  if (subjectVerbAfter(text, toks, k + 1)) return true;
  return BARE_NOUNS.has((toks[k + 1] as Tok).fold) && !(spaced && BARE_VERB_LICENSORS.has(before.w1));
}

const COPULA = new Set(['is', 'was']);
const DEFINITE = new Set(['a', 'an', 'the']);
const MAX_DEFINITION_WORDS = 5;

/**
 * "Julia is a high-level programming language", "Cassandra is a wide-column store", "Ada is a
 * language used in avionics": the head noun of the definition is a kind of software. "Julia is a
 * language teacher" ends in "teacher".
 */
function definesSoftware(text: string, toks: readonly Tok[], k: number): boolean {
  const verb = toks[k + 1] as Tok;
  const article = toks[k + 2];
  if (!COPULA.has(verb.fold) || !article || !DEFINITE.has(article.fold)) return false;
  if (!SPACE.test(text.slice(verb.end, article.start))) return false;
  let head = '';
  let prev = article;
  for (let j = k + 3; j < toks.length && j <= k + 2 + MAX_DEFINITION_WORDS; j++) {
    const tok = toks[j] as Tok;
    if (!SPACE.test(text.slice(prev.end, tok.start)) || FUNCTION_WORDS.has(tok.fold)) break;
    // "a language used in …", "a database storing …"; but "a programming language".
    if (/(?:ed|ing)$/.test(tok.fold) && (head === '' ? tok.fold.endsWith('ed') : SOFTWARE_KINDS.has(head)))
      break;
    head = tok.fold;
    prev = tok;
  }
  return SOFTWARE_KINDS.has(head);
}

/** "Jasmine tests fail", "Julia code is slow": the noun at `n` is followed by its verb. */
function subjectVerbAfter(text: string, toks: readonly Tok[], n: number): boolean {
  const noun = toks[n] as Tok;
  const verb = toks[n + 1];
  return (
    verb !== undefined && SPACE.test(text.slice(noun.end, verb.start)) && SUBJECT_VERBS_AFTER.has(verb.fold)
  );
}

/** An inline code span on the same line, within a few words: "set the `Cassandra` host". */
function insideBackticks(text: string, tok: Tok): boolean {
  let open = 0;
  for (let p = tok.start - 1; p >= 0 && p >= tok.start - CODE_SPAN_REACH; p--) {
    const ch = text.charCodeAt(p);
    if (ch === 10) break;
    if (ch === 96) open++;
  }
  if (open % 2 === 0) return false;
  for (let p = tok.end; p < text.length && p < tok.end + CODE_SPAN_REACH; p++) {
    const ch = text.charCodeAt(p);
    if (ch === 10) return false;
    if (ch === 96) return true;
  }
  return false;
}

/** Whether a sentence break lies between tokens `a` and `b` (adjacent, a before b). */
function breaksBetween(text: string, a: Tok, b: Tok): boolean {
  const gap = text.slice(a.end, b.start);
  if (!SENTENCE_BREAK.test(gap)) return false;
  // "Julia vs. Python", "e.g. Ruby": an abbreviation's full stop.
  return (
    !(a.fold === 'vs' || a.fold === 'eg' || a.fold === 'e.g' || a.text.length === 1) || /[!?;\n]/.test(gap)
  );
}

/** A programming word or an unambiguous technology name in the same sentence, before and/or after `k`. */
function programmingNear(
  text: string,
  toks: readonly Tok[],
  k: number,
  back: boolean,
  ahead: boolean,
): boolean {
  if (back) {
    for (let j = k - 1; j >= 0 && j >= k - MAX_SENTENCE_TOKENS; j--) {
      const tok = toks[j] as Tok;
      if (breaksBetween(text, tok, toks[j + 1] as Tok)) break;
      if (isProgrammingWord(tok)) return true;
    }
  }
  if (ahead) {
    for (let j = k + 1; j < toks.length && j <= k + MAX_SENTENCE_TOKENS; j++) {
      const tok = toks[j] as Tok;
      if (breaksBetween(text, toks[j - 1] as Tok, tok)) break;
      if (isProgrammingWord(tok)) return true;
    }
  }
  return false;
}

const isProgrammingWord = (tok: Tok): boolean =>
  PROGRAMMING_WORDS.has(tok.fold) ||
  (tok.shape !== 'lower' && UNAMBIGUOUS_TECH.has(tok.fold) && !PROSE_WORDS.has(tok.fold));

/** "port this function to Julia", "translate this code from Ruby": a conversion verb and code. */
function convertsCode(text: string, toks: readonly Tok[], k: number): boolean {
  let verb = false;
  let code = false;
  for (let j = k - 2; j >= 0 && j >= k - MAX_SENTENCE_TOKENS; j--) {
    const tok = toks[j] as Tok;
    if (breaksBetween(text, tok, toks[j + 1] as Tok)) break;
    verb ||= CONVERSION_VERBS.has(tok.fold);
    code ||= isProgrammingWord(tok);
  }
  // "We migrated from Cassandra to ScyllaDB": the code word may come after.
  return verb && (code || programmingNear(text, toks, k, false, true));
}

interface Step {
  /** Index of the next member, or -1. */
  at: number;
  /** Joined by "and", "or", "vs", "/", "&" or a comparative, not a bare comma. */
  connector: boolean;
}

const NO_STEP: Step = { at: -1, connector: false };
/** A list gap without the "++" or "#" of "C++", "C#": a bare comma is no connector. */
const isBareComma = (gap: string): boolean => gap.replace(/^(?:\+\+|#)/, '').trim() === ',';
const LIST_PUNCT = /^(?:\+\+|#)?\s*[,/&]\s*$/;
const SPACES = /^(?:\+\+|#)?[ \t]+$/;

function stepRight(text: string, toks: readonly Tok[], k: number): Step {
  const a = toks[k] as Tok;
  const b = toks[k + 1];
  if (!b || a.possessive) return NO_STEP;
  const gap = text.slice(a.end, b.start);
  const c = toks[k + 2];
  const cGap = c ? text.slice(b.end, c.start) : '';
  if (LIST_PUNCT.test(gap)) {
    // "Python, Ruby, and Go".
    if (LIST_CONNECTORS.has(b.fold) && b.shape === 'lower' && SPACE.test(cGap))
      return { at: k + 2, connector: true };
    return { at: k + 1, connector: !isBareComma(gap) };
  }
  if (!SPACES.test(gap) || b.shape !== 'lower' || !c) return NO_STEP;
  if (LIST_CONNECTORS.has(b.fold) && /^\.?[ \t]+$/.test(cGap)) return { at: k + 2, connector: true };
  const d = toks[k + 3];
  if (
    COMPARATIVES.has(b.fold) &&
    c.fold === 'than' &&
    SPACE.test(cGap) &&
    d &&
    SPACE.test(text.slice(c.end, d.start))
  )
    return { at: k + 3, connector: true };
  return NO_STEP;
}

function stepLeft(text: string, toks: readonly Tok[], k: number): Step {
  const b = toks[k] as Tok;
  const a = toks[k - 1];
  if (!a || a.possessive) return NO_STEP;
  const gap = text.slice(a.end, b.start);
  if (LIST_PUNCT.test(gap)) return { at: k - 1, connector: !isBareComma(gap) };
  const z = toks[k - 2];
  if (!SPACES.test(gap) || a.shape !== 'lower' || !z || z.possessive) return NO_STEP;
  const zGap = text.slice(z.end, a.start);
  // "Julia vs. Python", "Python, Ruby, and Julia", "C++ or Julia".
  if (LIST_CONNECTORS.has(a.fold) && /^(?:\+\+|#)?,?[ \t]+$/.test(zGap))
    return { at: k - 2, connector: true };
  const y = toks[k - 3];
  if (
    a.fold === 'than' &&
    COMPARATIVES.has(z.fold) &&
    SPACE.test(zGap) &&
    y &&
    SPACE.test(text.slice(y.end, z.start))
  )
    return { at: k - 3, connector: true };
  return NO_STEP;
}

/**
 * A lone word as a list member: capitalised (any word in lower-case text), not part of a longer
 * run ("Taylor Swift and Julia", "Monty Python and …"), and a single letter not an initial
 * ("C. Smith").
 */
function isMember(text: string, toks: readonly Tok[], m: number, lowercase: boolean): boolean {
  const tok = toks[m] as Tok;
  if (!lowercase && tok.shape === 'lower') return false;
  if (lowercase) return true;
  const prev = toks[m - 1];
  const next = toks[m + 1];
  if (prev && prev.shape !== 'lower' && SPACE.test(text.slice(prev.end, tok.start))) return false;
  if (next && next.shape !== 'lower' && SPACE.test(text.slice(tok.end, next.start))) return false;
  if (tok.text.length === 1 && next && next.shape !== 'lower' && text.slice(tok.end, next.start) === '. ')
    return false;
  return true;
}

const isTechMember = (text: string, toks: readonly Tok[], m: number): boolean => {
  const fold = (toks[m] as Tok).fold;
  return UNAMBIGUOUS_TECH.has(fold) || (TECH_NAMES.has(fold) && ownEvidence(text, toks, m));
};

/**
 * A coordinated list ("Python, Ruby and Go", "Julia vs. Python", "Crystal faster than Ruby") with
 * a technology member. Two members joined only by a comma are no list ("Julia, Python is ready"
 * addresses Julia).
 */
function inTechList(text: string, toks: readonly Tok[], k: number, lowercase: boolean): boolean {
  let found = false;
  let connector = false;
  let members = 0;
  for (const step of [stepLeft, stepRight]) {
    let at = k;
    for (let n = 0; n < MAX_LIST_MEMBERS; n++) {
      const s = step(text, toks, at);
      if (s.at < 0 || !isMember(text, toks, s.at, lowercase)) break;
      at = s.at;
      members++;
      connector ||= s.connector;
      found ||= isTechMember(text, toks, at);
      if (found && (connector || members >= 2)) return true;
    }
  }
  return false;
}
