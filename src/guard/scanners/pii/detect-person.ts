import { isCommonSurname, isCountryPair, isTransliterated } from './names-lexicon.ts';
import {
  ARTICLES,
  addressedTo,
  afterArticle,
  afterOrgNoun,
  afterPlacePreposition,
  credits,
  DAY_AFTER_POSSESSIVE,
  EPONYM_AFTER,
  FIGURE_AFTER,
  FUNCTION_WORDS,
  greets,
  introduces,
  MODALS,
  NEVER_NAME,
  namesRole,
  OCCUPATIONS,
  OPENER_VERBS,
  objectOfPersonVerb,
  PARTICLES,
  PERSONAL_AFTER_POSSESSIVE,
  PLACE_ORG_WORDS,
  PLACE_PREFIXES,
  PRODUCT_AFTER,
  ROLE_TITLES,
  SPEECH_AFTER,
  SURNAME_PLACE_WORDS,
  selfIntroduces,
  speechBefore,
  TITLES,
  VERB_NAMES,
  wordsBefore,
} from './person-context.ts';
import { TitleCaseLines } from './person-headings.ts';
import { joinInvertedNames } from './person-inverted.ts';
import { type Candidate, resolveLists } from './person-lists.ts';
import { withOtherNames } from './person-merge.ts';
import { isAddressed, isSentenceStart, willIsGivenName } from './person-sentence-start.ts';
import { namesTechnology } from './person-tech.ts';
import { type Chunk, chunks, type Tok, tokAt, tokenize } from './person-tokens.ts';
import type { PiiSpan } from './types.ts';

/**
 * Person names by heuristics, not a model. A run of capitalised words (see person-tokens.ts) is a
 * name when it starts with a known given name (data/pii/given-names.txt, ~62k names from
 * independent lists), or when its context says so: a courtesy title or role ("Dr. Okafor",
 * "President Lincoln"), an introduction ("my name is"), a credit ("directed by", "starring"),
 * a greeting or speech verb ("Hi Okafor", "Okafor said"), a personal possessive ("Okafor's
 * address"), or a list continuing one of these ("founders: Kovalev, Lee and Phillips", see
 * person-lists.ts). Names that are also words, places or cities ("Will", "Georgia", "Sydney") need
 * a surname or context, and at the start of a sentence a modal or verb ("Will you", "Mark the task
 * done") is read as a name only with a surname or when addressed (person-sentence-start.ts); runs
 * that are places, organisations or things ("Port Edward", "Marshall Islands", "Rand Corporation",
 * "Hyde Park", "Web Browser", "Taylor series", "The Great Gatsby", "Johnson & Johnson") are skipped, and so are words touching digits or with inner capitals
 * ("Cas9", "YouTube"). In a title-case line (person-headings.ts) capitals prove nothing, so only a
 * given name with a surname counts. Courtesy titles are not part of the span. In all-lowercase text
 * only popular given names and explicit context count. Surnames alone without context and rare
 * given names are missed; a given name that starts a company name ("Oliver Wyman") is a false
 * positive.
 */

const isWordName = (tok: Tok): boolean => tok.kind === 'ambiguous' || tok.kind === 'word';
/** A given name trusted with a surname; alone, a city name ("Sydney") needs context too. */
const isKnownName = (tok: Tok): boolean => tok.kind === 'name' || tok.kind === 'rare' || tok.kind === 'city';

interface Titles {
  i: number;
  titled: boolean;
  /** A courtesy title ("Mr.", "Dr."), after which even a word is a surname ("Mr. Fletcher"). */
  courtesy: boolean;
}

/** Leading titles and roles ("Dr.", "Aunt", "CEO") are context, not part of the name. */
function skipTitles(toks: Tok[], c: Chunk, from = c.from): Titles {
  let i = from;
  let courtesy = false;
  while (i < c.to) {
    const tok = tokAt(toks, i);
    const next = tokAt(toks, i + 1);
    // A role needs a name-like word after it: "General Motors" and "Father Christmas" are not.
    const role =
      (ROLE_TITLES.has(tok.fold) && (!next.isWord || next.kind !== undefined)) ||
      (OCCUPATIONS.has(tok.fold) && next.shape === 'title' && (!next.isWord || next.kind === 'word'));
    if (!TITLES.has(tok.fold) && !role) break;
    courtesy ||= TITLES.has(tok.fold);
    i++;
  }
  return { i, titled: i > from, courtesy };
}

/** An ambiguous given name ("Will", "Grant") counts with a surname-like word after it. */
function hasSurname(toks: Tok[], i: number, c: Chunk): boolean {
  if (i === c.to) return false;
  const next = tokAt(toks, i + 1);
  if (next.shape !== 'title' && !PARTICLES.has(next.fold)) return false;
  if (isCommonSurname(next.fold)) return true;
  // "North America", "Great Dane" are not given name and surname.
  if (next.kind === 'place') return false;
  return !next.isWord || isKnownName(next) || next.kind === 'word';
}

/** A capitalised opener before the name: "The …", "Yesterday John …", "May Anne come?". */
function skipOpener(text: string, toks: Tok[], i: number, c: Chunk): number {
  const tok = tokAt(toks, i);
  if (i === c.to) return i;
  if (NEVER_NAME.has(tok.fold) || (FUNCTION_WORDS.has(tok.fold) && !MODALS.has(tok.fold))) return i + 1;
  if (i !== c.from || !isSentenceStart(text, tok.start)) return i;
  const next = tokAt(toks, i + 1);
  // "Ping Mary-Kate", "Ping Grafana": a verb that is also a given name ("Ping") still opens.
  if (OPENER_VERBS.has(tok.fold)) return i + 1;
  if (!tok.isWord || isKnownName(tok)) return i;
  // "Will Sarah come?", "May Google …": a modal opens a question; "Will Smith" is still a name.
  if (MODALS.has(tok.fold)) return isCommonSurname(next.fold) || willIsGivenName(text, tok, next) ? i : i + 1;
  // "Frank Nolan", "Grant Wilson" keep their ambiguous given name; "Yesterday John", "Meet Alex",
  // "Bill John for it" and "Hope Mary is well" drop the opener.
  const given = next.kind === 'name' && !isCommonSurname(next.fold) && VERB_NAMES.has(tok.fold);
  const keep = isWordName(tok) && hasSurname(toks, i, c) && !given;
  return keep ? i : i + 1;
}

/**
 * "Chef Gordon Ramsay", "Senior Engineer Sarah Lee", "our Landlord John Smith": capitalised English
 * words before a given name and a surname are a role or a heading, not part of the name. A given
 * name alone after them stays a phrase ("heard Big Ben chime", "the Union Jack").
 */
function skipPlainWords(toks: Tok[], i: number, c: Chunk): number {
  let j = i;
  while (j < c.to && isPlainWord(tokAt(toks, j))) j++;
  const first = tokAt(toks, j);
  if (j === i || j === c.to || !(first.kind === 'name' || first.kind === 'rare')) return i;
  return hasSurname(toks, j, c) && !hasPlainWord(toks, j + 1, c.to) ? j : i;
}

const isPlainWord = (tok: Tok): boolean =>
  tok.shape === 'title' && tok.isWord && tok.kind === undefined && !isCommonSurname(tok.fold);

const FIRM_AFTER = /^,? ?& ?(?:Co\b|Company|Sons?\b|Partners|Associates|Brothers|Bros\b)/;

/** A place or organisation: "Port Edward", "73 Emily Place", "Gordon Street", "Costa Rica". */
function isPlaceOrOrg(text: string, toks: Tok[], i: number, c: Chunk): boolean {
  const first = tokAt(toks, i);
  if (PLACE_PREFIXES.has(first.fold) || PLACE_PREFIXES.has(tokAt(toks, c.from).fold)) return true;
  const start = tokAt(toks, c.from).start;
  // A number before it is an address ("73 Emily Place"), as is a street word ("via Raffaele Conforti").
  if (/\d[\s,]*$/.test(text.slice(Math.max(0, start - 8), start))) return true;
  const prev = toks[c.from - 1];
  if (prev && /^\.?\s$/.test(text.slice(prev.end, start)) && PLACE_PREFIXES.has(prev.fold)) return true;
  for (let j = i + 1; j <= c.to; j++) if (PLACE_ORG_WORDS.has(tokAt(toks, j).fold)) return true;
  // "Hyde Park", "Carnegie Hall", but "Emily Park", "Albert Hall" (a popular given name first).
  const popular = first.kind === 'name' || first.kind === 'word';
  if (i < c.to && !popular && SURNAME_PLACE_WORDS.has(tokAt(toks, c.to).fold)) return true;
  // A lower-case place or organisation noun right after: "Tate Modern museum", "Thai place";
  // or a product's capitals: "Zookeeper AI".
  const after = toks[c.to + 1];
  const gap = after ? text.slice(tokAt(toks, c.to).end, after.start) : '';
  if (after && gap === ' ' && (after.shape === 'lower' ? PLACE_ORG_WORDS : PRODUCT_AFTER).has(after.fold))
    return true;
  // "H. J. Wilson & Company", "Dombey & Son": a firm.
  if (FIRM_AFTER.test(text.slice(tokAt(toks, c.to).end, tokAt(toks, c.to).end + 16))) return true;
  if (i === c.to && afterOrgNoun(wordsBefore(text, toks, i))) return true;
  return i < c.to && isCountryPair(first.fold, tokAt(toks, i + 1).fold);
}

/**
 * A thing named like a person, when no context says otherwise: an eponym ("Taylor series",
 * "Kelvin's theorem"); after a possessive, a word that is not a given name alone ("Spongebob's
 * Magic Conch Shell", "a friend's Great Dane"); after an article, a title ("The Great Gatsby",
 * "the Tate Modern", "the Pax Romana") rather than "the John Smith I met".
 */
function namesThing(text: string, toks: Tok[], i: number, c: Chunk): boolean {
  const last = tokAt(toks, c.to);
  const after = text.slice(last.end, last.end + 20);
  if (EPONYM_AFTER.test(after) || DAY_AFTER_POSSESSIVE.test(after)) return true;
  const first = tokAt(toks, i);
  const prev = toks[c.from - 1];
  const possessive =
    prev?.possessive && !CONTRACTED.has(prev.fold) && text.slice(prev.end, first.start).length === 3;
  if (possessive && !isKnownName(first)) return true;
  const opener = i > c.from ? tokAt(toks, i - 1).fold : '';
  if (i === c.to || !(ARTICLES.has(opener) || afterArticle(wordsBefore(text, toks, c.from)))) return false;
  return first.kind !== 'name' || hasPlainWord(toks, i + 1, c.to);
}

/** Words whose "'s" is "is" or "has", not a possessive: "here's Božica's address". */
const CONTRACTED = new Set(
  'here there it that what who where when how he she let this everyone everybody someone somebody'.split(' '),
);

/** Context before token `k` that marks a person whatever the word: "my name is", "starring". */
function hasStrongContext(text: string, toks: Tok[], k: number, lowercase: boolean): boolean {
  const before = wordsBefore(text, toks, k);
  if (introduces(before) || namesRole(before)) return true;
  return !lowercase && (selfIntroduces(before) || credits(before));
}

/**
 * Weaker cues: "Hi X", "X's husband" for any name-like word; "Ask X", "X, can you" for a given
 * name alone; "X said", "said X" only for one that is not also a common word ("You said", "said
 * Hello", "the Sun, who").
 */
function hasWeakContext(text: string, toks: Tok[], i: number, c: Chunk): boolean {
  const first = tokAt(toks, i);
  const word = first.isWord;
  if (word && first.kind === undefined) return false;
  const last = tokAt(toks, c.to);
  const after = text.slice(last.end, last.end + 40);
  if (last.possessive && PERSONAL_AFTER_POSSESSIVE.test(after)) return true;
  const before = wordsBefore(text, toks, i);
  if (greets(before)) return true;
  // Only for a given name alone: "Ask Will Power questions", "call Redis" stay unread.
  const alone = i === c.to && first.shape === 'title' && first.kind !== undefined;
  if (alone && (objectOfPersonVerb(before) || isAddressed(text, first))) return true;
  return !word && (SPEECH_AFTER.test(after) || speechBefore(before) || addressedTo(before));
}

function countNameWords(toks: Tok[], i: number, c: Chunk): number {
  let n = 0;
  for (let j = i; j <= c.to; j++) if (!PARTICLES.has(tokAt(toks, j).fold)) n++;
  return n;
}

/** In all-lowercase text: a popular given name, or context; alone, not "the rae", "in paris", "rae 101". */
function decideLowercase(text: string, toks: Tok[], i: number, c: Chunk, context: boolean): boolean {
  const first = tokAt(toks, i);
  if (context || hasWeakContext(text, toks, i, c)) return true;
  if (first.kind !== 'name') return false;
  if (i < c.to) return true;
  const before = wordsBefore(text, toks, i);
  if (afterArticle(before) || afterPlacePreposition(before)) return false;
  return !/^\.?\s?\d/.test(text.slice(first.end, first.end + 3));
}

/** Whether the chunk's words from `i` on are a person, given the evidence. */
function decide(text: string, toks: Tok[], i: number, c: Chunk, lowercase: boolean, ev: Evidence): boolean {
  const first = tokAt(toks, i);
  const kind = first.kind;
  if (NEVER_NAME.has(first.fold) || (FUNCTION_WORDS.has(first.fold) && !MODALS.has(first.fold))) return false;
  if (lowercase) return decideLowercase(text, toks, i, c, ev.context);
  if (first.shape === 'upper') return isKnownName(first) && i < c.to;
  if (first.shape === 'initial') return initialsThenSurname(text, toks, i, c);
  if (first.shape !== 'title') return false;
  // "Mr. Fletcher", "Dr. Stone": after a courtesy title a word is a surname; "Mr. President" is not.
  if (ev.courtesy) return !ROLE_TITLES.has(first.fold);
  // After "my name is" or "starring", a less common word alone is still a name ("starring Morrow").
  if (ev.context && i === c.to && first.isRareWord) return true;
  // A greeting or speech verb does not make a place or brand a person: "Hey Siri", "Hi Claude".
  const weak = kind !== 'place' && hasWeakContext(text, toks, i, c);
  if (ev.context || weak) return kind !== undefined || !first.isWord;
  // In a title-case line capitals prove nothing: a given name and surname-like words only.
  if (ev.headings.has(i)) return i < c.to && isKnownName(first) && !hasPlainWord(toks, i + 1, c.to);
  if (i < c.to) return isKnownName(first) || (kind !== undefined && hasSurname(toks, i, c));
  // One word alone: not "in London", "the Rock"; a word-name ("Jack") only mid-sentence; a city
  // ("Sydney") only with context.
  const before = wordsBefore(text, toks, i);
  if (afterArticle(before) || afterPlacePreposition(before) || kind === 'city') return false;
  if (isWordName(first) && FIGURE_AFTER.test(text.slice(first.end, first.end + 24))) return false;
  // A Cyrillic or Greek word alone meets the name lists only through transliteration, and there
  // is no word list in those languages to say it is also a word ("Дом", "Вера"): it needs a
  // surname or context.
  if (isTransliterated(first.text)) return false;
  return isKnownName(first) || (kind === 'word' && !isSentenceStart(text, first.start));
}

/**
 * "J. Smith", "J. R. R. Tolkien": initials, then a surname, a given name or a capitalised word that
 * is no English word. "U.S. Army", "J. Crew" and "A. Introduction" end in a plain word.
 */
function initialsThenSurname(text: string, toks: Tok[], i: number, c: Chunk): boolean {
  let j = i;
  while (j < c.to && tokAt(toks, j).shape === 'initial') j++;
  const last = tokAt(toks, j);
  if (j === i || j !== c.to || last.shape !== 'title') return false;
  if (isCommonSurname(last.fold) || isKnownName(last)) return true;
  // Without full stops a letter may be a word of chat: "U Tryna dance".
  return !last.isWord && text[tokAt(toks, j - 1).end] === '.';
}

/** A word from `from` to `to` that is an English word and no name: "Bone Morphogenetic Protein". */
function hasPlainWord(toks: Tok[], from: number, to: number): boolean {
  for (let j = from; j <= to; j++) {
    const tok = tokAt(toks, j);
    if (tok.isWord && tok.kind === undefined && !isCommonSurname(tok.fold)) return true;
  }
  return false;
}

/** What speaks for a person: context ("my name is", a title), a courtesy title, the line's case. */
interface Evidence {
  context: boolean;
  courtesy: boolean;
  headings: TitleCaseLines;
}

function candidate(
  text: string,
  toks: Tok[],
  c: Chunk,
  lowercase: boolean,
  headings: TitleCaseLines,
): Candidate {
  let { i, titled, courtesy } = skipTitles(toks, c);
  // After "my name is" a capitalised word is the name even if it is also a word ("Crystal Grant").
  const strong = titled || hasStrongContext(text, toks, c.from, lowercase);
  if (!lowercase && !strong) {
    const opened = skipOpener(text, toks, i, c);
    // Titles after an opener: "Ask Mr. Fletcher".
    if (opened > i && opened <= c.to) ({ i, titled, courtesy } = skipTitles(toks, c, opened));
    else i = opened;
  }
  const none = {
    from: Math.min(i, c.to),
    to: c.to,
    person: false,
    byContext: false,
    knownName: false,
    wordName: false,
  };
  if (i > c.to) return { ...none, place: false };
  if (!titled && (isPlaceOrOrg(text, toks, i, c) || countNameWords(toks, i, c) > 4))
    return { ...none, place: true };
  if (!titled && !strong && !lowercase) i = skipPlainWords(toks, i, c);
  const first = tokAt(toks, i);
  const context = strong || titled || (i > c.from && hasStrongContext(text, toks, i, lowercase));
  if (!context && namesThing(text, toks, i, c)) return { ...none, place: true };
  // "our Cassandra cluster", "Ruby 3.2", "write it in Ruby or Julia" (person-tech.ts).
  if (!context && namesTechnology(text, toks, i, c, lowercase)) return { ...none, from: i, place: true };
  return {
    from: i,
    to: c.to,
    person: decide(text, toks, i, c, lowercase, { context, courtesy, headings }),
    place: false,
    byContext: context,
    knownName: first.kind === 'name' || (first.kind === 'rare' && !lowercase),
    wordName: isWordName(first),
  };
}

function toSpan(text: string, toks: Tok[], c: Candidate): PiiSpan {
  const last = tokAt(toks, c.to);
  // "Jr." and "Sr." keep their full stop.
  const end = (last.fold === 'jr' || last.fold === 'sr') && text[last.end] === '.' ? last.end + 1 : last.end;
  return {
    start: tokAt(toks, c.from).start,
    end,
    type: 'PERSON',
    score: c.byContext || c.to > c.from ? 0.85 : 0.7,
  };
}

/**
 * No-break spaces (copied from web pages and word processors, French typography) join a name's words
 * as a space does: "Richard\u00a0Bryndísardóttir" is one name, not "Richard" and a leaked surname.
 * One code unit for one, so offsets are the caller's.
 */
const NO_BREAK_SPACES = /[\u00a0\u2007\u202f]/g;

export function detectPersons(input: string): PiiSpan[] {
  const text = input.replace(NO_BREAK_SPACES, ' ');
  const toks = tokenize(text);
  const lowercase = !/\p{Lu}/u.test(text);
  const headings = new TitleCaseLines(text, toks);
  const cands = chunks(text, toks, lowercase).map((c) => candidate(text, toks, c, lowercase, headings));
  resolveLists(text, toks, cands, lowercase);
  const spans = joinInvertedNames(
    text,
    cands.filter((c) => c.person).map((c) => toSpan(text, toks, c)),
  );
  return withOtherNames(text, toks, spans, lowercase);
}
